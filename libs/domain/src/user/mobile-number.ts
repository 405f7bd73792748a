import type { Decider } from '../decider';
import { DomainError } from '../errors';

/**
 * A citizen's mobile number is unique per (state-level) tenant. Like userNames, it is held by a reservation
 * stream per number, appended atomically with the user's creation or change of number, so two concurrent
 * registrations of one number cannot both win. A citizen moving to another number releases the old one.
 */
export interface MobileNumberReserved {
  type: 'MobileNumberReserved';
  data: { tenantId: string; mobileNumber: string; userId: string; at: string };
}

export interface MobileNumberReleased {
  type: 'MobileNumberReleased';
  data: { tenantId: string; mobileNumber: string; userId: string; at: string };
}

export type MobileNumberEvent = MobileNumberReserved | MobileNumberReleased;

export interface ReserveMobileNumber {
  type: 'ReserveMobileNumber';
  data: { tenantId: string; mobileNumber: string; userId: string; at: string };
}

/** Only the holder can release a number; anyone else's release changes nothing. */
export interface ReleaseMobileNumber {
  type: 'ReleaseMobileNumber';
  data: { tenantId: string; mobileNumber: string; userId: string; at: string };
}

export type MobileNumberCommand = ReserveMobileNumber | ReleaseMobileNumber;

export interface MobileNumberReservation {
  holderId: string | null;
}

export const freeMobileNumber: MobileNumberReservation = { holderId: null };

export const MOBILE_NUMBER_STREAM_PREFIX = 'mobile-';

/** Which citizens' mobile numbers are unique in their tenant (ROSTER_MOBILE_NUMBER_UNIQUENESS). */
export const MOBILE_NUMBER_UNIQUENESS = ['every-citizen', 'sign-in'] as const;
export type MobileNumberUniqueness = (typeof MOBILE_NUMBER_UNIQUENESS)[number];

/**
 * The number a citizen holds a reservation for, or null. `every-citizen`: any citizen's mobile number.
 * `sign-in`: only the number of a citizen who signs in with it (its userName is the number, or it has no
 * userName), as at egov-user, where only userNames are unique: property-services gives owners who share a
 * family's phone random userNames, and those may share the number.
 */
export function reservedMobileNumberOf(
  user: { userType: string; userName: string | null; profile: { mobile?: string | null } },
  uniqueness: MobileNumberUniqueness,
): string | null {
  const mobile = user.profile.mobile?.trim();
  if (user.userType !== 'CITIZEN' || !mobile) return null;
  if (uniqueness === 'every-citizen' || user.userName === null || user.userName.trim() === mobile) return mobile;
  return null;
}

export function mobileNumberStream(tenantId: string, mobileNumber: string): string {
  return `${MOBILE_NUMBER_STREAM_PREFIX}${tenantId}-${mobileNumber.trim()}`;
}

export function evolveMobileNumberReservation(
  _state: MobileNumberReservation,
  event: MobileNumberEvent,
): MobileNumberReservation {
  return event.type === 'MobileNumberReserved' ? { holderId: event.data.userId } : freeMobileNumber;
}

export function decideMobileNumberReservation(
  command: MobileNumberCommand,
  state: MobileNumberReservation,
): MobileNumberEvent[] {
  const data = { ...command.data, mobileNumber: command.data.mobileNumber.trim() };
  if (command.type === 'ReleaseMobileNumber') {
    return state.holderId === data.userId ? [{ type: 'MobileNumberReleased', data }] : [];
  }
  if (state.holderId === data.userId) return [];
  if (state.holderId !== null) {
    throw new DomainError(
      'mobile_number_taken',
      'the mobile number is already registered to another user',
      'mobileNumber',
    );
  }
  return [{ type: 'MobileNumberReserved', data }];
}

export const mobileNumberReservationDecider: Decider<MobileNumberCommand, MobileNumberEvent, MobileNumberReservation> =
  {
    decide: decideMobileNumberReservation,
    evolve: evolveMobileNumberReservation,
    initialState: freeMobileNumber,
  };
