import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

export type EventStoreKind = 'sqlite' | 'memory' | 'kurrentdb';
export type ReadModelKind = 'sqlite' | 'mongodb';

/** Where and how the relay publishes to Kafka. */
export interface KafkaConfig {
  /** `host:port` of each bootstrap broker. */
  brokers: string[];
  /** Topics are `<topicPrefix>.user.events.v1`, `<topicPrefix>.user.state.v1`. */
  topicPrefix: string;
  clientId: string;
  /** Partitions of topics the relay creates; an existing topic keeps its own. */
  topicPartitions: number;
  replicationFactor: number;
  /**
   * `retention.ms` of the events topic (KAFKA_EVENTS_RETENTION_MS), set when the relay creates it and kept in line
   * on an existing one: how long published events, with the personal data they carry, stay on the broker (an erased
   * user's too, docs/data-protection.md). null: the broker's default for a new topic, an existing one untouched.
   */
  eventsRetentionMs: number | null;
}

/** The egov-user face: authentication, OTP, lockout and input rules (egov-user's numbers as defaults). */
export interface EgovConfig {
  /**
   * Server secret for token signatures and OTP hashes (ROSTER_SECRET, ≥ 32 characters). null: the process
   * uses `<DATA_DIR>/roster.secret`, created with a random secret on first start (embedded mode).
   */
  secret: string | null;
  /**
   * The secret before a rotation (ROSTER_PREVIOUS_SECRET): personal-data keys wrapped under it are still opened, and
   * re-wrapped under the current secret at start-up (docs/data-protection.md). null: no rotation under way.
   */
  previousSecret: string | null;
  /** Role catalogue file (JSON: roles → permissions per tenant); null: the built-in `config/roles.json`. */
  rolesFile: string | null;
  /** A SYSTEM user with the SUPERUSER role created at start when all three are set (idempotent). */
  bootstrapAdmin: { userName: string; password: string; tenantId: string } | null;
  otp: { ttlSeconds: number; maxAttempts: number; sendLimit: number; sendWindowSeconds: number };
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  lockout: { maxFailures: number; windowMs: number; lockMs: number };
  passwordExpiryDays: number;
  /** Largest `users[]` of one `/user/users/_createnovalidate`. */
  bulkCreateMax: number;
  /** `/user/citizen/_create` answers with tokens (true) or the user envelope. */
  loginOnRegistration: boolean;
  /** Pattern a mobile number must match (egov-user: 10 digits). */
  mobilePattern: RegExp;
  /** Where OTP/SMS/e-mail go: `log` (masked line), `kafka` (DIGIT notification topics; needs KAFKA_BROKERS), `file` (development and tests only: JSON lines with the codes in clear). */
  notifier: 'log' | 'kafka' | 'file';
  notifierFile: string | null;
  /** DIGIT notification topics (used by the kafka notifier). */
  notificationTopics: { otpSms: string; sms: string; email: string };
  /**
   * Who vouches for the caller (ROSTER_EGOV_AUTH). `token`: Roster checks the access token and the caller's
   * permissions itself (standing alone). `gateway`: as egov-user behind DIGIT's API gateway, which checked the
   * token and the caller's actions and put the caller into `RequestInfo.userInfo`; Roster trusts that and applies
   * no permission checks of its own, so the port must be reachable only through the gateway.
   */
  auth: 'token' | 'gateway';
  /** IANA zone of egov's `dd-MM-yyyy HH:mm:ss` dates (ROSTER_EGOV_TIME_ZONE; egov-user's Jackson writes UTC). */
  timeZone: string;
}

