import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Every metric of every process role, in one registry: a process exposes what its roles move (the all-in-one
 * process all of them). Defined once per process, so in-process apps (tests) share them; read deltas.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'roster_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: 'roster_http_request_duration_seconds',
  help: 'Time from a request arriving to its answer being sent, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const operations = new Counter({
  name: 'roster_operations_total',
  help: 'Commands and queries the user-service handled, by port (UserServiceApi, EgovUserApi), operation and outcome (ok, or the error kind)',
  labelNames: ['api', 'operation', 'outcome'] as const,
  registers: [registry],
});

export const eventStoreAppendDuration = new Histogram({
  name: 'roster_event_store_append_duration_seconds',
  help: 'Event-store appends (one atomic multi-stream append each), by outcome (ok, conflict, error)',
  labelNames: ['outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const relayedMessages = new Counter({
  name: 'roster_relay_published_messages_total',
  help: 'Kafka records the relay published (acknowledged), by topic',
  labelNames: ['topic'] as const,
  registers: [registry],
});

export const kafkaPublishErrors = new Counter({
  name: 'roster_kafka_publish_errors_total',
  help: 'Failed Kafka sends of the relay (each retried with back-off)',
  registers: [registry],
});

export const otpSends = new Counter({
  name: 'roster_otp_sends_total',
  help: 'OTP codes issued and handed to the notifier',
  registers: [registry],
});

export const loginFailures = new Counter({
  name: 'roster_login_failures_total',
  help: 'Wrong passwords or OTPs for existing accounts (counted towards the lockout)',
  registers: [registry],
});

export const lockouts = new Counter({
  name: 'roster_account_lockouts_total',
  help: 'Accounts locked after too many failed logins',
  registers: [registry],
});
