import { Address, UserType } from '@roster/domain';

/** A user as the read side answers it: public state only, plus where it sits in the hierarchy. */
export interface UserView {
  id: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  email: string | null;
  mobile: string | null;
  gender: string | null;
  nationality: string | null;
  address: Address | null;
  parentId: string | null;
  /** Ancestor ids, root first; the last one is `parentId`. */
  ancestors: string[];
  /** Number of ancestors (0 for a root user). */
  depth: number;
  /** Stream revision the view reflects; an event with a revision at or below it is already applied. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** A user's public fields without its place in the hierarchy (what a command answer carries). */
export type PublicUser = Omit<UserView, 'ancestors' | 'depth' | 'revision'>;

export interface PageRequest {
  /** 1..100 */
  limit: number;
  /** Opaque cursor from a previous page of the same query. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null when this was the last. */
  after: string | null;
}

/** Case-insensitive prefix criteria, ANDed. `name` is a prefix of "first last" or of the last name. */
export interface UserSearchCriteria {
  name?: string;
  email?: string;
  mobile?: string;
}