/** Every setting Roster reads from the environment, validated once at start. Doubles as the Nest DI token. */
export class RosterConfig {
  port: number;
  host: string;
  /**
   * How many processes serve HTTP in the all-in-one process (ROSTER_WORKERS, default the available parallelism;
   * 1 with EVENT_STORE=memory, whose store no other process can share). 1: one process does everything.
   */
  workers: number;
  /**
   * Who writes the embedded event log and key store when there are several workers (ROSTER_WRITER): `each-worker`
   * (each group-commits its own appends and key creations to the shared files) or `primary` (workers hand them to
   * the primary, the files' only writer).
   */
  writer: 'each-worker' | 'primary';
  dataDir: string;
  eventStore: EventStoreKind;
  /** KurrentDB / EventStoreDB connection string; set when eventStore is kurrentdb. */
  eventStoreUrl: string | null;
  readModel: ReadModelKind;
  /** MongoDB connection string (database in its path, default `roster`); set when readModel is mongodb. */
  mongoUrl: string | null;
  /** How long start-up waits for a store server before it gives up. */
  connectTimeoutMs: number;
  bootstrapApiKey: string | null;
  bootstrapTenant: string;
  /** How long a query that presents a consistency token may wait for the projector. */
  consistencyWaitMs: number;
  /** How long an `Idempotency-Key` answers its first answer again (ROSTER_IDEMPOTENCY_TTL_HOURS, default 24). */
  idempotencyTtlMs: number;
  bodyLimitBytes: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** null when KAFKA_BROKERS is unset: then no relay runs. */
  kafka: KafkaConfig | null;
  /**
   * Which citizens' mobile numbers are unique per tenant: `every-citizen` (default), or `sign-in`: only of those
   * who sign in with it (userName = number, or no userName), as at egov-user (ROSTER_MOBILE_NUMBER_UNIQUENESS).
   */
  mobileNumberUniqueness: 'every-citizen' | 'sign-in';
  /**
   * Where a gateway process reaches the user-service (host, port), and where a user-service process listens
   * (bindHost, port: loopback unless configured, so only what runs on its machine can reach it).
   */
  userService: { host: string; bindHost: string; port: number; timeoutMs: number };
  egov: EgovConfig;
  observability: ObservabilityConfig;
}

