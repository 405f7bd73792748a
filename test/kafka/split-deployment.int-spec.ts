import { requireKafkaBrokers } from '@roster/messaging/testing';
import { readConsumerState, untilConsumerCaughtUp } from './support/consumer-state';
import { deploymentPerTest } from './support/kafka-deployment';
import { writeUsersOfTwoTenants } from './support/user-workload';

/** gateway, user-service, projector, relay and the example consumer, each a process of its own. */
describe('split deployment with Kafka', () => {
  const brokers = requireKafkaBrokers();
  const deployments = deploymentPerTest(brokers);

  it('the consumer receives every user event written over HTTP once, in per-user order, for every tenant', async () => {
    const deployment = await deployments.start();
    const { expected } = await writeUsersOfTwoTenants(deployment, 5);
    await untilConsumerCaughtUp(deployment.consumer, expected, () => deployment.output());
    const state = await readConsumerState(deployment.consumer, expected.idsPerUser.keys());

    expect(Object.keys(expected.tenants).sort()).toEqual(['acme', 'default']);
    expect(Object.keys(expected.tenants.default.eventsByType).sort()).toEqual([
      'ParentLinked',
      'ParentUnlinked',
      'ProfileUpdated',
      'UserCreated',
    ]);
    expect(state.idsPerUser).toEqual(expected.idsPerUser);
    expect(state.lastPositions).toEqual(expected.lastPositions);
    expect(state.stats.tenants).toEqual(expected.tenants);
  });
});
