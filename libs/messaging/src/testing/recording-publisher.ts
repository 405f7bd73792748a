import type { Message, TopicMessages } from 'kafkajs';
import { MessagePublisher } from '../message-publisher';

/** A publisher for tests: keeps what it acknowledged, and fails on demand. */
export class RecordingPublisher extends MessagePublisher {
  /** Every acknowledged batch, in order. */
  readonly published: TopicMessages[][] = [];
  /** Batches that were rejected, in order. */
  readonly rejected: TopicMessages[][] = [];
  connected = false;
  private failuresLeft = 0;
  private readonly listeners = new Set<() => void>();

  /** The next `count` publishes reject (as a broker outage would). */
  failNext(count: number): void {
    this.failuresLeft += count;
  }

  async connect(): Promise<void> {
    this.connected = true;
  }

  async publish(batch: TopicMessages[]): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      this.rejected.push(batch);
      throw new Error('broker unavailable');
    }
    this.published.push(batch);
    for (const listener of this.listeners) listener();
  }

  async disconnect(): Promise<void> {
    this.connected = false;
  }

  /** Every acknowledged message of `topic`, in publish order. */
  messagesOf(topic: string): Message[] {
    return this.published.flatMap((batch) =>
      batch.filter((entry) => entry.topic === topic).flatMap((entry) => entry.messages),
    );
  }

  /** Resolves once `topic` has at least `count` acknowledged messages. */
  untilPublished(topic: string, count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.messagesOf(topic).length < count) return;
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
      check();
    });
  }
}
