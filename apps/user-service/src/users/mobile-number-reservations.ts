import { decideMobileNumberReservation, ExistingUser, mobileNumberStream } from '@roster/domain';
import { NewEvent, StreamAppend } from '@roster/event-store';
import { UserNameReservationReader } from './create-user/user-name-reservation.reader';

/**
 * A citizen's mobile number is unique in its tenant (docs/architecture.md; with ROSTER_MOBILE_NUMBER_UNIQUENESS=sign-in
 * only the numbers citizens sign in with), whichever face wrote the user: the number's reservation stream is
 * appended in the same atomic append as the user's own events.
 */

/** The append that gives `mobileNumber` to `userId`; DomainError mobile_number_taken when another citizen holds it. */
export async function reserveMobileNumber(
  reader: UserNameReservationReader,
  claim: { tenantId: string; mobileNumber: string; userId: string },
  at: Date,
): Promise<StreamAppend> {
  const stream = mobileNumberStream(claim.tenantId, claim.mobileNumber);
  const { state, revision } = await reader.loadMobileNumber(stream, claim, at);
  return reservation(stream, decideMobileNumberReservation({ type: 'ReserveMobileNumber', data: { ...claim, at: at.toISOString() } }, state), revision);
}

/**
 * The appends that move a citizen's number when an update changed it: the new one reserved (when the citizen
 * must hold it), the old one released (a release by a user that does not hold it changes nothing).
 */
export async function moveMobileNumber(reader: UserNameReservationReader, before: ExistingUser, after: ExistingUser, at: Date): Promise<StreamAppend[]> {
  const from = before.profile.mobile?.trim() || null;
  const to = reader.mobileNumberToReserve(after);
  if (after.userType !== 'CITIZEN' || from === (after.profile.mobile?.trim() || null)) return [];
  const appends: StreamAppend[] = [];
  if (to) appends.push(await reserveMobileNumber(reader, { tenantId: after.tenantId, mobileNumber: to, userId: after.id }, at));
  if (from) {
    const stream = mobileNumberStream(after.tenantId, from);
    const { state, revision } = await reader.loadMobileNumber(stream, { tenantId: after.tenantId, mobileNumber: from }, at);
    const data = { tenantId: after.tenantId, mobileNumber: from, userId: after.id, at: at.toISOString() };
    appends.push(reservation(stream, decideMobileNumberReservation({ type: 'ReleaseMobileNumber', data }, state), revision));
  }
  return appends;
}

/** A reservation stream's new events, appended only if the stream is still where it was read. */
export function reservation(stream: string, events: Array<{ type: string; data: object }>, revision: number): StreamAppend {
  const written: NewEvent[] = events.map((event) => ({ type: event.type, data: event.data as Record<string, unknown> }));
  return { stream, events: written, expectedRevision: revision === -1 ? 'no_stream' : revision };
}
