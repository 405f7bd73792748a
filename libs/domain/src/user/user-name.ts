import type { Decider } from '../decider';
import { DomainError } from '../errors';
import type { UserType } from './user.types';

/**
 * userName uniqueness per (tenant, user type) lives in a reservation stream per name, appended
 * atomically with the user's creation, so two concurrent creates cannot both win.
 */
export interface UserNameReserved {
  type: 'UserNameReserved';
  data: { tenantId: string; userType: UserType; userName: string; userId: string; at: string };
}

/** The holder no longer holds the name (it was erased): anyone may take it again. */
export interface UserNameReleased {
  type: 'UserNameReleased';
  data: { tenantId: string; userType: UserType; userName: string; userId: string; at: string };
}

export type UserNameEvent = UserNameReserved | UserNameReleased;

export interface ReserveUserName {
  tenantId: string;
  userType: UserType;
  userName: string;
  userId: string;
  at: string;
}

export interface UserNameReservation {
  holderId: string | null;
}

export const freeUserName: UserNameReservation = { holderId: null };

export function normalizeUserName(userName: string): string {
  return userName.trim().toLowerCase();
}

export function userNameStream(tenantId: string, userType: UserType, userName: string): string {
  return `username-${tenantId}-${userType}-${normalizeUserName(userName)}`;
}

export function evolveUserNameReservation(_state: UserNameReservation, event: UserNameEvent): UserNameReservation {
  return event.type === 'UserNameReserved' ? { holderId: event.data.userId } : freeUserName;
}

export function decideUserNameReservation(request: ReserveUserName, state: UserNameReservation): UserNameReserved[] {
  if (state.holderId === request.userId) return [];
  if (state.holderId !== null) {
    throw new DomainError('user_name_taken', `userName "${request.userName}" is already taken`, 'userName');
  }
  return [{ type: 'UserNameReserved', data: { ...request, userName: normalizeUserName(request.userName) } }];
}

/** Only the holder can release a name; anyone else's release changes nothing. */
export function decideUserNameRelease(request: ReserveUserName, state: UserNameReservation): UserNameReleased[] {
  if (state.holderId !== request.userId) return [];
  return [{ type: 'UserNameReleased', data: { ...request, userName: normalizeUserName(request.userName) } }];
}

export const userNameReservationDecider: Decider<ReserveUserName, UserNameEvent, UserNameReservation> = {
  decide: decideUserNameReservation,
  evolve: evolveUserNameReservation,
  initialState: freeUserName,
};
