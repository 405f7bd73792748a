import { hash as hashBcrypt } from '@node-rs/bcrypt';
import { readdirSync, readFileSync } from 'node:fs';
import { ARGON2ID_OPTIONS, Argon2idPasswordHasher } from './argon2id-password-hasher';
import { HASHING_NICENESS, HashingThreads } from './hashing-threads';

/** The nice value of every thread of this process, by thread id (Linux: field 19 of /proc/self/task/<tid>/stat). */
function niceValuesOfThreads(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    values.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return values;
}

describe('Argon2idPasswordHasher', () => {
  const hasher = new Argon2idPasswordHasher();
  afterAll(() => hasher.onModuleDestroy());

  it('hashes with argon2id at OWASP parameters and a fresh salt each time', async () => {
    const first = await hasher.hash('Secret@123');
    const second = await hasher.hash('Secret@123');

    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('Secret@123');
  });

  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const stored = await hasher.hash('Secret@123');

    expect(await hasher.verify(stored, 'Secret@123')).toBe(true);
    expect(await hasher.verify(stored, 'secret@123')).toBe(false);
    expect(await hasher.verify('not a hash', 'Secret@123')).toBe(false);
  });

  it("verifies egov-user's BCrypt hashes ($2a$, $2b$, $2y$) and asks for them to be re-hashed", async () => {
    // Spring's BCryptPasswordEncoder output for 'Secret@123' is a $2a$10$ hash like this one.
    const bcrypt = (await hashBcrypt('Secret@123', 10)).replace(/^\$2[aby]\$/, '$2a$');
    expect(bcrypt).toMatch(/^\$2a\$10\$/);

    for (const stored of [bcrypt, bcrypt.replace('$2a$', '$2b$'), bcrypt.replace('$2a$', '$2y$')]) {
      expect(await hasher.verify(stored, 'Secret@123')).toBe(true);
      expect(await hasher.verify(stored, 'Secret@124')).toBe(false);
      expect(hasher.needsRehash(stored)).toBe(true);
    }
    expect(await hasher.verify(bcrypt.slice(0, 40), 'Secret@123')).toBe(false);
    expect(hasher.needsRehash(await hasher.hash('Secret@123'))).toBe(false);
  });

  it('answers an unknown user with false after the work of a real verify', async () => {
    const stored = await hasher.hash('Secret@123');
    // Median of three, so one scheduling hiccup on a busy machine does not decide.
    const time = async (work: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let run = 0; run < 3; run++) {
        const start = process.hrtime.bigint();
        await work();
        runs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return runs.sort((a, b) => a - b)[1];
    };
    // Warm up the thread pool so neither side pays for starting it.
    await hasher.verify(stored, 'warm-up');

    const real = await time(() => hasher.verify(stored, 'Wrong@123'));
    const nothing = await time(() => hasher.verifyNothing('Wrong@123'));

    expect(await hasher.verifyNothing('Secret@123')).toBe(false);
    // Same parameters, same work: far closer than the shortcut (no hash at all, well under a millisecond).
    expect(nothing).toBeGreaterThan(real / 4);
  });

  it('leaves the event loop free while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all([hasher.hash('a'), hasher.hash('b'), hasher.hash('c')]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it("hashes on threads below the event loop's priority, so the hashes never keep it from a core", async () => {
    await Promise.all([hasher.hash('a'), hasher.verify(await hasher.hash('b'), 'b')]);
    const threads = niceValuesOfThreads();

    expect([...threads.values()].filter((nice) => nice === HASHING_NICENESS).length).toBeGreaterThan(0);
    expect(threads.get(process.pid)).toBe(0);
  });

  it('lets a pending hash finish, then refuses new ones once closed', async () => {
    const closing = new Argon2idPasswordHasher();
    const pending = closing.hash('Secret@123');
    await expect(pending).resolves.toMatch(/^\$argon2id\$/);
    await closing.onModuleDestroy();
    await expect(closing.hash('Secret@123')).rejects.toThrow('closed');
    expect(await closing.verify(await hasher.hash('Secret@123'), 'Secret@123')).toBe(false);
  });

  it('stops a thread that had no work for a while, and starts one again for the next hash', async () => {
    const threadCount = () => readdirSync('/proc/self/task').length;
    const threads = new HashingThreads(ARGON2ID_OPTIONS, 1, 200);
    try {
      const before = threadCount();
      await threads.run('argon2Hash', 'Secret@123');
      expect(threadCount()).toBeGreaterThan(before);

      for (let waited = 0; threadCount() > before && waited < 5_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(threadCount()).toBe(before);

      await expect(threads.run('argon2Hash', 'Secret@123')).resolves.toMatch(/^\$argon2id\$/);
    } finally {
      await threads.close();
    }
  });
});
