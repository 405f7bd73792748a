/** The integration tier's broker list; throws (a test must fail, never skip) when none is configured. */
export function requireKafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: the integration tier needs a Kafka broker (bash scripts/infra/up.sh kafka; set -a; . .infra/env; set +a)',
    );
  }
  return brokers;
}
