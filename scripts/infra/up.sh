#!/usr/bin/env bash
# Start real servers on 127.0.0.1 for the integration tier, without Docker:
#   FerretDB (MongoDB wire protocol over SQLite), an Apache Kafka broker (KRaft) and a
#   PostgreSQL cluster (the egov-user database the egov import reads).
# Usage: scripts/infra/up.sh [ferretdb|kafka|postgres|all]   (default: all; npm run infra:up)
# Idempotent: builds/downloads are cached under .infra/, running servers are reused.
# On success writes .infra/env (MONGO_URL=..., KAFKA_BROKERS=..., PG_URL=...) and prints it.
# Env: FERRETDB_PORT (27117) KAFKA_PORT (19092) KAFKA_CONTROLLER_PORT (19093) PG_PORT (15432)
#      INFRA_START_TIMEOUT (90 s) INFRA_DIR (.infra) KAFKA_JAVA_OPTS FERRETDB_LOG_LEVEL (error)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
lock_infra

what=${1:-all}
case $what in
  ferretdb) ferretdb_start "$FERRETDB_PORT" ;;
  kafka) kafka_start ;;
  postgres) pg_start ;;
  all)
    # Build/fetch/install everything before starting anything: a failed build,
    # download or install then leaves nothing half-started.
    ferretdb_build
    kafka_fetch
    pg_install
    ferretdb_start "$FERRETDB_PORT"
    kafka_start
    pg_start
    ;;
  *) die "usage: $0 [ferretdb|kafka|postgres|all]" ;;
esac

write_env
log "wrote $INFRA_DIR/env:"
cat "$INFRA_DIR/env"
