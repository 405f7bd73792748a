import { TENANT, UserEventLog, userId } from '../testing/fixtures';
import type { UserView } from '../user-view';
import { movedPath, projectBatch, userIdsReadBy } from './batch-projection';

// A ← B ← C;  X
const [A, B, C, X] = [1, 2, 3, 10].map(userId);

/** The views a log leaves, projected from nothing. */
function viewsOf(log: UserEventLog): Map<string, UserView> {
  const ids = userIdsReadBy(log.events);
  const { views } = projectBatch(log.events, new Map(ids.map((id) => [id, null])));
  return new Map(views.map((view) => [view.id, view]));
}

describe('userIdsReadBy', () => {
  it('names the user of each event and each parent linked to, skipping other streams', () => {
    const log = new UserEventLog();
    log.create({ userId: A });
    log.other('username-x', 'UserNameReserved');
    log.create({ userId: B, parentId: A });

    expect(userIdsReadBy(log.events).sort()).toEqual([A, B]);
    expect(userIdsReadBy(log.events.slice(-1))).toEqual([B, A]);
  });
});

describe('projectBatch', () => {
  let log: UserEventLog;
  let stored: Map<string, UserView>;

  beforeEach(() => {
    log = new UserEventLog();
    log.create({ userId: A });
    log.create({ userId: B, parentId: A });
    log.create({ userId: C, parentId: B });
    log.create({ userId: X });
    stored = viewsOf(log);
  });

  /** Projects the events appended since `mark` on the stored views, loading what the batch reads. */
  function projectSince(mark: number) {
    const batch = log.since(mark);
    const loaded = new Map(userIdsReadBy(batch).map((id) => [id, stored.get(id) ?? null]));
    return projectBatch(batch, loaded);
  }

  it('projects users first seen in the batch with no stored subtree to move, though they were linked', () => {
    expect(stored.get(C)).toMatchObject({ ancestors: [A, B], depth: 2 });
    const fresh = new UserEventLog();
    fresh.create({ userId: A });
    fresh.create({ userId: B, parentId: A });
    expect(
      projectBatch(
        fresh.events,
        new Map([
          [A, null],
          [B, null],
        ]),
      ).moves,
    ).toEqual([]);
  });

  it('moves the stored subtree of a stored user whose parent changed', () => {
    const mark = log.events.length;
    log.link(B, X);

    const { views, moves } = projectSince(mark);

    expect(views.map((view) => [view.id, view.ancestors])).toEqual([[B, [X]]]);
    expect(moves).toEqual([{ tenantId: TENANT, fromPrefix: `${A}/${B}/`, toPrefix: `${X}/${B}/`, depthShift: 0 }]);
  });

  it('re-roots in memory a loaded view the batch changes after the move', () => {
    const mark = log.events.length;
    log.unlink(B);
    log.update(C, { firstName: 'Later' });

    const { views, moves } = projectSince(mark);

    expect(views.find((view) => view.id === C)).toMatchObject({ firstName: 'Later', ancestors: [B], depth: 1 });
    expect(moves).toEqual([{ tenantId: TENANT, fromPrefix: `${A}/${B}/`, toPrefix: `${B}/`, depthShift: -1 }]);
  });

  it('changes nothing when the batch is already reflected', () => {
    const { views, moves } = projectBatch(log.events, new Map([A, B, C, X].map((id) => [id, stored.get(id) ?? null])));
    expect(views).toEqual([]);
    expect(moves).toEqual([]);
  });

  it('fails loudly when the batch reads a user it did not load', () => {
    const mark = log.events.length;
    log.link(C, X);
    expect(() => projectBatch(log.since(mark), new Map([[C, stored.get(C) ?? null]]))).toThrow(`read user ${X}`);
  });
});

describe('movedPath', () => {
  it('swaps the old subtree prefix for the new one', () => {
    expect(movedPath('a/b/c/', { tenantId: TENANT, fromPrefix: 'a/b/', toPrefix: 'x/y/b/', depthShift: 1 })).toBe(
      'x/y/b/c/',
    );
  });
});
