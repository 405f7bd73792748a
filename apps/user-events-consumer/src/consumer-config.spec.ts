import { ConfigError } from '@roster/config';
import { loadConsumerConfig } from './consumer-config';

describe('loadConsumerConfig', () => {
  it('needs only the brokers; the group id doubles as the client id', () => {
    expect(loadConsumerConfig({ KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual({
      kafka: {
        brokers: ['127.0.0.1:9092'],
        topicPrefix: 'roster',
        clientId: 'user-events-consumer',
        topicPartitions: 6,
        replicationFactor: 1,
        eventsRetentionMs: null,
      },
      changes: null,
      groupId: 'user-events-consumer',
      dataDir: `${process.cwd()}/data/user-events-consumer`,
      host: '127.0.0.1',
      port: 3100,
      logLevel: 'log',
      tracing: 'off',
    });
  });

  it('follows the change feed instead with CONSUMER_SOURCE=changes, ROSTER_URL and ROSTER_API_KEY (no brokers)', () => {
    const config = loadConsumerConfig({
      CONSUMER_SOURCE: 'changes',
      ROSTER_URL: 'http://roster:3000/',
      ROSTER_API_KEY: 'rk_key',
    });
    expect(config).toMatchObject({ kafka: null, changes: { url: 'http://roster:3000', apiKey: 'rk_key' } });
    expect(() => loadConsumerConfig({ CONSUMER_SOURCE: 'changes', ROSTER_API_KEY: 'k' })).toThrow('ROSTER_URL');
    expect(() => loadConsumerConfig({ CONSUMER_SOURCE: 'changes', ROSTER_URL: 'http://r' })).toThrow('ROSTER_API_KEY');
    expect(() => loadConsumerConfig({ CONSUMER_SOURCE: 'mqtt' })).toThrow('CONSUMER_SOURCE');
  });

  it('exports traces when Roster would: OTEL_EXPORTER_OTLP_ENDPOINT or ROSTER_TRACING', () => {
    const tracingOf = (env: Record<string, string>) =>
      loadConsumerConfig({ KAFKA_BROKERS: '127.0.0.1:9092', ...env }).tracing;
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracingOf({ ROSTER_TRACING: 'otlp' })).toBe('otlp');
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ROSTER_TRACING: 'off' })).toBe('off');
  });

  it('reads every variable, and ignores the settings of Roster processes', () => {
    const config = loadConsumerConfig({
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
      KAFKA_TOPIC_PREFIX: 'pb',
      KAFKA_CLIENT_ID: 'billing',
      CONSUMER_GROUP_ID: 'billing-user-events',
      CONSUMER_DATA_DIR: '/var/billing',
      CONSUMER_HOST: '0.0.0.0',
      CONSUMER_PORT: '8081',
      LOG_LEVEL: 'debug',
      PORT: 'not-a-port',
      EVENT_STORE: 'kurrentdb',
    });
    expect(config).toMatchObject({
      kafka: { brokers: ['kafka-1:9092', 'kafka-2:9092'], topicPrefix: 'pb', clientId: 'billing' },
      groupId: 'billing-user-events',
      dataDir: '/var/billing',
      host: '0.0.0.0',
      port: 8081,
      logLevel: 'debug',
    });
  });

  it.each([
    [{}, /KAFKA_BROKERS must be set for the consumer/],
    [{ KAFKA_BROKERS: 'kafka-1' }, /KAFKA_BROKERS must be a comma-separated list/],
    [{ KAFKA_BROKERS: 'kafka-1:9092', CONSUMER_PORT: '70000' }, /CONSUMER_PORT must be a port number/],
    [{ KAFKA_BROKERS: 'kafka-1:9092', KAFKA_TOPIC_PREFIX: 'a/b' }, /KAFKA_TOPIC_PREFIX must hold only/],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConsumerConfig(env)).toThrow(ConfigError);
    expect(() => loadConsumerConfig(env)).toThrow(message);
  });
});
