import { randomBytes, randomUUID } from 'node:crypto';
import { EventStoreUnavailableError } from '@roster/event-store';
import type { KeyStore, NewKey, StoredKey } from '../key-store';
import { SubjectErasedError } from '../key-store';

export interface KeyStoreFixture {
  store: KeyStore;
  cleanup(): Promise<void>;
}

/** The behaviour every KeyStore adapter must show. `factory` gives each test a fresh, empty store. */
export function describeKeyStoreContract(name: string, factory: () => Promise<KeyStoreFixture>): void {
  describe(`${name} — key store contract`, () => {
    let store: KeyStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      await cleanup();
    });

    async function storedOf(subject: string): Promise<StoredKey | undefined> {
      return (await store.find([subject])).get(subject);
    }

    describe('find', () => {
      it('leaves a subject it knows nothing of out of the answer', async () => {
        await store.create([newKey('user-1')]);

        const found = await store.find(['user-404', 'user-1']);

        expect([...found.keys()]).toEqual(['user-1']);
        expect(await store.find([])).toEqual(new Map());
      });

      it('answers many subjects at once, each with its own key or erasure', async () => {
        const first = newKey('user-1');
        const second = newKey('user-2');
        await store.create([first, second]);
        await store.destroy('user-3', new Date('2026-01-02T03:04:05.678Z'));

        const found = await store.find(['user-2', 'user-3', 'user-1', 'user-9']);

        expect(found).toEqual(
          new Map<string, StoredKey>([
            ['user-2', live(second)],
            ['user-3', { status: 'erased', erasedAt: new Date('2026-01-02T03:04:05.678Z') }],
            ['user-1', live(first)],
          ]),
        );
      });
    });

    describe('create', () => {
      it('keeps a new key and answers it, with the same wrapped bytes and key-encryption key', async () => {
        const key = newKey('user-1', 'kek-7');

        const created = await store.create([key]);

        expect(created).toEqual(new Map([['user-1', live(key)]]));
        expect(await storedOf('user-1')).toEqual({ status: 'live', wrapped: key.wrapped, kekId: 'kek-7' });
      });

      it('keeps the stored key when the subject already has one, and answers that one', async () => {
        const first = newKey('user-1');
        await store.create([first]);

        const created = await store.create([newKey('user-1'), newKey('user-2')]);

        expect(created.get('user-1')).toEqual(live(first));
        expect(created.get('user-2')?.status).toBe('live');
        expect(await storedOf('user-1')).toEqual(live(first));
      });

      it('keeps the first of two keys for one subject in the same call', async () => {
        const first = newKey('user-1');

        const created = await store.create([first, newKey('user-1')]);

        expect(created).toEqual(new Map([['user-1', live(first)]]));
        expect(await storedOf('user-1')).toEqual(live(first));
      });

      it('gives concurrent creators of one subject the same key: the one stored first', async () => {
        const keys = [newKey('user-1'), newKey('user-1'), newKey('user-1')];

        const answers = await Promise.all(keys.map((key) => store.create([key])));

        const stored = await storedOf('user-1');
        expect(keys.map(live)).toContainEqual(stored);
        for (const answer of answers) expect(answer.get('user-1')).toEqual(stored);
      });

      it('refuses a subject that was erased, writing none of the keys of that call', async () => {
        await store.destroy('user-2', new Date());

        const refused = store.create([newKey('user-1'), newKey('user-2'), newKey('user-3')]);

        await expect(refused).rejects.toThrow(SubjectErasedError);
        await expect(refused).rejects.toMatchObject({ subjects: ['user-2'] });
        const found = await store.find(['user-1', 'user-2', 'user-3']);
        expect([...found.keys()]).toEqual(['user-2']);
        expect(found.get('user-2')?.status).toBe('erased');
      });

      it('fails only the call naming an erased subject when other calls run alongside', async () => {
        await store.destroy('user-erased', new Date());
        const key = newKey('user-1');

        const [refused, created] = await Promise.allSettled([
          store.create([newKey('user-2'), newKey('user-erased')]),
          store.create([key]),
        ]);

        expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(SubjectErasedError) });
        expect(created).toEqual({ status: 'fulfilled', value: new Map([['user-1', live(key)]]) });
        expect(await storedOf('user-2')).toBeUndefined();
      });

      it('keeps its own copy of the bytes: wiping a buffer passed in or handed out leaves the stored key whole', async () => {
        const key = newKey('user-1');
        const original = Buffer.from(key.wrapped);

        const created = await store.create([key]);
        key.wrapped.fill(0);
        const answered = created.get('user-1');
        if (answered?.status === 'live') answered.wrapped.fill(0);
        const found = await storedOf('user-1');
        if (found?.status === 'live') found.wrapped.fill(0);

        expect(await storedOf('user-1')).toEqual({ status: 'live', wrapped: original, kekId: key.kekId });
      });
    });

    describe('destroy', () => {
      it("forgets the subject's key and remembers when it was erased", async () => {
        await store.create([newKey('user-1'), newKey('user-2')]);
        const at = new Date('2026-03-04T05:06:07.089Z');

        await store.destroy('user-1', at);

        expect(await storedOf('user-1')).toEqual({ status: 'erased', erasedAt: at });
        expect((await storedOf('user-2'))?.status).toBe('live');
        await expect(store.create([newKey('user-1')])).rejects.toThrow(SubjectErasedError);
      });

      it('may be repeated: the subject stays erased as of the first erasure', async () => {
        await store.create([newKey('user-1')]);
        const first = new Date('2026-03-04T05:06:07.089Z');

        await store.destroy('user-1', first);
        await store.destroy('user-1', new Date('2026-05-06T07:08:09.010Z'));

        expect(await storedOf('user-1')).toEqual({ status: 'erased', erasedAt: first });
      });

      it('erases a subject that never had a key, so it can never get one later', async () => {
        const at = new Date('2026-03-04T05:06:07.089Z');

        await store.destroy('user-1', at);

        expect(await storedOf('user-1')).toEqual({ status: 'erased', erasedAt: at });
        await expect(store.create([newKey('user-1')])).rejects.toMatchObject({ subjects: ['user-1'] });
      });
    });

    describe('live', () => {
      it('pages through the live keys in subject order, skipping erased subjects', async () => {
        const keys = ['user-c', 'user-a', 'user-e', 'user-b', 'user-d', 'user-f'].map((subject) => newKey(subject));
        await store.create(keys.slice(0, 3));
        await store.create(keys.slice(3));
        await store.destroy('user-b', new Date());
        await store.destroy('user-e', new Date());
        const byName = new Map(keys.map((key) => [key.subject, key]));

        const first = await store.live(null, 2);
        const second = await store.live('user-c', 2);
        const last = await store.live('user-d', 2);

        expect(first).toEqual([byName.get('user-a'), byName.get('user-c')]);
        expect(second).toEqual([byName.get('user-d'), byName.get('user-f')]);
        expect(last).toEqual([byName.get('user-f')]);
        expect(await store.live('user-f', 2)).toEqual([]);
      });

      it('starts after a subject it does not hold', async () => {
        const keys = ['user-a', 'user-c'].map((subject) => newKey(subject));
        await store.create(keys);

        expect(await store.live('user-b', 10)).toEqual([keys[1]]);
      });

      it('answers nothing from an empty store, nor for a limit below one', async () => {
        expect(await store.live(null, 10)).toEqual([]);
        await store.create([newKey('user-a')]);
        expect(await store.live(null, 0)).toEqual([]);
        expect(await store.live(null, -1)).toEqual([]);
      });
    });

    describe('rewrap', () => {
      it("replaces a live key's wrapping and key-encryption key", async () => {
        await store.create([newKey('user-1', 'kek-1'), newKey('user-2', 'kek-1')]);
        const rewrapped = newKey('user-1', 'kek-2');

        await store.rewrap(rewrapped);

        expect(await storedOf('user-1')).toEqual(live(rewrapped));
        expect((await storedOf('user-2')) as { kekId: string }).toMatchObject({ kekId: 'kek-1' });
      });

      it('leaves an erased subject erased and an unknown subject unknown', async () => {
        const at = new Date('2026-03-04T05:06:07.089Z');
        await store.create([newKey('user-1')]);
        await store.destroy('user-1', at);

        await store.rewrap(newKey('user-1', 'kek-2'));
        await store.rewrap(newKey('user-404', 'kek-2'));

        expect(await storedOf('user-1')).toEqual({ status: 'erased', erasedAt: at });
        expect(await storedOf('user-404')).toBeUndefined();
        expect(await store.live(null, 10)).toEqual([]);
      });
    });

    describe('close', () => {
      it('may be repeated, and the store refuses requests afterwards as unavailable', async () => {
        await store.create([newKey('user-1')]);

        await store.close();
        await store.close();

        await expect(store.find(['user-1'])).rejects.toThrow(EventStoreUnavailableError);
        await expect(store.create([newKey('user-2')])).rejects.toThrow(EventStoreUnavailableError);
        await expect(store.destroy('user-1', new Date())).rejects.toThrow(EventStoreUnavailableError);
      });
    });
  });
}

/** A new key with random wrapped bytes: each test's keys are distinguishable from every other's. */
export function newKey(subject: string = randomUUID(), kekId = 'kek-1'): NewKey {
  return { subject, wrapped: randomBytes(60), kekId };
}

function live({ wrapped, kekId }: NewKey): StoredKey {
  return { status: 'live', wrapped, kekId };
}
