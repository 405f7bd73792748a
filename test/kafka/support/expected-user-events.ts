import type { RecordedEvent } from '@roster/event-store';
import { userIdOf } from '@roster/messaging';
import type { TenantStats } from '../../../apps/user-events-consumer/src/user-change-log';
import { NO_TENANT } from '../../../apps/user-events-consumer/src/received-user-event';
import { openEventLog } from '../../e2e/support/event-log';
import { SHARED_SECRET } from '../../e2e/support/roster-harness';

/** What the event store says every consumer of the user events topic must end up with. */
export interface ExpectedUserEvents {
  /** Every user event id, in log order. */
  ids: string[];
  /** Per user, its event ids in stream order. */
  idsPerUser: Map<string, string[]>;
  /** Per user, the log position of its last event. */
  lastPositions: Map<string, string>;
  tenants: Record<string, TenantStats>;
}

/** Reads the whole log straight from the SQLite file, as a process of the deployment (its secret) would. */
export async function readExpectedUserEvents(dataDir: string): Promise<ExpectedUserEvents> {
  const store = openEventLog(dataDir, SHARED_SECRET);
  const events: RecordedEvent[] = [];
  try {
    for (
      let page = await store.readAll(null, 10_000);
      page.length > 0;
      page = await store.readAll(page.at(-1)!.position, 10_000)
    ) {
      events.push(...page);
    }
  } finally {
    await store.close();
  }
  return expectationsOf(events.filter((event) => userIdOf(event) !== null));
}

function expectationsOf(userEvents: RecordedEvent[]): ExpectedUserEvents {
  const expected: ExpectedUserEvents = { ids: [], idsPerUser: new Map(), lastPositions: new Map(), tenants: {} };
  const usersPerTenant = new Map<string, Set<string>>();
  for (const event of userEvents) {
    const userId = userIdOf(event)!;
    const tenantId = typeof event.metadata.tenantId === 'string' ? event.metadata.tenantId : NO_TENANT;
    expected.ids.push(event.id);
    if (!expected.idsPerUser.has(userId)) expected.idsPerUser.set(userId, []);
    expected.idsPerUser.get(userId)!.push(event.id);
    expected.lastPositions.set(userId, event.position.toString());
    const tenant = (expected.tenants[tenantId] ??= { events: 0, users: 0, eventsByType: {} });
    tenant.events += 1;
    tenant.eventsByType[event.type] = (tenant.eventsByType[event.type] ?? 0) + 1;
    usersPerTenant.set(tenantId, (usersPerTenant.get(tenantId) ?? new Set()).add(userId));
  }
  for (const [tenantId, users] of usersPerTenant) expected.tenants[tenantId].users = users.size;
  return expected;
}
