import type { ExistingUser } from '@roster/domain';
import type { Page, UserView } from '@roster/read-model';
import { publicUserOf } from '@roster/read-model';
import type { UserRecord } from '@roster/user-service-contract';

export function recordFromState(user: ExistingUser): UserRecord {
  return publicUserOf(user);
}

export function recordFromView(view: UserView): UserRecord {
  const { ancestors: _ancestors, depth: _depth, revision: _revision, ...record } = view;
  return record;
}

export function recordPage(page: Page<UserView>): Page<UserRecord> {
  return { items: page.items.map(recordFromView), after: page.after };
}
