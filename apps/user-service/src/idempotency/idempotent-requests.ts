import { Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import { DomainError, userErased } from '@roster/domain';
import { isPersonalDataErased } from '@roster/personal-data';
import type { Position, StreamAppend } from '@roster/event-store';
import { EventStore, unchangedSince, WrongExpectedRevisionError } from '@roster/event-store';
import type { IdempotencyKey, Written } from '@roster/user-service-contract';
import { Clock } from '../clock';

/**
 * Where a request's Idempotency-Key is kept: one stream per (tenant, caller, key), named by a hash so a key of
 * any text makes a valid, fixed-length stream name. Not `user-…`: the projector and the relay take every stream
 * with that prefix for a user's.
 */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';

/** ROSTER_IDEMPOTENCY_TTL_HOURS' default, 24 hours. */
const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** The first answer to a request made with an Idempotency-Key, written in the same atomic append as the request's write. */
export interface IdempotentAnswerRecorded {
  type: 'IdempotentAnswerRecorded';
  data: {
    /** Hash of what the request asked (method, path, body, preconditions): the same key with another request is refused. */
    fingerprint: string;
    /** The handler's answer without its consistency token, which is the position of this very event. */
    answer: unknown;
    /**
     * The ids of the users the answer is about: it holds their personal data, so it is encrypted with their keys
     * and unreadable once they are erased. Absent in answers recorded before personal data was encrypted.
     */
    subjects?: string[];
    at: string;
  };
}

/** What an earlier request with the same key answered: replay it. */
export interface Replay {
  answer: unknown;
  /** The consistency token of the first answer: the position its append ended at. */
  position: Position;
}

/** The key is free (never used, or its answer has expired): record the answer with this append. */
export interface FreshKey {
  record(answer: unknown, subjects: readonly string[], at: string): StreamAppend;
}

/** Adds a write's answer, about the users `subjects`, to its append (nothing when the request has no key). */
export type KeyRecorder = (answer: unknown, subjects: readonly string[]) => StreamAppend[];

/**
 * What a keyed write's decision calls first, on every attempt: the key's recorder, or — when the key already has
 * an answer — an end to the write, which `once` turns into the replay of that answer.
 */
export interface KeyedWrite {
  begin(): Promise<KeyRecorder>;
}

class AnsweredBefore extends Error {
  constructor(readonly replay: Replay) {
    super('the Idempotency-Key already has an answer');
  }
}

const NO_KEY: KeyedWrite = { begin: async () => () => [] };

export function idempotencyStream(tenantId: string, key: IdempotencyKey): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([tenantId, key.caller, key.key]))
    .digest('hex');
  return IDEMPOTENCY_STREAM_PREFIX + hash;
}

/**
 * Idempotent writes (docs/ncore-api.md, "Idempotent writes"). A command handler asks `check` inside its decision,
 * so every attempt re-reads the key: of two concurrent requests with one key, the second's append fails on the
 * key's stream, its retry finds the first's answer and replays it — never both write. The key lives in the event
 * store beside the write it answers, so it holds across processes and restarts.
 */
@Injectable()
export class IdempotentRequests {
  private readonly ttlMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Optional() config?: RosterConfig,
  ) {
    this.ttlMs = config?.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  }

  /**
   * Runs a write once per key: `write` calls `keyed.begin()` first thing in its decision and appends what the
   * recorder gives beside its own events (last, so the answer's event ends the append and its position is the
   * write's consistency token); a request whose key has an answer gets `replayed(answer, position)` instead.
   * Of two concurrent requests the loser's append fails (on the key's stream or the user's): a retried decision
   * replays, and a write that may not retry (If-Match) is answered here once the key shows the winner's answer.
   */
  async once<T>(
    tenantId: string,
    key: IdempotencyKey | undefined,
    write: (keyed: KeyedWrite) => Promise<T>,
    replayed: (answer: unknown, position: Position) => T,
  ): Promise<T> {
    if (!key) return write(NO_KEY);
    const keyed: KeyedWrite = {
      begin: async () => {
        const checked = await this.check(tenantId, key);
        if (isReplay(checked)) throw new AnsweredBefore(checked);
        return (answer, subjects) => [checked.record(answer, subjects, this.clock.now().toISOString())];
      },
    };
    try {
      return await write(keyed);
    } catch (error) {
      // A write that lost a race (on the user's stream or the key's) may have lost it to the same request.
      const replay =
        error instanceof AnsweredBefore
          ? error.replay
          : error instanceof WrongExpectedRevisionError
            ? await this.check(tenantId, key)
            : null;
      if (replay && isReplay(replay)) return replayed(replay.answer, replay.position);
      throw error;
    }
  }

  /**
   * The earlier answer to replay, or how to record this one; DomainError `idempotency_key_reused` for another
   * request, `user_erased` when the answer was about a user erased since.
   */
  private async check(tenantId: string, key: IdempotencyKey): Promise<Replay | FreshKey> {
    const stream = idempotencyStream(tenantId, key);
    const recorded = await this.store.readStream<IdempotentAnswerRecorded>(stream);
    const last = recorded.at(-1);
    const live = last && this.clock.now().getTime() - Date.parse(last.data.at) < this.ttlMs;
    if (last && live) {
      if (last.data.fingerprint !== key.fingerprint) {
        throw new DomainError(
          'idempotency_key_reused',
          'this Idempotency-Key was used for another request; use a new key for a new request',
          'Idempotency-Key',
        );
      }
      // The answer showed a user erased since: it can no longer be read, and the user is gone (410).
      if (isPersonalDataErased(last)) throw userErased('Idempotency-Key');
      return { answer: last.data.answer, position: last.position };
    }
    const revision = last ? last.revision : -1;
    return {
      record: (answer, subjects, at) => ({
        stream,
        events: [
          {
            type: 'IdempotentAnswerRecorded',
            data: { fingerprint: key.fingerprint, answer, subjects: [...subjects], at },
          },
        ],
        expectedRevision: unchangedSince(revision),
      }),
    };
  }
}

export function isReplay(checked: Replay | FreshKey): checked is Replay {
  return 'answer' in checked;
}

/** A recorded `Written` answer (recorded without its position) with the consistency token of its append. */
export function replayedWritten<T>(answer: unknown, position: Position): Written<T> {
  return { ...(answer as Omit<Written<T>, 'position'>), position: position.toString() };
}
