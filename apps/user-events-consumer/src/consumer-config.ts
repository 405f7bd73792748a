import { isAbsolute, resolve } from 'node:path';
import type { KafkaConfig, RosterConfig } from '@roster/config';
import { ConfigError, loadConfig } from '@roster/config';

type Env = Record<string, string | undefined>;

/** Everything the consumer reads from the environment, validated once at start. Doubles as the Nest DI token. */
export class ConsumerConfig {
  /**
   * Brokers and topic prefix, read exactly as the relay reads them (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX,
   * KAFKA_CLIENT_ID); null when the consumer follows Roster's change feed instead (CONSUMER_SOURCE=changes).
   */
  kafka: KafkaConfig | null;
  /** Roster's change feed to follow over HTTP (`GET /changes`), the no-Kafka option: ROSTER_URL, ROSTER_API_KEY. */
  changes: { url: string; apiKey: string } | null;
  /** Names the committed offsets: two processes with the same group id share the partitions. */
  groupId: string;
  /** Folder of the consumer's own SQLite file. */
  dataDir: string;
  host: string;
  port: number;
  logLevel: RosterConfig['logLevel'];
  /** Spans exported over OTLP (ROSTER_TRACING / OTEL_EXPORTER_OTLP_ENDPOINT, as Roster reads them). */
  tracing: RosterConfig['observability']['tracing'];
}

const SHARED_VARIABLES = [
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_CLIENT_ID',
  'LOG_LEVEL',
  'ROSTER_TRACING',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
];

export function loadConsumerConfig(env: Env = process.env): ConsumerConfig {
  // Only the shared variables go to the Roster loader: the user-service's own settings are none of ours.
  const shared = loadConfig(Object.fromEntries(SHARED_VARIABLES.map((name) => [name, env[name]])));
  const source = env.CONSUMER_SOURCE?.trim() || 'kafka';
  if (source !== 'kafka' && source !== 'changes')
    throw new ConfigError('CONSUMER_SOURCE', `must be kafka or changes, got "${source}"`);
  if (source === 'kafka' && !shared.kafka) throw new ConfigError('KAFKA_BROKERS', 'must be set for the consumer');
  const groupId = env.CONSUMER_GROUP_ID?.trim() || 'user-events-consumer';
  const config = new ConsumerConfig();
  // Roster's default client id would make the broker's logs and quotas mix this service up with the relay.
  config.kafka =
    source === 'kafka' && shared.kafka ? { ...shared.kafka, clientId: env.KAFKA_CLIENT_ID?.trim() || groupId } : null;
  config.changes = source === 'changes' ? changeFeed(env) : null;
  config.groupId = groupId;
  config.dataDir = absolutePath(env.CONSUMER_DATA_DIR?.trim() || './data/user-events-consumer');
  config.host = env.CONSUMER_HOST?.trim() || '127.0.0.1';
  config.port = port(env, 'CONSUMER_PORT', 3100);
  config.logLevel = shared.logLevel;
  config.tracing = shared.observability.tracing;
  return config;
}

function changeFeed(env: Env): { url: string; apiKey: string } {
  const url = env.ROSTER_URL?.trim();
  if (!url || !/^https?:\/\/[^/]+/.test(url)) throw new ConfigError('ROSTER_URL', "must be Roster's http(s) address");
  const apiKey = env.ROSTER_API_KEY?.trim();
  if (!apiKey) throw new ConfigError('ROSTER_API_KEY', 'must be an API key with user:read');
  return { url: url.replace(/\/+$/, ''), apiKey };
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
    throw new ConfigError(name, `must be a port number (0-65535), got "${raw}"`);
  return Number(raw);
}

function absolutePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}
