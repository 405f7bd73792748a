import { Address, ExistingUser, UserType } from '@roster/domain';
import { Page, UserView } from '@roster/read-model';

/** A user as the user-service answers it, whether freshly decided (command) or read (query). */
export interface UserRecord {
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
  createdAt: string;
  updatedAt: string;
}

export function recordFromState(user: ExistingUser): UserRecord {
  const { profile } = user;
  return {
    id: user.id,
    tenantId: user.tenantId,
    userType: user.userType,
    userName: user.userName,
    firstName: profile.firstName,
    middleName: profile.middleName ?? null,
    lastName: profile.lastName,
    dateOfBirth: profile.dateOfBirth ?? null,
    email: profile.email ?? null,
    mobile: profile.mobile ?? null,
    gender: profile.gender ?? null,
    nationality: profile.nationality ?? null,
    address: profile.address ?? null,
    parentId: user.parentId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function recordFromView(view: UserView): UserRecord {
  const { ancestors: _ancestors, depth: _depth, revision: _revision, ...record } = view;
  return record;
}

export function recordPage(page: Page<UserView>): Page<UserRecord> {
  return { items: page.items.map(recordFromView), after: page.after };
}
