import { randomUUID } from 'node:crypto';
import type { Profile, ProfileChanges, UserEvent } from '@roster/domain';
import { USER_EVENT_SCHEMA_VERSION, userStream } from '@roster/domain';
import type { EventStore, RecordedEvent } from '@roster/event-store';
import { PERSONAL_DATA_ERASED } from '@roster/personal-data';

export const TENANT = 'pb.amritsar';

/** Strings that must never appear in anything published; the secrets below carry them. */
export const SECRET_MARKERS = ['hash', 'password', 'otp', 'token'];

/**
 * The secret markers found in a published message: in any key or string of its value and headers, except
 * the event's type name (`PasswordChanged` says that something happened, not what the secret is).
 */
export function secretMarkersIn(message: { value: Buffer | string | null; headers?: object }): string[] {
  // A tombstone (null value) carries nothing.
  const value = (JSON.parse(String(message.value)) ?? {}) as Record<string, unknown>;
  const { type: _type, ...rest } = value;
  const { ce_type: _ceType, ...headers } = (message.headers ?? {}) as Record<string, unknown>;
  const text = JSON.stringify([
    rest,
    Object.entries(headers).map(([name, header]) => [name, String(header)]),
  ]).toLowerCase();
  return SECRET_MARKERS.filter((marker) => text.includes(marker));
}

/**
 * Writes user streams into a real event store the way the user service does (metadata with the payload
 * version and tenant), plus the kinds of events that must not be published as they are.
 */
/**
 * An event as the log hands it out once its user was erased: personal fields emptied, `personalDataErased` set
 * (what the encrypting event store does when the user's key is gone).
 */
export function readAfterErasure(event: RecordedEvent): RecordedEvent {
  const data: Record<string, unknown> = { ...event.data };
  if ('userName' in data) data.userName = null;
  if ('profile' in data) data.profile = {};
  if ('changes' in data) data.changes = {};
  return { ...event, data, metadata: { ...event.metadata, [PERSONAL_DATA_ERASED]: true } };
}

export class UserLog {
  private readonly revisions = new Map<string, number>();
  private readonly parents = new Map<string, string | null>();
  private seconds = 0;

  constructor(private readonly store: EventStore) {}

  async create(profile: Partial<Profile> = {}, userId: string = randomUUID()): Promise<string> {
    const at = this.tick();
    const fullProfile: Profile = { firstName: 'Asha', lastName: 'Kaur', email: 'asha@example.org', ...profile };
    await this.append(userId, {
      type: 'UserCreated',
      data: { userId, tenantId: TENANT, userType: 'CITIZEN', userName: null, profile: fullProfile, at },
    });
    this.parents.set(userId, null);
    return userId;
  }

  update(userId: string, changes: ProfileChanges): Promise<RecordedEvent> {
    return this.append(userId, { type: 'ProfileUpdated', data: { userId, changes, at: this.tick() } });
  }

  link(userId: string, parentId: string): Promise<RecordedEvent> {
    const previousParentId = this.parents.get(userId) ?? null;
    this.parents.set(userId, parentId);
    return this.append(userId, { type: 'ParentLinked', data: { userId, parentId, previousParentId, at: this.tick() } });
  }

  /** The user's erasure, as DELETE /users/{id} appends it (by user 'admin-1'). */
  erase(userId: string, numericId: number | null = 42): Promise<RecordedEvent> {
    return this.append(userId, {
      type: 'UserErased',
      data: { userId, tenantId: TENANT, userType: 'CITIZEN', numericId, by: 'admin-1', at: this.tick() },
    });
  }

  /** An event type the messaging lib does not describe, carrying a secret — like the coming PasswordChanged. */
  passwordChanged(userId: string): Promise<RecordedEvent> {
    return this.append(userId, {
      type: 'PasswordChanged',
      data: { userId, passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', at: this.tick() },
    });
  }

  /** A known event type with fields smuggled in beside and inside its public ones. */
  tamperedUpdate(userId: string): Promise<RecordedEvent> {
    const changes = {
      firstName: 'Ravi',
      password: 'hunter2',
      address: { city: 'Amritsar', otpCode: '123456' },
      lastName: { token: 't' },
    };
    return this.append(userId, {
      type: 'ProfileUpdated',
      data: { userId, changes, passwordHash: 'x', at: this.tick() },
    });
  }

  /** An event of an internal stream (name reservation, API key), which is never published. */
  internal(stream: string): Promise<RecordedEvent> {
    return this.appendTo(stream, { type: 'ApiKeyIssued', data: { tokenHash: 'sha256:abc', at: this.tick() } });
  }

  private append(userId: string, event: UserEvent | { type: string; data: object }): Promise<RecordedEvent> {
    return this.appendTo(userStream(userId), event);
  }

  private async appendTo(stream: string, event: { type: string; data: object }): Promise<RecordedEvent> {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    const metadata = { schemaVersion: USER_EVENT_SCHEMA_VERSION, tenantId: TENANT };
    await this.store.append(
      stream,
      [{ type: event.type, data: { ...event.data }, metadata }],
      revision === 0 ? 'no_stream' : revision - 1,
    );
    this.revisions.set(stream, revision);
    const [recorded] = await this.store.readStream(stream, revision);
    return recorded;
  }

  private tick(): string {
    this.seconds += 1;
    return new Date(Date.UTC(2024, 0, 1) + this.seconds * 1000).toISOString();
  }
}
