import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig, sharedSecretOf } from './roster-config';

describe('loadConfig', () => {
  it('needs no variable at all: defaults use embedded stores', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: 'sqlite', readModel: 'sqlite', bootstrapTenant: 'default' });
    expect(config.dataDir).toBe(`${process.cwd()}/data`);
    expect(config.bootstrapApiKey).toBeNull();
    expect(config.userService).toEqual({ host: '127.0.0.1', bindHost: '127.0.0.1', port: 3001, timeoutMs: 5000 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/roster',
      EVENT_STORE: 'memory',
      ROSTER_BOOTSTRAP_API_KEY: 'k'.repeat(32),
      ROSTER_BOOTSTRAP_TENANT: 'pb.amritsar',
      ROSTER_CONSISTENCY_WAIT_MS: '500',
      ROSTER_IDEMPOTENCY_TTL_HOURS: '48',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/roster',
      eventStore: 'memory',
      bootstrapApiKey: 'k'.repeat(32),
      bootstrapTenant: 'pb.amritsar',
      consistencyWaitMs: 500,
      idempotencyTtlMs: 48 * 3_600_000,
    });
  });

  it('needs the server address of a selected server store', () => {
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(
      'invalid configuration: EVENTSTORE_URL must be set for the selected store',
    );
    expect(() => loadConfig({ READ_MODEL: 'mongodb' })).toThrow(
      'invalid configuration: MONGO_URL must be set for the selected store',
    );
    expect(() => loadConfig({ READ_MODEL: 'mongodb', MONGO_URL: 'http://db:27017' })).toThrow(
      'MONGO_URL must be a connection string starting with mongodb:// or mongodb+srv://',
    );
    const config = loadConfig({
      EVENT_STORE: 'kurrentdb',
      EVENTSTORE_URL: 'kurrentdb://localhost:2113?tls=false',
      READ_MODEL: 'mongodb',
      MONGO_URL: 'mongodb://127.0.0.1:27017/roster',
    });
    expect(config).toMatchObject({
      eventStoreUrl: 'kurrentdb://localhost:2113?tls=false',
      mongoUrl: 'mongodb://127.0.0.1:27017/roster',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['EVENT_STORE', 'postgres', /EVENT_STORE must be one of sqlite, memory/],
    ['READ_MODEL', 'redis', /READ_MODEL must be one of sqlite, mongodb/],
    ['ROSTER_BOOTSTRAP_API_KEY', 'short', /ROSTER_BOOTSTRAP_API_KEY must be at least 24 characters/],
    ['ROSTER_BOOTSTRAP_TENANT', 'bad tenant', /ROSTER_BOOTSTRAP_TENANT must start with a letter/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    const load = () => loadConfig({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe('loadConfig: Kafka (relay)', () => {
  it('runs no relay when KAFKA_BROKERS is unset', () => {
    expect(loadConfig({ KAFKA_TOPIC_PREFIX: 'ignored' }).kafka).toBeNull();
  });

  it('defaults everything but the brokers', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' }).kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      topicPrefix: 'roster',
      clientId: 'roster',
      topicPartitions: 6,
      replicationFactor: 1,
      eventsRetentionMs: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_TOPIC_PREFIX: 'pb.amritsar_roster-2',
      KAFKA_CLIENT_ID: 'roster-relay',
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_EVENTS_RETENTION_MS: '604800000',
    });
    expect(config.kafka).toEqual({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      topicPrefix: 'pb.amritsar_roster-2',
      clientId: 'roster-relay',
      topicPartitions: 12,
      replicationFactor: 3,
      eventsRetentionMs: 604_800_000,
    });
  });

  it.each([
    ['KAFKA_BROKERS', 'kafka-1', /KAFKA_BROKERS must be a comma-separated list of host:port, got "kafka-1"/],
    ['KAFKA_BROKERS', 'a:9092,,b:9092', /KAFKA_BROKERS must be a comma-separated list of host:port, got ""/],
    ['KAFKA_BROKERS', 'kafka://a:9092', /KAFKA_BROKERS must be a comma-separated list of host:port/],
    ['KAFKA_TOPIC_PREFIX', 'roster/prod', /KAFKA_TOPIC_PREFIX must hold only letters, digits/],
    ['KAFKA_TOPIC_PARTITIONS', '0', /KAFKA_TOPIC_PARTITIONS must be between 1 and 10000/],
    ['KAFKA_REPLICATION_FACTOR', 'x', /KAFKA_REPLICATION_FACTOR must be a whole number/],
    ['KAFKA_EVENTS_RETENTION_MS', '-1', /KAFKA_EVENTS_RETENTION_MS must be a whole number/],
    ['KAFKA_EVENTS_RETENTION_MS', '1000', /KAFKA_EVENTS_RETENTION_MS must be between 60000 and/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    const load = () => loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe('split roles', () => {
  it('the user-service listens on loopback unless USER_SERVICE_BIND_HOST says otherwise', () => {
    expect(loadConfig({ USER_SERVICE_BIND_HOST: '0.0.0.0' }).userService.bindHost).toBe('0.0.0.0');
  });

  it('the gateway and the user-service as separate processes need the shared ROSTER_SECRET', () => {
    expect(() => sharedSecretOf(loadConfig({}))).toThrow(
      /ROSTER_SECRET must be set when the gateway and the user-service run as separate processes/,
    );
    expect(sharedSecretOf(loadConfig({ ROSTER_SECRET: 'x'.repeat(32) }))).toBe('x'.repeat(32));
  });
});

describe('loadConfig: egov face', () => {
  it('checks tokens itself and writes dates in UTC unless told otherwise', () => {
    expect(loadConfig({}).egov).toMatchObject({ auth: 'token', timeZone: 'UTC' });
  });

  it("keeps every citizen's mobile number unique unless told to keep only the sign-in numbers unique", () => {
    expect(loadConfig({}).mobileNumberUniqueness).toBe('every-citizen');
    expect(loadConfig({ ROSTER_MOBILE_NUMBER_UNIQUENESS: 'sign-in' }).mobileNumberUniqueness).toBe('sign-in');
    expect(() => loadConfig({ ROSTER_MOBILE_NUMBER_UNIQUENESS: 'none' })).toThrow(
      /ROSTER_MOBILE_NUMBER_UNIQUENESS must be one of every-citizen, sign-in/,
    );
  });

  it('trusts the DIGIT gateway and uses the zone given', () => {
    const config = loadConfig({ ROSTER_EGOV_AUTH: 'gateway', ROSTER_EGOV_TIME_ZONE: 'Asia/Kolkata' });
    expect(config.egov).toMatchObject({ auth: 'gateway', timeZone: 'Asia/Kolkata' });
  });

  it.each([
    ['ROSTER_EGOV_AUTH', 'none', /ROSTER_EGOV_AUTH must be one of token, gateway/],
    ['ROSTER_EGOV_TIME_ZONE', 'Mars/Olympus', /ROSTER_EGOV_TIME_ZONE must be an IANA time zone/],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('loadConfig: observability', () => {
  it('defaults: role ports, readiness within 1000 events, no tracing', () => {
    expect(loadConfig({}).observability).toEqual({ opsPort: null, readyMaxLagEvents: 1000, tracing: 'off' });
  });

  it('on KurrentDB, whose positions are bytes, readiness allows a million positions unless told otherwise', () => {
    const kurrentdb = { EVENT_STORE: 'kurrentdb', EVENTSTORE_URL: 'kurrentdb://localhost:2113?tls=false' };
    expect(loadConfig(kurrentdb).observability.readyMaxLagEvents).toBe(1_000_000);
    expect(loadConfig({ ...kurrentdb, ROSTER_READY_MAX_LAG_EVENTS: '5000' }).observability.readyMaxLagEvents).toBe(
      5000,
    );
  });

  it('reads every variable; an OTLP endpoint turns tracing on unless ROSTER_TRACING says off', () => {
    expect(
      loadConfig({ ROSTER_OPS_PORT: '9200', ROSTER_READY_MAX_LAG_EVENTS: '0', ROSTER_TRACING: 'otlp' }).observability,
    ).toEqual({ opsPort: 9200, readyMaxLagEvents: 0, tracing: 'otlp' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).observability.tracing).toBe('otlp');
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ROSTER_TRACING: 'off' }).observability.tracing,
    ).toBe('off');
    expect(() => loadConfig({ ROSTER_TRACING: 'jaeger' })).toThrow('ROSTER_TRACING must be one of off, otlp');
    expect(() => loadConfig({ ROSTER_OPS_PORT: '70000' })).toThrow('ROSTER_OPS_PORT must be between 0 and 65535');
  });
});

describe('loadConfig: HTTP workers of the all-in-one process', () => {
  it('runs as many as there are cores by default, and what ROSTER_WORKERS says', () => {
    expect(loadConfig({}).workers).toBe(availableParallelism());
    expect(loadConfig({ ROSTER_WORKERS: '1' }).workers).toBe(1);
    expect(loadConfig({ ROSTER_WORKERS: '3' }).workers).toBe(3);
    expect(() => loadConfig({ ROSTER_WORKERS: '0' })).toThrow(/ROSTER_WORKERS/);
    expect(() => loadConfig({ ROSTER_WORKERS: 'many' })).toThrow(/ROSTER_WORKERS/);
  });

  it('lets each worker write the stores by default, or the primary alone', () => {
    expect(loadConfig({}).writer).toBe('each-worker');
    expect(loadConfig({ ROSTER_WRITER: 'primary' }).writer).toBe('primary');
    expect(() => loadConfig({ ROSTER_WRITER: 'both' })).toThrow(/ROSTER_WRITER must be one of/);
  });

  it('runs one with the in-memory event store, which no other process can share, and refuses more', () => {
    expect(loadConfig({ EVENT_STORE: 'memory' }).workers).toBe(1);
    expect(() => loadConfig({ EVENT_STORE: 'memory', ROSTER_WORKERS: '2' })).toThrow(
      /ROSTER_WORKERS must be 1 with EVENT_STORE=memory/,
    );
  });
});
