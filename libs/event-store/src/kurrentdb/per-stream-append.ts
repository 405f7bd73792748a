import type { AppendStreamState, JSONEventData } from '@kurrent/kurrentdb-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreUnavailableError } from '../event-store';
import type { AppendPlan, StreamPlan } from './append-plan';
import { assertedStreams, writtenStreams } from './append-plan';
import { compensationEvent } from './compensation';
import { isConnectionFailure, toPortError, unavailable } from './errors';
import type { WriteOutcome } from './atomic-append';
import type { KurrentDbClient } from './kurrentdb-client';
import { ANY, toEventData, toPortRevision, toStreamState } from './mapping';
import { verifyExpectations } from './stream-state';

export interface PerStreamAppendOptions {
  /**
   * Time budget from the first write to the end of the commit write (which gets the rest of it as its gRPC
   * deadline). Not reached the commit write in time: compensated instead of committed. The user-service's
   * reservation grace period must be well above it (default 10 s; grace 5 min).
   */
  commitDeadlineMs: number;
  /** Attempts per write whose outcome is unknown (timeout, connection lost), all with the same event ids (default 3). */
  attempts: number;
  /** Pause between those attempts (default 100 ms). */
  retryDelayMs: number;
  /** Told about every compensation that could not be written; the grace period then frees the reservation. */
  onCompensationFailure: (error: unknown, stream: string) => void;
  /** Names a server stream as the caller knows it (strips the test prefix), for the compensation's `commitStream`. */
  portStream: (stream: string) => string;
  now: () => number;
}

export const PER_STREAM_APPEND_DEFAULTS: PerStreamAppendOptions = {
  commitDeadlineMs: 10_000,
  attempts: 3,
  retryDelayMs: 100,
  onCompensationFailure: (error, stream) =>
    console.error(
      `KurrentDB fallback append: could not compensate stream ${stream}; its reservation now waits for the grace period:`,
      error,
    ),
  portStream: (stream) => stream,
  now: () => Date.now(),
};

/** One single-stream append of the sequence, converted before anything is written. */
interface Step {
  stream: string;
  state: AppendStreamState;
  events: JSONEventData[];
  /** Port ids of `events`, listed by a compensation. */
  eventIds: string[];
}

interface Written {
  step: Step;
  revision: number;
  position: bigint | undefined;
}

/**
 * Multi-stream append for servers without multiStreamAppend (EventStoreDB 22.10–24.x): single-stream appends
 * in a fixed order, made safe by ordering and compensation rather than by a transaction.
 *
 * - Every expectation is first checked by reading, so an ordinary conflict writes nothing at all.
 * - Order: the claims (every written stream but the first the caller named, e.g. userName reservations) in
 *   the caller's order, then the commit stream (the first stream the caller gave events for: the user stream,
 *   which the user-service lists first). The commit write makes the append real; until it lands, readers
 *   treat the claims as pending (see compensation.ts for the reader protocol).
 * - Assert-only entries are read again just before the commit write. Reads, not locks: the assertion can be
 *   missed by a concurrent writer (documented; KurrentDB 26.1+ checks it atomically).
 * - A write whose outcome is unknown is repeated with the same event ids and expected revision, which
 *   KurrentDB answers idempotently (success if the first attempt had landed).
 * - If a claim definitely failed (conflict, rejection) or stayed unknown, or the commit deadline passed, or the
 *   commit write was definitely rejected, every claim written (or possibly written) gets an AppendCompensated
 *   event voiding its events, and the error is rethrown.
 * - If the commit write's outcome stays unknown nothing is compensated: it may have landed, and voiding the
 *   claims of a committed user would break uniqueness. The reader's grace period settles it either way.
 */
export async function appendPerStream(
  client: KurrentDbClient,
  plan: AppendPlan,
  options: PerStreamAppendOptions,
): Promise<WriteOutcome> {
  await verifyExpectations(client, plan.streams);
  const [commit, ...claims] = writtenStreams(plan).map(toStep);
  return new StepSequence(client, options, claims, commit, assertedStreams(plan)).run();
}

