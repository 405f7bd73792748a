import { Profile, ProfileChanges, UserType } from './user.types';

/**
 * What the handler found out about a would-be parent before deciding.
 * `lineage` lists the parent and then its ancestors up to the root, so a cycle check needs no I/O.
 */
export type ParentFacts = { id: string; found: false } | { id: string; found: true; tenantId: string; lineage: readonly string[] };

export interface CreateUser {
  type: 'CreateUser';
  data: {
    userId: string;
    tenantId: string;
    userType: UserType;
    userName: string | null;
    profile: Profile;
    parent: ParentFacts | null;
    at: string;
  };
}

export interface UpdateProfile {
  type: 'UpdateProfile';
  data: { userId: string; tenantId: string; changes: ProfileChanges; at: string };
}

/** Set, change or (with `parent: null`) remove a user's parent. */
export interface ChangeParent {
  type: 'ChangeParent';
  data: { userId: string; tenantId: string; parent: ParentFacts | null; at: string };
}

export type UserCommand = CreateUser | UpdateProfile | ChangeParent;
