import type { RecordedEvent } from '@roster/event-store';
import type { PersonalData } from '@roster/personal-data';
import { userEventOf } from '@roster/read-model';

/**
 * Destroys the personal-data key of each user a batch erases. The user service appends UserErased first and
 * destroys the key next, so a crash in between leaves a key that only this finishes. Whoever applies a batch to a
 * read model (the projector, `npm run rebuild`, the erase command) calls it before the batch is applied, i.e. before
 * the read model's checkpoint passes the UserErased: a failure fails the batch, so no erasure is skipped. `erase` is
 * idempotent: an erasure already finished costs one key-store call.
 */
export async function finishErasures(personalData: PersonalData, events: readonly RecordedEvent[]): Promise<void> {
  for (const record of events) {
    const userEvent = userEventOf(record);
    if (userEvent?.event.type !== 'UserErased') continue;
    await personalData.erase(userEvent.userId, new Date(userEvent.event.data.at));
  }
}
