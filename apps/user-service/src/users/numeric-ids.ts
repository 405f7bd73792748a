import { Inject, Injectable, Optional } from '@nestjs/common';
import { IdBlockReserved, lastReservedBy, nextIdBlock, NUMERIC_USER_ID_SEQUENCE_STREAM } from '@roster/domain';
import { EventStore, unchangedSince, WrongExpectedRevisionError } from '@roster/event-store';

/** DI token of the block size; not provided: DEFAULT_NUMERIC_ID_BLOCK_SIZE. */
export const NUMERIC_ID_BLOCK_SIZE = Symbol('NUMERIC_ID_BLOCK_SIZE');

/**
 * 100 ids per block: one append to the sequence stream per hundred creates of a process, so the stream is
 * no queue for creates; and a process that stops skips at most 99 ids, which the 2,147,483,647 available
 * absorb for millions of restarts.
 */
export const DEFAULT_NUMERIC_ID_BLOCK_SIZE = 100;

/**
 * Each conflict means another process got a block meanwhile, so retries only run out under contention far
 * beyond any deployment's process count; then the caller gets the conflict (409) instead of a hang.
 */
const MAX_RESERVE_ATTEMPTS = 50;

/**
 * Hands out numeric user ids (see numeric-user-id.ts) from blocks this process reserved on the sequence
 * stream. Unique across every process sharing the event store: a block is this process's only once its
 * append with the stream's expected revision succeeded. Within the process, callers that find the block
 * empty share one refill, so no id is handed out twice and no block is reserved for nothing.
 */
@Injectable()
export class NumericIds {
  /** The next id of the current block and the block's last one; none left when next > last. */
  private nextId = 1;
  private lastId = 0;
  /** The sequence stream as this process last knew it: its revision (-1: no stream yet) and the last id reserved in it. */
  private known = { revision: -1, lastReserved: 0 };
  private refilling: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    @Optional() @Inject(NUMERIC_ID_BLOCK_SIZE) private readonly blockSize: number = DEFAULT_NUMERIC_ID_BLOCK_SIZE,
  ) {
    // A bad size fails the start, not the first create.
    nextIdBlock(0, blockSize);
  }

  /** An id no other call, process or restart ever receives. */
  async next(): Promise<number> {
    while (this.nextId > this.lastId) {
      this.refilling ??= this.refill().finally(() => {
        this.refilling = null;
      });
      await this.refilling;
    }
    return this.nextId++;
  }

  /** `count` ids for one batch, in rising order (not necessarily consecutive: other calls may take some between). */
  async take(count: number): Promise<number[]> {
    const ids: number[] = [];
    while (ids.length < count) ids.push(await this.next());
    return ids;
  }

  private async refill(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const block = nextIdBlock(this.known.lastReserved, this.blockSize);
      try {
        await this.reserve(block);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_RESERVE_ATTEMPTS) throw error;
        await this.catchUp(error.actual);
      }
    }
  }

  private async reserve(block: IdBlockReserved['data']): Promise<void> {
    const reserved: IdBlockReserved = { type: 'IdBlockReserved', data: block };
    const { revisions } = await this.store.append(
      NUMERIC_USER_ID_SEQUENCE_STREAM,
      [reserved],
      unchangedSince(this.known.revision),
    );
    this.known = { revision: revisions[NUMERIC_USER_ID_SEQUENCE_STREAM], lastReserved: block.last };
    this.nextId = block.first;
    this.lastId = block.last;
  }

  /**
   * Learns what other processes reserved. The conflict names the stream's revision, so usually only its last
   * event is read, however long the stream; should that revision be off, the stream is read from what is known.
   */
  private async catchUp(actualRevision: number): Promise<void> {
    const unread = this.known.revision + 1;
    const last =
      (await this.store.readStream(NUMERIC_USER_ID_SEQUENCE_STREAM, Math.max(unread, actualRevision))).at(-1) ??
      (await this.store.readStream(NUMERIC_USER_ID_SEQUENCE_STREAM, unread)).at(-1);
    if (last) this.known = { revision: last.revision, lastReserved: lastReservedBy(last) };
  }
}
