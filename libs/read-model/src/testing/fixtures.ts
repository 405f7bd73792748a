import { randomUUID } from 'node:crypto';
import type {
  ParentLinked,
  ParentUnlinked,
  Profile,
  ProfileChanges,
  ProfileUpdated,
  Role,
  UserCreated,
  UserEvent,
  UserType,
} from '@roster/domain';
import { userStream } from '@roster/domain';
import type { Position, RecordedEvent } from '@roster/event-store';
import { PERSONAL_DATA_ERASED } from '@roster/personal-data';

export const TENANT = 'tenant-a';
export const OTHER_TENANT = 'tenant-b';

const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

/** What a view shows for a user created with a name only, beyond the fields the nCore face knew. */
export const UNSET_EGOV_FIELDS = {
  salutation: null,
  altContactNumber: null,
  fatherOrHusbandName: null,
  relationship: null,
  bloodGroup: null,
  pan: null,
  aadhaarNumber: null,
  permanentAddress: null,
  permanentCity: null,
  permanentPinCode: null,
  correspondenceAddress: null,
  correspondenceCity: null,
  correspondencePinCode: null,
  locale: null,
  signature: null,
  photo: null,
  identificationMark: null,
  alternateMobileNumber: null,
  roles: [],
  active: true,
  lockedUntil: null,
  passwordChangedAt: null,
  otpVerified: false,
  createdBy: null,
  lastModifiedBy: null,
  numericId: null,
} as const;

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
  /** Absent: the user is created as before numeric ids existed. */
  numericId?: number;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  mobile?: string | null;
  /** Any other profile fields (the egov set). */
  profile?: Partial<Profile>;
  roles?: Role[];
  active?: boolean;
  by?: string | null;
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
      ...(fields.numericId !== undefined && { numericId: fields.numericId }),
      profile: {
        ...fields.profile,
        firstName: fields.firstName ?? 'Test',
        lastName: fields.lastName ?? 'User',
        email: fields.email ?? null,
        mobile: fields.mobile ?? null,
      },
      ...(fields.roles !== undefined && { roles: fields.roles }),
      ...(fields.active !== undefined && { active: fields.active }),
      ...(fields.by !== undefined && { by: fields.by }),
      at: fields.at ?? instant(0),
    },
  };
}

export function profileUpdated(userId: string, changes: ProfileChanges, at = instant(0)): ProfileUpdated {
  return { type: 'ProfileUpdated', data: { userId, changes, at } };
}

/** The data of a user event of a type, without the `userId` and `at` the fixtures fill in. */
export type UserEventData<Type extends UserEvent['type']> = Omit<
  Extract<UserEvent, { type: Type }>['data'],
  'userId' | 'at'
>;

/** A user event of any type, its `userId` and `at` filled in. */
export function userEvent<Type extends UserEvent['type']>(
  userId: string,
  type: Type,
  data: UserEventData<Type>,
  at = instant(0),
): UserEvent {
  return { type, data: { ...data, userId, at } } as UserEvent;
}

export function parentLinked(
  userId: string,
  parentId: string,
  previousParentId: string | null,
  at = instant(0),
): ParentLinked {
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
 * The personal fields of event data and what they read as once their subject's key is destroyed — as the
 * encrypting event store hands such an event out (with `metadata.personalDataErased`).
 */
const ERASED_FIELD_VALUES: Record<string, unknown> = {
  userName: null,
  profile: {},
  changes: {},
  mobileNumber: '',
  passwordHash: null,
};

/** An event as it is read after its subject was erased: its personal fields emptied, and the metadata flag set. */
export function readAfterErasure(record: RecordedEvent): RecordedEvent {
  const data: Record<string, unknown> = { ...record.data };
  for (const [field, emptied] of Object.entries(ERASED_FIELD_VALUES)) if (field in data) data[field] = emptied;
  return { ...record, data, metadata: { ...record.metadata, [PERSONAL_DATA_ERASED]: true } };
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

  /**
   * Erases a user (a UserErased, as DELETE /users/{id} appends it). `log.events` stays as written; the log as
   * read afterwards, its personal data unreadable, is `readAfterErasureOf`.
   */
  erase(
    userId: string,
    fields: { tenantId?: string; userType?: UserType; numericId?: number | null } = {},
  ): RecordedEvent {
    return this.record(userId, 'UserErased', {
      tenantId: fields.tenantId ?? TENANT,
      userType: fields.userType ?? 'CITIZEN',
      numericId: fields.numericId ?? null,
    });
  }

  /** The log as read once `userIds` were erased: their events before the UserErased come back emptied and flagged. */
  readAfterErasureOf(...userIds: string[]): RecordedEvent[] {
    const erasedStreams = new Set(userIds.map(userStream));
    return this.events.map((record) =>
      erasedStreams.has(record.stream) && record.type !== 'UserErased' ? readAfterErasure(record) : record,
    );
  }

  /** Any other event of a user's stream (roles, password, activation, logins, locks). */
  record<Type extends UserEvent['type']>(userId: string, type: Type, data: UserEventData<Type>): RecordedEvent {
    return this.append(userStream(userId), userEvent(userId, type, data, this.tick()));
  }

  /** The instant the next event will carry. */
  nextInstant(): string {
    return instant(this.seconds + 1);
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
