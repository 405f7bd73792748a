import type { EventStore, NewEvent, StreamAppend } from '@roster/event-store';
import { createdAtOf, parentOf, personOf, TENANT, userIdOf } from './dataset';

const BATCH_USERS = 10_000;
/** What the user-service writes today (USER_EVENT_SCHEMA_VERSION); spelled out so a change there shows up here. */
const SCHEMA_VERSION = 1;

/**
 * The events CreateUserHandler appends for a user created without user name or password: `UserCreated`,
 * then `ParentLinked` when a parent was given, in the user's own stream that must not exist yet.
 */
export function userCreation(index: number): StreamAppend {
  const userId = userIdOf(index);
  const at = createdAtOf(index);
  const parent = parentOf(index);
  const metadata = { schemaVersion: SCHEMA_VERSION, tenantId: TENANT };
  const events: NewEvent[] = [
    {
      type: 'UserCreated',
      data: {
        userId,
        tenantId: TENANT,
        userType: parent === null && index !== 0 ? 'CITIZEN' : 'EMPLOYEE',
        userName: null,
        profile: personOf(index),
        at,
      },
      metadata,
    },
  ];
  if (parent !== null) {
    events.push({
      type: 'ParentLinked',
      data: { userId, parentId: userIdOf(parent), previousParentId: null, at },
      metadata,
    });
  }
  return { stream: `user-${userId}`, events, expectedRevision: 'no_stream' };
}

/** Appends users [from, to) straight into the event store, BATCH_USERS streams per atomic append. Returns the events written. */
export async function appendUsers(store: EventStore, from: number, to: number): Promise<number> {
  let events = 0;
  for (let start = from; start < to; start += BATCH_USERS) {
    const appends: StreamAppend[] = [];
    for (let index = start; index < Math.min(to, start + BATCH_USERS); index++) appends.push(userCreation(index));
    await store.appendMany(appends);
    events += appends.reduce((sum, append) => sum + append.events.length, 0);
  }
  return events;
}
