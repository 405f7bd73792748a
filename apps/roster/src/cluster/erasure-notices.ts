import { PersonalData } from '@roster/personal-data';
import { connectedWorkers, typeOf } from './messages';

/** Primary → workers: a user was erased; drop whatever of its key a worker's cache still holds. */
interface ErasureNotice {
  type: 'roster:erased';
  subject: string;
}

function isErasureNotice(message: unknown): message is ErasureNotice {
  return typeOf(message) === 'roster:erased' && typeof (message as { subject?: unknown }).subject === 'string';
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
    for (const worker of connectedWorkers()) worker.send(notice);
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
