import { MOBILE_NUMBER_STREAM_PREFIX, USER_STREAM_PREFIX } from '@roster/domain';

/** A stream's personal fields (top-level keys of its events' data), each with the value it reads as once erased. */
export type PersonalFields = Readonly<Record<string, unknown>>;

/**
 * Which parts of the log are personal data: the rules the encrypting store applies to every event, in one place.
 * Everything not named here is stored as it is (ids, tenants, types, roles, times, actors): what the log needs to
 * stay usable — folding, rebuilding, the feed of an erased user's UserErased — without anyone's personal data.
 */
export interface PersonalDataPolicy {
  /** Prefixes of stream names whose remainder is a personal value (a userName, a mobile number): kept as a keyed hash. */
  readonly hashedStreamPrefixes: readonly string[];
  /** The personal fields of the events of `stream`; null when its events hold none. */
  personalFieldsOf(stream: string): PersonalFields | null;
  /** Whose keys encrypt an event of `stream`: the people it is about. */
  subjectsOf(stream: string, data: Record<string, unknown>): string[];
  /** The subject an event says was erased (its key destroyed), or null. */
  erasedSubjectOf(stream: string, event: { type: string; data: Record<string, unknown> }): string | null;
}

const USER_NAME_STREAM_PREFIX = 'username-';
const OTP_STREAM_PREFIX = 'otp-';
const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
const IMPORT_STREAM_PREFIX = 'import-';

/** What a user's own events hold of them: its userName, profile (names, contacts, ids, addresses), number, hash. */
const USER_FIELDS: PersonalFields = { userName: null, profile: {}, changes: {}, mobileNumber: '', passwordHash: null };

/** Roster's personal data (docs/data-protection.md has the same list for people). */
export const rosterPersonalData: PersonalDataPolicy = {
  hashedStreamPrefixes: [USER_NAME_STREAM_PREFIX, MOBILE_NUMBER_STREAM_PREFIX, OTP_STREAM_PREFIX],

  personalFieldsOf(stream) {
    if (stream.startsWith(USER_STREAM_PREFIX)) return USER_FIELDS;
    if (stream.startsWith(USER_NAME_STREAM_PREFIX)) return { userName: null };
    if (stream.startsWith(MOBILE_NUMBER_STREAM_PREFIX)) return { mobileNumber: '' };
    // A recorded answer repeats the users it created or changed.
    if (stream.startsWith(IDEMPOTENCY_STREAM_PREFIX)) return { answer: null };
    // An import's checkpoints list the records it skipped, with the values that made it skip them.
    if (stream.startsWith(IMPORT_STREAM_PREFIX)) return { skipped: [] };
    return null;
  },

  subjectsOf(stream, data) {
    if (stream.startsWith(USER_STREAM_PREFIX)) return [stream.slice(USER_STREAM_PREFIX.length)];
    if (typeof data.userId === 'string') return [data.userId];
    const subjects = Array.isArray(data.subjects) ? data.subjects.filter((s) => typeof s === 'string') : [];
    // Data about nobody Roster keeps (a skipped import record, an answer naming no user) is the stream's own:
    // encrypted all the same, under a key of the stream.
    return subjects.length > 0 ? subjects : [stream];
  },

  erasedSubjectOf(stream, event) {
    return stream.startsWith(USER_STREAM_PREFIX) && event.type === 'UserErased'
      ? stream.slice(USER_STREAM_PREFIX.length)
      : null;
  },
};