/** Metrics, health and traces (docs/observability.md). */
export interface ObservabilityConfig {
  /**
   * Port of the small metrics and health listener of the processes without an HTTP API (user-service, projector,
   * relay; ROSTER_OPS_PORT); null: each role's default (9101, 9102, 9103); 0: any free port (tests). It listens
   * on HOST.
   */
  opsPort: number | null;
  /** `/health/ready` answers 503 while the read model trails the log's head by more events than this. */
  readyMaxLagEvents: number;
  /** `otlp`: spans are exported over OTLP/HTTP (ROSTER_TRACING, or implied by OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing: 'off' | 'otlp';
}

/** Names the variable at fault; start-up prints the message as its one line and exits non-zero. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const KURRENTDB_SCHEMES = [
  'kurrentdb://',
  'kurrentdb+discover://',
  'kdb://',
  'kdb+discover://',
  'esdb://',
  'esdb+discover://',
];

export function loadConfig(env: Env = process.env): RosterConfig {
  const config = new RosterConfig();
  config.port = integer(env, 'PORT', 3000, 0, 65535);
  config.host = text(env, 'HOST', '0.0.0.0');
  config.dataDir = absolutePath(text(env, 'DATA_DIR', './data'));
  config.eventStore = oneOf(env, 'EVENT_STORE', ['sqlite', 'memory', 'kurrentdb'] as const, 'sqlite');
  config.eventStoreUrl = serverUrl(env, 'EVENTSTORE_URL', KURRENTDB_SCHEMES, config.eventStore === 'kurrentdb');
  config.workers = workerCount(env, config.eventStore);
  config.writer = oneOf(env, 'ROSTER_WRITER', ['each-worker', 'primary'] as const, 'each-worker');
  config.readModel = oneOf(env, 'READ_MODEL', ['sqlite', 'mongodb'] as const, 'sqlite');
  config.mongoUrl = serverUrl(env, 'MONGO_URL', ['mongodb://', 'mongodb+srv://'], config.readModel === 'mongodb');
  config.connectTimeoutMs = integer(env, 'ROSTER_CONNECT_TIMEOUT_MS', 10000, 100, 600000);
  config.bootstrapApiKey = optionalApiKey(env, 'ROSTER_BOOTSTRAP_API_KEY');
  config.bootstrapTenant = tenantId(env, 'ROSTER_BOOTSTRAP_TENANT', 'default');
  config.consistencyWaitMs = integer(env, 'ROSTER_CONSISTENCY_WAIT_MS', 3000, 0, 60000);
  config.idempotencyTtlMs = integer(env, 'ROSTER_IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30) * 3_600_000;
  config.bodyLimitBytes = integer(env, 'ROSTER_BODY_LIMIT_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024);
  config.logLevel = oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log');
  config.kafka = kafkaConfig(env);
  config.mobileNumberUniqueness = oneOf(
    env,
    'ROSTER_MOBILE_NUMBER_UNIQUENESS',
    ['every-citizen', 'sign-in'] as const,
    'every-citizen',
  );
  config.userService = {
    host: text(env, 'USER_SERVICE_HOST', '127.0.0.1'),
    bindHost: text(env, 'USER_SERVICE_BIND_HOST', '127.0.0.1'),
    port: integer(env, 'USER_SERVICE_PORT', 3001, 1, 65535),
    timeoutMs: integer(env, 'USER_SERVICE_TIMEOUT_MS', 5000, 100, 120000),
  };
  config.egov = egovConfig(env, config);
  config.observability = {
    opsPort: env.ROSTER_OPS_PORT?.trim() ? integer(env, 'ROSTER_OPS_PORT', 0, 0, 65535) : null,
    // Lag is measured in log positions: events on the embedded store, commit-position bytes on KurrentDB (a few
    // hundred per event), where 1000 would be a handful of events and readiness would flap under load.
    readyMaxLagEvents: integer(
      env,
      'ROSTER_READY_MAX_LAG_EVENTS',
      config.eventStore === 'kurrentdb' ? 1_000_000 : 1000,
      0,
      1_000_000_000,
    ),
    tracing: oneOf(
      env,
      'ROSTER_TRACING',
      ['off', 'otlp'] as const,
      env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() ? 'otlp' : 'off',
    ),
  };
  return config;
}

function workerCount(env: Env, eventStore: EventStoreKind): number {
  if (eventStore !== 'memory') return integer(env, 'ROSTER_WORKERS', availableParallelism(), 1, 256);
  const workers = integer(env, 'ROSTER_WORKERS', 1, 1, 256);
  if (workers > 1)
    throw new ConfigError('ROSTER_WORKERS', 'must be 1 with EVENT_STORE=memory: no other process can share its store');
  return workers;
}

// --- egov-user face ---

function egovConfig(env: Env, config: RosterConfig): EgovConfig {
  const notifier = oneOf(env, 'ROSTER_NOTIFIER', ['log', 'kafka', 'file'] as const, config.kafka ? 'kafka' : 'log');
  if (notifier === 'kafka' && !config.kafka)
    throw new ConfigError('ROSTER_NOTIFIER', 'is kafka but KAFKA_BROKERS is not set');
  const notifierFile = env.ROSTER_NOTIFIER_FILE?.trim() ? absolutePath(env.ROSTER_NOTIFIER_FILE.trim()) : null;
  if (notifier === 'file' && !notifierFile)
    throw new ConfigError('ROSTER_NOTIFIER_FILE', 'must be set when ROSTER_NOTIFIER is file');
  return {
    secret: secret(env, 'ROSTER_SECRET'),
    previousSecret: secret(env, 'ROSTER_PREVIOUS_SECRET'),
    rolesFile: env.ROSTER_ROLES_FILE?.trim() ? absolutePath(env.ROSTER_ROLES_FILE.trim()) : null,
    bootstrapAdmin: bootstrapAdmin(env),
    otp: {
      ttlSeconds: integer(env, 'ROSTER_OTP_TTL_SECONDS', 900, 30, 86400),
      maxAttempts: integer(env, 'ROSTER_OTP_MAX_ATTEMPTS', 5, 1, 100),
      sendLimit: integer(env, 'ROSTER_OTP_SEND_LIMIT', 5, 1, 1000),
      sendWindowSeconds: integer(env, 'ROSTER_OTP_SEND_WINDOW_SECONDS', 3600, 1, 86400),
    },
    accessTokenTtlSeconds: integer(env, 'ROSTER_ACCESS_TOKEN_TTL_SECONDS', 7 * 24 * 3600, 10, 365 * 24 * 3600),
    refreshTokenTtlSeconds: integer(env, 'ROSTER_REFRESH_TOKEN_TTL_SECONDS', 14 * 24 * 3600, 10, 365 * 24 * 3600),
    lockout: {
      maxFailures: integer(env, 'ROSTER_LOCKOUT_MAX_FAILURES', 5, 1, 1000),
      windowMs: integer(env, 'ROSTER_LOCKOUT_WINDOW_MINUTES', 30, 1, 7 * 24 * 60) * 60_000,
      lockMs: integer(env, 'ROSTER_LOCKOUT_MINUTES', 60, 1, 7 * 24 * 60) * 60_000,
    },
    passwordExpiryDays: integer(env, 'ROSTER_PASSWORD_EXPIRY_DAYS', 90, 1, 3650),
    bulkCreateMax: integer(env, 'ROSTER_BULK_CREATE_MAX', 100, 1, 10000),
    loginOnRegistration: boolean(env, 'ROSTER_LOGIN_ON_REGISTRATION', true),
    mobilePattern: pattern(env, 'ROSTER_MOBILE_PATTERN', '^[0-9]{10}$'),
    notifier,
    notifierFile,
    notificationTopics: {
      otpSms: topicName(env, 'ROSTER_TOPIC_SMS_OTP', 'egov.core.notification.sms.otp'),
      sms: topicName(env, 'ROSTER_TOPIC_SMS', 'egov.core.notification.sms'),
      email: topicName(env, 'ROSTER_TOPIC_EMAIL', 'egov.core.notification.email'),
    },
    auth: oneOf(env, 'ROSTER_EGOV_AUTH', ['token', 'gateway'] as const, 'token'),
    timeZone: timeZone(env, 'ROSTER_EGOV_TIME_ZONE', 'UTC'),
  };
}

function timeZone(env: Env, name: string, fallback: string): string {
  const zone = text(env, name, fallback);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(name, `must be an IANA time zone such as UTC or Asia/Kolkata, got "${zone}"`);
  }
}

function bootstrapAdmin(env: Env): EgovConfig['bootstrapAdmin'] {
  const names = ['ROSTER_BOOTSTRAP_ADMIN_USERNAME', 'ROSTER_BOOTSTRAP_ADMIN_PASSWORD', 'ROSTER_BOOTSTRAP_ADMIN_TENANT'];
  const given = names.filter((name) => env[name]?.trim());
  if (given.length === 0) return null;
  const missing = names.find((name) => !env[name]?.trim());
  if (missing) throw new ConfigError(missing, `must be set together with ${given.join(' and ')}`);
  return {
    userName: text(env, 'ROSTER_BOOTSTRAP_ADMIN_USERNAME', ''),
    password: env.ROSTER_BOOTSTRAP_ADMIN_PASSWORD!,
    tenantId: tenantId(env, 'ROSTER_BOOTSTRAP_ADMIN_TENANT', ''),
  };
}

function secret(env: Env, name: string): string | null {
  const raw = env[name];
  if (!raw) return null;
  if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function pattern(env: Env, name: string, fallback: string): RegExp {
  const raw = text(env, name, fallback);
  try {
    return new RegExp(raw);
  } catch {
    throw new ConfigError(name, `must be a regular expression, got "${raw}"`);
  }
}

function topicName(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(value))
    throw new ConfigError(name, 'must hold only letters, digits, ".", "_" and "-"');
  return value;
}

// --- Kafka (relay): KAFKA_BROKERS unset means no relay, and the other KAFKA_* variables are ignored ---

function kafkaConfig(env: Env): KafkaConfig | null {
  const brokers = env.KAFKA_BROKERS?.trim();
  if (!brokers) return null;
  return {
    brokers: brokerList('KAFKA_BROKERS', brokers),
    topicPrefix: topicPrefix(env, 'KAFKA_TOPIC_PREFIX', 'roster'),
    clientId: text(env, 'KAFKA_CLIENT_ID', 'roster'),
    topicPartitions: integer(env, 'KAFKA_TOPIC_PARTITIONS', 6, 1, 10000),
    replicationFactor: integer(env, 'KAFKA_REPLICATION_FACTOR', 1, 1, 100),
    eventsRetentionMs: env.KAFKA_EVENTS_RETENTION_MS?.trim()
      ? integer(env, 'KAFKA_EVENTS_RETENTION_MS', 0, 60_000, Number.MAX_SAFE_INTEGER)
      : null,
  };
}

function brokerList(name: string, raw: string): string[] {
  const brokers = raw.split(',').map((broker) => broker.trim());
  for (const broker of brokers) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(broker))
      throw new ConfigError(name, `must be a comma-separated list of host:port, got "${broker}"`);
  }
  return brokers;
}

// Kafka topic names allow only these characters; the prefix is joined to the rest with dots.
function topicPrefix(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(value))
    throw new ConfigError(name, 'must hold only letters, digits, ".", "_" and "-" (at most 200)');
  return value;
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A connection string that must be given when its store is selected, and must look like one. */
function serverUrl(env: Env, name: string, schemes: readonly string[], required: boolean): string | null {
  const raw = env[name]?.trim();
  if (!raw) {
    if (required) throw new ConfigError(name, 'must be set for the selected store');
    return null;
  }
  if (!schemes.some((scheme) => raw.startsWith(scheme))) {
    throw new ConfigError(name, `must be a connection string starting with ${schemes.join(' or ')}`);
  }
  return raw;
}

function tenantId(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (!/^[a-z][a-z0-9.]{0,63}$/i.test(value)) {
    throw new ConfigError(name, 'must start with a letter and hold only letters, digits and dots (at most 64)');
  }
  return value;
}

// An operator-chosen key is hashed with SHA-256 like generated ones, so it must carry enough entropy itself.
function optionalApiKey(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (raw.length < 24 || /\s/.test(raw)) throw new ConfigError(name, 'must be at least 24 characters without spaces');
  return raw;
}

function absolutePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

/** For process entry points: a bad setting ends start-up with one line naming the variable. */
/**
 * The secret a gateway process and a user-service process share: they sign and check every request between
 * them with it (and user-service processes sign tokens with it), so the split roles need ROSTER_SECRET.
 */
export function sharedSecretOf(config: RosterConfig): string {
  if (config.egov.secret === null) {
    throw new ConfigError(
      'ROSTER_SECRET',
      'must be set when the gateway and the user-service run as separate processes (they sign the requests between them with it)',
    );
  }
  return config.egov.secret;
}

export function loadConfigOrExit(env: Env = process.env): RosterConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** A store named by the configuration cannot be reached at start; names the variable that points at it. */
export class UnreachableStoreError extends Error {
  constructor(
    readonly variable: string,
    target: string,
    reason: string,
  ) {
    super(`cannot start: ${variable} (${redactCredentials(target)}) is unreachable: ${reason}`);
    this.name = 'UnreachableStoreError';
  }
}

/** Connection strings may carry a password; messages and logs get the URL without it. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/([^/@:]+):([^/@]*)@/, '//$1:***@');
}
