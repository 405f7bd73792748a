import { setTimeout as sleep } from 'node:timers/promises';
import { requireKafkaBrokers } from '@roster/messaging/testing';
import { readConsumerState, untilConsumerCaughtUp } from './support/consumer-state';
import { readExpectedUserEvents } from './support/expected-user-events';
import { deploymentPerTest } from './support/kafka-deployment';
import { ScriptedBroker } from './support/scripted-broker';
import { firstDeliveriesPerUser, readTopics } from './support/topic-contents';
import { UserWorkload } from './support/user-workload';

/**
 * Stops the shared broker for a while: other suites on the same broker fail meanwhile. Run this tier
 * serially (test/jest-int.config.js has maxWorkers 1), or point it at a broker of its own:
 *   INFRA_DIR=/tmp/kafka-faults KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 bash scripts/infra/up.sh kafka
 *   INFRA_DIR=/tmp/kafka-faults KAFKA_PORT=29092 KAFKA_BROKERS=127.0.0.1:29092 npx jest --config test/jest-int.config.js test/kafka
 */
describe('Kafka faults under load', () => {
  const brokers = requireKafkaBrokers();
  const broker = new ScriptedBroker(brokers);
  const deployments = deploymentPerTest(brokers);

  it('after a broker outage and SIGKILLed relay and consumer, every event is on the topic in per-user order and the consumer equals the log', async () => {
    const deployment = await deployments.start();
    const load = new UserWorkload(deployment.api);
    const stopLoad = load.start();
    try {
      await load.untilWrites(40);
      await deployment.kill('relay');
      deployment.startRelay();
      await load.untilWrites(load.writes + 40);
      await deployment.kill('consumer');
      await deployment.startConsumer();
      await load.untilWrites(load.writes + 40);

      await broker.stop();
      const writesWhileDown = load.writes;
      await sleep(3000);
      expect(load.writes).toBeGreaterThan(writesWhileDown); // the write side never needs the broker
      await broker.start();
      await load.untilWrites(load.writes + 40);
    } finally {
      await broker.start(); // restores the shared broker whatever failed; a no-op when it runs
      await stopLoad();
    }

    const expected = await readExpectedUserEvents(deployment.dataDir);
    await untilConsumerCaughtUp(deployment.consumer, expected, () => deployment.output(), 120_000);
    const { events } = deployment.topics;
    const messages = (
      await readTopics(
        brokers,
        deployment.prefix,
        (read) => new Set(read.of(events).map((message) => message.headers.ce_id)).size >= expected.ids.length,
      )
    ).filter((message) => message.topic === events);
    const state = await readConsumerState(deployment.consumer, expected.idsPerUser.keys());

    expect(new Set(messages.map((message) => message.headers.ce_id))).toEqual(new Set(expected.ids));
    const revisionsPerUser = new Map(
      [...expected.idsPerUser].map(([userId, ids]) => [userId, ids.map((_, revision) => revision)]),
    );
    expect(firstDeliveriesPerUser(messages)).toEqual(revisionsPerUser);
    expect(state.idsPerUser).toEqual(expected.idsPerUser);
    expect(state.lastPositions).toEqual(expected.lastPositions);
    expect(state.stats.tenants).toEqual(expected.tenants);
    process.stdout.write(
      `faults: ${expected.ids.length} events, ${messages.length - expected.ids.length} duplicates on the topic, ` +
        `${state.stats.duplicatesSinceStart} recognised by the consumer since its last start; restarts: ${deployment.restarts.join(', ') || 'none'}\n`,
    );
  }, 300_000);
});
