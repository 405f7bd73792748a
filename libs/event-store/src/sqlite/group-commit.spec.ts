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
});
