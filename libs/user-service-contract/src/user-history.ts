import type { Profile } from '@roster/domain';
import type { PageRequest } from '@roster/read-model';

/**
 * Who made a change, where the log knows it: a user (the acting user an egov write records) or an API key (its
 * public id, `apiKeyIdOf`, recorded in the metadata of nCore writes); null for events that record neither (writes
 * of self-service, the system, an import, and nCore writes made before keys were recorded).
 */
export type HistoryActor = { type: 'user' | 'api_key'; id: string } | null;

/**
 * The fields a history entry may name, as the domain spells them (each face spells them its own way). Login
 * bookkeeping (`otpVerified`, `failedLogins`) appears only when security entries are asked for. Secrets are not
 * fields: a password appears only as `password: 'changed'`.
 */
export type HistoryField =
  | keyof Profile
  | 'userType'
  | 'userName'
  | 'parentId'
  | 'roles'
  | 'active'
  | 'lockedUntil'
  | 'otpVerified'
  | 'failedLogins';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export type HistoryChanges = { [Field in HistoryField]?: FieldChange } & { password?: 'changed' };

/** One event of a user's stream, as a change. */
export interface UserHistoryEntry {
  /** The event's revision in the user's stream (the ETag the user had right after it). */
  revision: number;
  /** The event's type, as in the log and on the events topic (`UserCreated`, `ProfileUpdated`, …). */
  type: string;
  /** When the log recorded it (the instant `as_of` compares with). */
  at: string;
  actor: HistoryActor;
  changes: HistoryChanges;
}

export interface HistoryRequest {
  page: PageRequest;
  /** Also the login bookkeeping: OtpVerified, LoginFailed, LoginFailuresCleared, PasswordRehashed. */
  includeSecurity: boolean;
}

/** A moment of a user's past: an instant (RFC 3339, compared with when the log recorded each event) or a revision. */
export type PointInTime = { instant: string } | { revision: number };
