import cluster from 'node:cluster';
import { PersonalData } from '@roster/personal-data';

/** Primary → workers: a user was erased; drop whatever of its key a worker's cache still holds. */
interface ErasureNotice {
  type: 'roster:erased';
  subject: string;
}

function isErasureNotice(message: unknown): message is ErasureNotice {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'roster:erased' &&
    typeof (message as { subject?: unknown }).subject === 'string'
  );
}

/**
 * The primary's personal data: its projector finishes every erasure it reads (`finishErasures`), and then tells
 * every worker, so a key erased by one worker is not read from another worker's cache until that cache expires.
 */
export class NotifyingPersonalData extends PersonalData {
  constructor(private readonly inner: PersonalData) {
    super();
  }

  override async erase(subject: string, at: Date): Promise<void> {
    await this.inner.erase(subject, at);
    const notice: ErasureNotice = { type: 'roster:erased', subject };
    for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send(notice);
  }

  override forget(subject: string): void {
    this.inner.forget(subject);
  }
}

/** In a worker: forgets the keys of the users the primary says were erased. */
export function followErasureNotices(personalData: PersonalData): void {
  process.on('message', (message: unknown) => {
    if (isErasureNotice(message)) personalData.forget(message.subject);
  });
}
