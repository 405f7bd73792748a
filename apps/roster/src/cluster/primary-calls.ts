import cluster from 'node:cluster';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from '@roster/event-store';
import { SubjectErasedError } from '@roster/personal-data';
import { typeOf } from './messages';

/**
 * Requests a worker makes of the primary over IPC (ROSTER_WRITER=primary: the primary writes the embedded event log
 * and key store for all workers), answered in the structured clone (bigint positions, Maps and Dates survive).
 */
type Failure =
  | { kind: 'wrong_revision'; stream: string; expected: ExpectedRevision; actual: number }
  | { kind: 'duplicate_id'; eventId: string }
  | { kind: 'subject_erased'; subjects: string[] }
  | { kind: 'unavailable'; message: string };

type CallMessage =
  | { type: 'roster:call'; id: number; method: string; args: unknown[] }
  | { type: 'roster:returned'; id: number; value: unknown }
  | { type: 'roster:failed'; id: number; failure: Failure };

function isCallMessage(message: unknown): message is CallMessage {
  const type = typeOf(message);
  return type === 'roster:call' || type === 'roster:returned' || type === 'roster:failed';
}

/** The errors callers act on keep their class across the process boundary; any other becomes "unavailable" (503). */
function failureOf(error: unknown): Failure {
  if (error instanceof WrongExpectedRevisionError)
    return { kind: 'wrong_revision', stream: error.stream, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate_id', eventId: error.eventId };
  if (error instanceof SubjectErasedError) return { kind: 'subject_erased', subjects: error.subjects };
  return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
}

function errorOf(failure: Failure): Error {
  switch (failure.kind) {
    case 'wrong_revision':
      return new WrongExpectedRevisionError(failure.stream, failure.expected, failure.actual);
    case 'duplicate_id':
      return new DuplicateEventIdError(failure.eventId);
    case 'subject_erased':
      return new SubjectErasedError(failure.subjects);
    case 'unavailable':
      return new EventStoreUnavailableError(failure.message);
  }
}

export type PrimaryMethods = Record<string, (...args: never[]) => Promise<unknown>>;

/** In the primary: answers the workers' calls of `methods`. */
export function answerWorkerCalls(methods: PrimaryMethods): void {
  cluster.on('message', (worker, message: unknown) => {
    if (!isCallMessage(message) || message.type !== 'roster:call') return;
    const answer = (reply: CallMessage) => worker.isConnected() && worker.send(reply);
    const method = methods[message.method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (method === undefined)
      return answer({
        type: 'roster:failed',
        id: message.id,
        failure: failureOf(new Error(`no method ${message.method}`)),
      });
    method(...message.args).then(
      (value) => answer({ type: 'roster:returned', id: message.id, value }),
      (error: unknown) => answer({ type: 'roster:failed', id: message.id, failure: failureOf(error) }),
    );
  });
}

/** In a worker: calls of the primary's methods, each answered by the primary's outcome. */
export class PrimaryCalls {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor() {
    process.on('message', (message: unknown) => {
      if (!isCallMessage(message) || message.type === 'roster:call') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.type === 'roster:returned') waiting?.resolve(message.value);
      else waiting?.reject(errorOf(message.failure));
    });
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: CallMessage = { type: 'roster:call', id, method, args };
      if (process.send?.(request) !== true) {
        this.waiting.delete(id);
        reject(new EventStoreUnavailableError('the primary process, which writes the stores, is gone'));
      }
    });
  }
}
