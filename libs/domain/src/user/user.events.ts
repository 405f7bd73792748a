import { Profile, ProfileChanges, UserType } from './user.types';

/** Bump when a payload changes shape; readers upcast older versions. */
export const USER_EVENT_SCHEMA_VERSION = 1;

export interface UserCreated {
  type: 'UserCreated';
  data: { userId: string; tenantId: string; userType: UserType; userName: string | null; profile: Profile; at: string };
}

export interface ProfileUpdated {
  type: 'ProfileUpdated';
  data: { userId: string; changes: ProfileChanges; at: string };
}

export interface ParentLinked {
  type: 'ParentLinked';
  data: { userId: string; parentId: string; previousParentId: string | null; at: string };
}

export interface ParentUnlinked {
  type: 'ParentUnlinked';
  data: { userId: string; previousParentId: string; at: string };
}

export type UserEvent = UserCreated | ProfileUpdated | ParentLinked | ParentUnlinked;
export type UserEventType = UserEvent['type'];

export const USER_EVENT_TYPES: readonly UserEventType[] = ['UserCreated', 'ProfileUpdated', 'ParentLinked', 'ParentUnlinked'];

export function isUserEvent(event: { type: string }): event is UserEvent {
  return (USER_EVENT_TYPES as readonly string[]).includes(event.type);
}
