import { randomUUID } from 'node:crypto';
import { ParentLinked, ParentUnlinked, ProfileChanges, ProfileUpdated, UserCreated, userStream, UserType } from '@roster/domain';
import { Position, RecordedEvent } from '@roster/event-store';

export const TENANT = 'tenant-a';
export const OTHER_TENANT = 'tenant-b';

const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

/** A fixed, readable UUID per number, so tests know the id order (n = 1 sorts first). */
export function userId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

/** An instant `seconds` after the fixtures' epoch, as an ISO string. */
export function instant(seconds: number): string {
  return new Date(EPOCH + seconds * 1000).toISOString();
}

export interface NewUserFields {
  userId: string;
  tenantId?: string;
  userType?: UserType;
  userName?: string | null;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  mobile?: string | null;
  at?: string;
}

export function userCreated(fields: NewUserFields): UserCreated {
  return {
    type: 'UserCreated',
    data: {
      userId: fields.userId,
      tenantId: fields.tenantId ?? TENANT,
      userType: fields.userType ?? 'CITIZEN',
      userName: fields.userName ?? null,
      profile: {
        firstName: fields.firstName ?? 'Test',
        lastName: fields.lastName ?? 'User',
        email: fields.email ?? null,
        mobile: fields.mobile ?? null,
      },
      at: fields.at ?? instant(0),
    },
  };
}

export function profileUpdated(userId: string, changes: ProfileChanges, at = instant(0)): ProfileUpdated {
  return { type: 'ProfileUpdated', data: { userId, changes, at } };
}

export function parentLinked(userId: string, parentId: string, previousParentId: string | null, at = instant(0)): ParentLinked {
  return { type: 'ParentLinked', data: { userId, parentId, previousParentId, at } };
}

export function parentUnlinked(userId: string, previousParentId: string, at = instant(0)): ParentUnlinked {
  return { type: 'ParentUnlinked', data: { userId, previousParentId, at } };
}

/** An event as the log hands it to a projection. */
export function recorded(
  stream: string,
  revision: number,
  position: Position,
  event: { type: string; data: object },
): RecordedEvent {
  const at = (event.data as { at?: string }).at;
  return {
    id: randomUUID(),
    stream,
    type: event.type,
    revision,
    position,
    data: { ...event.data },
    metadata: {},
    recordedAt: at ? new Date(at) : new Date(EPOCH),
  };
}

/**
 * Writes a log the way the write side would: revisions per stream, rising global positions, a clock that
 * ticks one second per event, and parent links that name the previous parent.
 */
export class UserEventLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly parents = new Map<string, string | null>();
  private seconds = 0;

  /** Creates a user (and links it to `parentId` when given); returns its id. */
  create(fields: Omit<NewUserFields, 'at'> & { parentId?: string }): string {
    this.append(userStream(fields.userId), userCreated({ ...fields, at: this.tick() }));
    this.parents.set(fields.userId, null);
    if (fields.parentId !== undefined) this.link(fields.userId, fields.parentId);
    return fields.userId;
  }

  update(userId: string, changes: ProfileChanges): RecordedEvent {
    return this.append(userStream(userId), profileUpdated(userId, changes, this.tick()));
  }

  link(userId: string, parentId: string): RecordedEvent {
    const previous = this.parents.get(userId) ?? null;
    this.parents.set(userId, parentId);
    return this.append(userStream(userId), parentLinked(userId, parentId, previous, this.tick()));
  }

  unlink(userId: string): RecordedEvent {
    const previous = this.parents.get(userId);
    if (!previous) throw new Error(`fixture: user ${userId} has no parent to unlink`);
    this.parents.set(userId, null);
    return this.append(userStream(userId), parentUnlinked(userId, previous, this.tick()));
  }

  /** An event of a stream no user projection reads (e.g. a userName reservation). */
  other(stream: string, type: string): RecordedEvent {
    return this.append(stream, { type, data: { at: this.tick() } });
  }

  /** The events appended from index `from` on (take `log.events.length` as a mark first). */
  since(from: number): RecordedEvent[] {
    return this.events.slice(from);
  }

  private append(stream: string, event: { type: string; data: object }): RecordedEvent {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    const record = recorded(stream, revision, BigInt(this.events.length + 1), event);
    this.events.push(record);
    return record;
  }

  private tick(): string {
    this.seconds += 1;
    return instant(this.seconds);
  }
}
