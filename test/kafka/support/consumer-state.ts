import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumerStats, UserChanges } from '../../../apps/user-events-consumer/src/user-change-log';
import type { HttpClient } from '../../e2e/support/http-client';
import type { ExpectedUserEvents } from './expected-user-events';

/** The consumer's state as its HTTP endpoint reports it, in the shape of ExpectedUserEvents. */
export interface ConsumerState {
  idsPerUser: Map<string, string[]>;
  lastPositions: Map<string, string>;
  stats: ConsumerStats;
}

const eventsIn = (stats: ConsumerStats) => Object.values(stats.tenants).reduce((sum, tenant) => sum + tenant.events, 0);

/** Resolves once the consumer has recorded `expected.ids.length` events; rejects after `timeoutMs`, with `output()`. */
export async function untilConsumerCaughtUp(
  consumer: HttpClient,
  expected: ExpectedUserEvents,
  output: () => string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let recorded = -1;
  while (Date.now() < deadline) {
    recorded = await consumer.get<ConsumerStats>('/stats').then(
      ({ body }) => eventsIn(body),
      () => -1,
    );
    if (recorded >= expected.ids.length) return;
    await sleep(250);
  }
  throw new Error(
    `the consumer recorded ${recorded} of ${expected.ids.length} events within ${timeoutMs} ms\n${output()}`,
  );
}

/** Asks the consumer about every user the event store knows. */
export async function readConsumerState(consumer: HttpClient, userIds: Iterable<string>): Promise<ConsumerState> {
  const state: ConsumerState = {
    idsPerUser: new Map(),
    lastPositions: new Map(),
    stats: (await consumer.get<ConsumerStats>('/stats')).body,
  };
  for (const userId of userIds) {
    const { status, body } = await consumer.get<UserChanges>(`/users/${userId}/changes`);
    if (status !== 200) continue; // missing from both maps, which the comparison shows
    state.idsPerUser.set(
      userId,
      body.changes.map((change) => change.eventId),
    );
    state.lastPositions.set(userId, body.lastPosition);
  }
  return state;
}
