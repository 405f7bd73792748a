import { userStream } from '@roster/domain';
import {
  parentLinked,
  parentUnlinked,
  profileUpdated,
  readAfterErasure,
  recorded,
  userCreated,
  userEvent,
  userId,
} from './testing/fixtures';
import type { UserView } from './user-view';
import { projectUserEvent, userEventOf } from './user-view.projection';

describe('user view projection', () => {
  const [child, parent, grandparent] = [1, 2, 3].map(userId);
  const noViews = () => null;
  const create = (id = child) =>
    projectUserEvent(null, userCreated({ userId: id, firstName: 'Ada', lastName: 'Lovelace' }), 0, noViews) as UserView;

  describe('userEventOf', () => {
    it('gives the user and the domain event of a user stream', () => {
      const event = userCreated({ userId: child });
      expect(userEventOf(recorded(userStream(child), 0, 1n, event))).toEqual({ userId: child, event });
    });

    it('skips other streams and unknown event types', () => {
      expect(userEventOf(recorded('username-t-CITIZEN-ada', 0, 1n, { type: 'UserNameReserved', data: {} }))).toBeNull();
      expect(userEventOf(recorded(userStream(child), 0, 1n, { type: 'SomethingNew', data: {} }))).toBeNull();
    });

    it('skips an event read after its user was erased, but never the UserErased itself', () => {
      const created = recorded(userStream(child), 0, 1n, userCreated({ userId: child }));
      expect(userEventOf(readAfterErasure(created))).toBeNull();
      const erased = userEvent(child, 'UserErased', { tenantId: 't', userType: 'CITIZEN', numericId: 7 });
      const erasure = recorded(userStream(child), 1, 2n, erased);
      expect(userEventOf(readAfterErasure(erasure))).toEqual({ userId: child, event: erased });
    });
  });

  it('creates a root view at the event revision', () => {
    expect(create()).toMatchObject({
      id: child,
      firstName: 'Ada',
      middleName: null,
      parentId: null,
      ancestors: [],
      depth: 0,
      revision: 0,
    });
  });

  it('applies profile changes through the domain evolve and keeps the place in the hierarchy', () => {
    const linked = { ...create(), parentId: parent, ancestors: [grandparent, parent], depth: 2 };
    const updated = projectUserEvent(
      linked,
      profileUpdated(child, { lastName: 'King', email: 'a@k.test' }, '2024-02-01T00:00:00.000Z'),
      1,
      noViews,
    );

    expect(updated).toMatchObject({
      lastName: 'King',
      email: 'a@k.test',
      ancestors: [grandparent, parent],
      depth: 2,
      revision: 1,
      updatedAt: '2024-02-01T00:00:00.000Z',
    });
  });

  it('places a linked user below its parent, from the ancestors the lookup knows', () => {
    const lookup = (id: string) => (id === parent ? [grandparent] : null);

    expect(projectUserEvent(create(), parentLinked(child, parent, null), 1, lookup)).toMatchObject({
      parentId: parent,
      ancestors: [grandparent, parent],
      depth: 2,
    });
    expect(projectUserEvent(create(), parentLinked(child, grandparent, null), 1, lookup)).toMatchObject({
      ancestors: [grandparent],
      depth: 1,
    });
  });

  it('makes an unlinked user a root', () => {
    const linked = { ...create(), parentId: parent, ancestors: [parent], depth: 1 };
    expect(projectUserEvent(linked, parentUnlinked(child, parent), 1, noViews)).toMatchObject({
      parentId: null,
      ancestors: [],
      depth: 0,
    });
  });

  it('returns the current view itself for an event already reflected', () => {
    const current = create();
    expect(projectUserEvent(current, profileUpdated(child, { firstName: 'Old' }), 0, noViews)).toBe(current);
  });

  it('gives no view for the erasure of a user, nor for one it never had', () => {
    const erasure = userEvent(child, 'UserErased', { tenantId: 't', userType: 'CITIZEN', numericId: null });
    expect(projectUserEvent(create(), erasure, 1, noViews)).toBeNull();
    expect(projectUserEvent(null, erasure, 1, noViews)).toBeNull();
  });

  it('gives no view for an event of a user never created', () => {
    expect(projectUserEvent(null, profileUpdated(child, { firstName: 'X' }), 1, noViews)).toBeNull();
  });

  it('drops the password hash of PasswordChanged and keeps only when it was set', () => {
    const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
    const changed = projectUserEvent(
      create(),
      userEvent(child, 'PasswordChanged', { passwordHash: hash, reason: 'set' }, '2024-03-01T00:00:00.000Z'),
      1,
      noViews,
    );

    expect(changed).toMatchObject({ passwordChangedAt: '2024-03-01T00:00:00.000Z', revision: 1 });
    expect(JSON.stringify(changed)).not.toContain(hash);
  });

  it('records a login failure only as a new revision: no field and no change time moves', () => {
    const current = create();
    const failed = projectUserEvent(
      current,
      userEvent(child, 'LoginFailed', {}, '2024-03-01T00:00:00.000Z'),
      1,
      noViews,
    );

    expect(failed).toEqual({ ...current, revision: 1 });
  });

  it('carries roles, activation and the lock time from the domain state', () => {
    const roles = [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }];
    let view = projectUserEvent(
      create(),
      userEvent(child, 'RolesChanged', { roles, by: parent }),
      1,
      noViews,
    ) as UserView;
    view = projectUserEvent(view, userEvent(child, 'UserDeactivated', {}), 2, noViews) as UserView;
    view = projectUserEvent(
      view,
      userEvent(child, 'AccountLocked', { until: '2024-03-01T01:00:00.000Z' }),
      3,
      noViews,
    ) as UserView;

    expect(view).toMatchObject({ roles, active: false, lockedUntil: '2024-03-01T01:00:00.000Z', revision: 3 });
  });
});
