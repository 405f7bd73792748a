import type { PublicUser } from '@roster/read-model';

/** A user as the user-service answers it, whether freshly decided (command) or read (query). */
export type UserRecord = PublicUser;

export interface VersionedUser {
  user: UserRecord;
  revision: number;
}

export type Relation = 'children' | 'descendants' | 'ancestors';
