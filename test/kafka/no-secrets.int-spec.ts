import type { ReadMessage } from '@roster/messaging/testing';
import { requireKafkaBrokers, secretMarkersIn } from '@roster/messaging/testing';
import { hashApiKey } from '../../apps/user-service/src/api-keys/api-key-secret';
import { BOOTSTRAP_KEY } from '../e2e/support/roster-harness';
import { deploymentPerTest } from './support/kafka-deployment';
import { readTopics } from './support/topic-contents';
import { writeUsersOfTwoTenants } from './support/user-workload';

/** Key, value and every header of a message, as the bytes on the wire would show them. */
const rawText = (message: ReadMessage) =>
  [message.key, message.value, ...Object.entries(message.headers).flat()].join('\n');

describe('what Roster publishes', () => {
  const brokers = requireKafkaBrokers();
  const deployments = deploymentPerTest(brokers);

  it('carries no hash, password, OTP or token, nor any API key or its hash, on any topic', async () => {
    const deployment = await deployments.start();
    const { acmeKey, expected } = await writeUsersOfTwoTenants(deployment, 3);
    const { events, state } = deployment.topics;

    const messages = await readTopics(
      brokers,
      deployment.prefix,
      (read) =>
        new Set(read.of(events).map((message) => message.headers.ce_id)).size >= expected.ids.length &&
        new Set(read.of(state).map((message) => message.key)).size >= expected.idsPerUser.size,
    );
    const secrets = [BOOTSTRAP_KEY, acmeKey].flatMap((key) => [key, hashApiKey(key)]);

    expect(new Set(messages.map((message) => message.topic))).toEqual(new Set([events, state]));
    const findings = messages
      .map((message) => ({
        at: `${message.topic}[${message.partition}]@${message.offset}`,
        markers: secretMarkersIn(message),
        secrets: secrets.filter((secret) => rawText(message).includes(secret)),
      }))
      .filter(({ markers, secrets: found }) => markers.length > 0 || found.length > 0);
    expect(findings).toEqual([]);
  });
});