function toStep({ stream, expected, events }: StreamPlan): Step {
  return {
    stream,
    state: toStreamState(expected),
    events: events.map(toEventData),
    eventIds: events.map(({ id }) => id),
  };
}

class StepSequence {
  private readonly written: Written[] = [];
  private readonly startedAt: number;

  constructor(
    private readonly client: KurrentDbClient,
    private readonly options: PerStreamAppendOptions,
    private readonly claims: Step[],
    private readonly commit: Step,
    private readonly asserted: StreamPlan[],
  ) {
    this.startedAt = options.now();
  }

  async run(): Promise<WriteOutcome> {
    for (const claim of this.claims) await this.writeClaim(claim);
    await this.checkBeforeCommit();
    const committed = await this.writeCommit();
    const all = [...this.written, committed];
    return {
      position: committed.position,
      revisions: new Map(all.map(({ step, revision }) => [step.stream, revision])),
    };
  }

  private async writeClaim(claim: Step): Promise<void> {
    try {
      this.written.push(await this.write(claim, true));
    } catch (error) {
      // A claim whose outcome stayed unknown may be in the log: void it too (voiding an absent id is harmless).
      const voided = isConnectionFailure(error) ? [...this.writtenSteps(), claim] : this.writtenSteps();
      throw await this.abandon(voided, error);
    }
  }

  private async checkBeforeCommit(): Promise<void> {
    try {
      if (this.remainingMs() <= 0) {
        throw new EventStoreUnavailableError(
          `commit deadline of ${this.options.commitDeadlineMs} ms passed before the commit write`,
        );
      }
      if (this.claims.length > 0) await verifyExpectations(this.client, this.asserted);
    } catch (error) {
      throw await this.abandon(this.writtenSteps(), error);
    }
  }

  private async writeCommit(): Promise<Written> {
    try {
      return await this.write(this.commit, true);
    } catch (error) {
      if (!isConnectionFailure(error)) throw await this.abandon(this.writtenSteps(), error);
      throw unavailable(
        error,
        `KurrentDB did not confirm the write to ${this.commit.stream}, which may or may not have landed; ` +
          `its claims are left to the readers' grace period`,
      );
    }
  }

  /** Repeats a write whose outcome is unknown; the same ids and expected revision make a repeat idempotent. */
  private async write(step: Step, withinDeadline: boolean): Promise<Written> {
    for (let attempt = 1; ; attempt++) {
      const deadline = withinDeadline ? Math.max(1, this.remainingMs()) : undefined;
      try {
        const result = await this.client.appendToStream(step.stream, step.events, {
          streamState: step.state,
          deadline,
        });
        return { step, revision: toPortRevision(result.nextExpectedRevision), position: result.position?.commit };
      } catch (error) {
        const mayRetry = isConnectionFailure(error) && attempt < this.options.attempts;
        if (!mayRetry || (withinDeadline && this.remainingMs() <= 0)) throw error;
        await sleep(this.options.retryDelayMs);
      }
    }
  }

  /** Voids what was written, newest first, and returns the error to throw; failures to compensate are reported. */
  private async abandon(steps: Step[], cause: unknown): Promise<unknown> {
    const reason = describeFailure(cause, this.options.portStream);
    for (const step of [...steps].reverse()) {
      const event = compensationEvent({
        voidedEventIds: step.eventIds,
        commitStream: this.options.portStream(this.commit.stream),
        reason,
      });
      const compensation: Step = {
        stream: step.stream,
        state: ANY,
        events: [toEventData(event)],
        eventIds: [event.id],
      };
      try {
        await this.write(compensation, false);
      } catch (error) {
        this.options.onCompensationFailure(error, step.stream);
      }
    }
    return cause;
  }

  private writtenSteps(): Step[] {
    return this.written.map(({ step }) => step);
  }

  private remainingMs(): number {
    return this.startedAt + this.options.commitDeadlineMs - this.options.now();
  }
}

/** The failure as the port would report it, for operators reading the compensation event. */
function describeFailure(cause: unknown, portStream: (stream: string) => string): string {
  const error = toPortError(cause, { portStream, expectedRevision: () => undefined });
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
