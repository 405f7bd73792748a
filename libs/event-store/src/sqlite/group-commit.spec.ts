import type { Outcome } from './group-commit';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  function recordingCommit(
    outcome: (request: string) => Outcome<string> = (request) => ({ ok: true, value: `done ${request}` }),
  ) {
    const groups: string[][] = [];
    const groupCommit = new GroupCommit<string, string>((requests) => {
      groups.push(requests);
      return requests.map(outcome);
    });
    return { groups, groupCommit };
  }

  it('commits the requests submitted in one event-loop turn together, in order', async () => {
    const { groups, groupCommit } = recordingCommit();

    const results = await Promise.all(['a', 'b', 'c'].map((request) => groupCommit.submit(request)));

    expect(groups).toEqual([['a', 'b', 'c']]);
    expect(results).toEqual(['done a', 'done b', 'done c']);
  });

  it('starts a new group for requests submitted after a commit', async () => {
    const { groups, groupCommit } = recordingCommit();

    await groupCommit.submit('a');
    await Promise.all([groupCommit.submit('b'), groupCommit.submit('c')]);

    expect(groups).toEqual([['a'], ['b', 'c']]);
  });

  it('answers each caller with its own outcome', async () => {
    const conflict = new Error('conflict');
    const { groupCommit } = recordingCommit((request) =>
      request === 'bad' ? { ok: false, error: conflict } : { ok: true, value: request },
    );

    const outcomes = await Promise.allSettled(['good', 'bad', 'fine'].map((request) => groupCommit.submit(request)));

    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'good' },
      { status: 'rejected', reason: conflict },
      { status: 'fulfilled', value: 'fine' },
    ]);
  });

  it('rejects every caller of the group when the commit itself fails', async () => {
    const diskFull = new Error('disk full');
    const groupCommit = new GroupCommit<string, string>(() => {
      throw diskFull;
    });

    const outcomes = await Promise.allSettled([groupCommit.submit('a'), groupCommit.submit('b')]);

    expect(outcomes).toEqual([
      { status: 'rejected', reason: diskFull },
      { status: 'rejected', reason: diskFull },
    ]);
  });

  it('commits waiting requests at once on flush()', async () => {
    const { groups, groupCommit } = recordingCommit();
    const pending = groupCommit.submit('a');

    groupCommit.flush();

    expect(groups).toEqual([['a']]);
    await expect(pending).resolves.toBe('done a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toHaveLength(1);
  });

  describe('with a file locked by another process', () => {
    const locked = new Error('SQLITE_BUSY');
    const isLocked = (error: unknown) => error === locked;

    it('tries again off the event loop, together with what arrived meanwhile, until the lock is free', async () => {
      const groups: string[][] = [];
      let busyAttempts = 2;
      const groupCommit = new GroupCommit<string, string>(
        (requests) => {
          groups.push(requests);
          if (busyAttempts-- > 0) throw locked;
          return requests.map((request) => ({ ok: true, value: `done ${request}` }));
        },
        { retryWhen: isLocked, retryForMs: 1000 },
      );
      const first = groupCommit.submit('a');
      await new Promise((resolve) => setImmediate(resolve));
      const second = groupCommit.submit('b');

      expect(await Promise.all([first, second])).toEqual(['done a', 'done b']);
      expect(groups[0]).toEqual(['a']);
      expect(groups[groups.length - 1]).toEqual(['a', 'b']);
      expect(groups).toHaveLength(3);
    });

    it('gives up with the error once the oldest request has waited retryForMs', async () => {
      const groupCommit = new GroupCommit<string, string>(
        () => {
          throw locked;
        },
        { retryWhen: isLocked, retryForMs: 30 },
      );
      const started = Date.now();
      await expect(groupCommit.submit('a')).rejects.toBe(locked);
      expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    });

    it('does not retry other errors', async () => {
      let attempts = 0;
      const broken = new Error('disk I/O error');
      const groupCommit = new GroupCommit<string, string>(
        () => {
          attempts++;
          throw broken;
        },
        { retryWhen: isLocked, retryForMs: 1000 },
      );
      await expect(groupCommit.submit('a')).rejects.toBe(broken);
      expect(attempts).toBe(1);
    });
  });
});
