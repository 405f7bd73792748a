import { isDeepStrictEqual } from 'node:util';
import type { UserEvent, UserState } from '@roster/domain';
import { evolveUser, initialUserState, PROFILE_FIELDS } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import { publicUserOf } from '@roster/read-model';
import type { HistoryActor, HistoryChanges, HistoryField, UserHistoryEntry } from '@roster/user-service-contract';

/**
 * Login bookkeeping: events that change no data a caller reads, only the counters and proofs of logging in. They
 * appear in a history only when asked for (`include=security`). A lock and an unlock are not among them: they
 * change whether the account may log in, which a caller sees (`locked_until`).
 */
export const SECURITY_EVENT_TYPES: ReadonlySet<string> = new Set<UserEvent['type']>([
  'OtpVerified',
  'LoginFailed',
  'LoginFailuresCleared',
  'PasswordRehashed',
]);

/** The fields a history compares, from the same public shape the read model keeps (so no hash can enter). */
const RECORD_FIELDS = [
  'userType',
  'userName',
  ...PROFILE_FIELDS,
  'parentId',
  'roles',
  'active',
  'lockedUntil',
] as const satisfies readonly HistoryField[];

type FieldValues = Partial<Record<HistoryField, unknown>>;

export interface HistoryOptions {
  includeSecurity: boolean;
}

/**
 * A user's stream as a history, oldest first: each event as the fields whose values it changed (`from` the
 * state before it, `to` the state after it, both folded with evolveUser, so every event type is read exactly
 * as the write side reads it). A creation or an import changes every field it sets from null. A password is
 * reported as `password: 'changed'`, never a value; login bookkeeping only with `includeSecurity`.
 */
export function historyOf(events: readonly RecordedEvent<UserEvent>[], options: HistoryOptions): UserHistoryEntry[] {
  const entries: UserHistoryEntry[] = [];
  let state: UserState = initialUserState;
  for (const event of events) {
    const before = state;
    state = evolveUser(state, event);
    if (!options.includeSecurity && SECURITY_EVENT_TYPES.has(event.type)) continue;
    entries.push({
      revision: event.revision,
      type: event.type,
      at: event.recordedAt.toISOString(),
      actor: actorOf(event),
      changes: changesOf(event, fieldsOf(before, options), fieldsOf(state, options)),
    });
  }
  return entries;
}

/** The acting API key recorded in the metadata (nCore writes), else the acting user the event names. */
export function actorOf(event: RecordedEvent<UserEvent>): HistoryActor {
  const apiKeyId = event.metadata.apiKeyId;
  if (typeof apiKeyId === 'string') return { type: 'api_key', id: apiKeyId };
  const by = 'by' in event.data ? event.data.by : undefined;
  return typeof by === 'string' ? { type: 'user', id: by } : null;
}

function fieldsOf(state: UserState, { includeSecurity }: HistoryOptions): FieldValues {
  if (state.status !== 'existing') return {};
  const record = publicUserOf(state);
  const fields: FieldValues = Object.fromEntries(RECORD_FIELDS.map((field) => [field, record[field]]));
  if (includeSecurity) {
    fields.otpVerified = state.otpVerified;
    fields.failedLogins = state.failedLogins.length;
  }
  return fields;
}

function changesOf(event: RecordedEvent<UserEvent>, before: FieldValues, after: FieldValues): HistoryChanges {
  const changes: HistoryChanges = {};
  for (const field of Object.keys(after) as HistoryField[]) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    // A user that did not exist had no roles either: a creation without roles changes nothing there.
    if (isDeepStrictEqual(from, to) || (isBlank(from) && isBlank(to))) continue;
    changes[field] = { from, to };
  }
  if (setsPassword(event)) changes.password = 'changed';
  return changes;
}

function isBlank(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

/** A new password (PasswordRehashed keeps the same one, re-hashed: not a change). */
function setsPassword(event: UserEvent): boolean {
  return event.type === 'PasswordChanged' || (event.type === 'UserImported' && event.data.passwordHash !== null);
}
