import { UserEvent } from './user.events';
import { Profile, UserType } from './user.types';

export interface AbsentUser {
  status: 'absent';
}

export interface ExistingUser {
  status: 'existing';
  id: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  profile: Profile;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type UserState = AbsentUser | ExistingUser;

export const initialUserState: UserState = { status: 'absent' };

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated': {
      const { userId, tenantId, userType, userName, profile, at } = event.data;
      return { status: 'existing', id: userId, tenantId, userType, userName, profile, parentId: null, createdAt: at, updatedAt: at };
    }
    case 'ProfileUpdated':
      return whenExisting(state, (user) => ({
        ...user,
        profile: { ...user.profile, ...event.data.changes },
        updatedAt: event.data.at,
      }));
    case 'ParentLinked':
      return whenExisting(state, (user) => ({ ...user, parentId: event.data.parentId, updatedAt: event.data.at }));
    case 'ParentUnlinked':
      return whenExisting(state, (user) => ({ ...user, parentId: null, updatedAt: event.data.at }));
    default:
      // Event types added later (or by a newer writer) leave the state as it is.
      return state;
  }
}

export function foldUser(events: readonly UserEvent[], from: UserState = initialUserState): UserState {
  return events.reduce(evolveUser, from);
}

// An event for a user that does not exist cannot come from decide; ignore it rather than invent a user.
function whenExisting(state: UserState, change: (user: ExistingUser) => ExistingUser): UserState {
  return state.status === 'existing' ? change(state) : state;
}
