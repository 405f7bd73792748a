import type { ExistingUser } from '@roster/domain';
import type { Page, UserView } from '@roster/read-model';
import { publicUserOf } from '@roster/read-model';
import type { UserRecord } from '@roster/user-service-contract';

export function recordFromState(user: ExistingUser): UserRecord {
  return publicUserOf(user);
}

/** The read model's own fields of a view, which a record leaves out. */
const VIEW_ONLY: ReadonlySet<string> = new Set(['ancestors', 'depth', 'revision']);

export function recordFromView(view: UserView): UserRecord {
  // A loop rather than `{ ancestors, depth, revision, ...record }`: V8 copies with excluded keys at about twice the
  // cost, and a search page makes 20 of these per request.
  const record: Record<string, unknown> = {};
  for (const key in view) if (!VIEW_ONLY.has(key)) record[key] = view[key as keyof UserView];
  return record as unknown as UserRecord;
}

export function recordPage(page: Page<UserView>): Page<UserRecord> {
  return { items: page.items.map(recordFromView), after: page.after };
}
