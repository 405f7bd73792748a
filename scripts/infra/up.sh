#!/usr/bin/env bash
# Start real servers on 127.0.0.1 for the integration tier, without Docker:
#   FerretDB (MongoDB wire protocol over SQLite) and an Apache Kafka broker (KRaft).
# Usage: scripts/infra/up.sh [ferretdb|kafka|all]   (default: all; npm run infra:up)
# Idempotent: builds/downloads are cached under .infra/, running servers are reused.
# On success writes .infra/env (MONGO_URL=..., KAFKA_BROKERS=...) and prints it.
# Env: FERRETDB_PORT (27117) KAFKA_PORT (19092) KAFKA_CONTROLLER_PORT (19093)
#      INFRA_START_TIMEOUT (90 s) INFRA_DIR (.infra) KAFKA_JAVA_OPTS FERRETDB_LOG_LEVEL (error)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
lock_infra

what=${1:-all}
case $what in
  ferretdb) ferretdb_start "$FERRETDB_PORT" ;;
  kafka) kafka_start ;;
  all)
    # Build/fetch both before starting either: a failed build or download then
    # leaves nothing half-started.
    ferretdb_build
    kafka_fetch
    ferretdb_start "$FERRETDB_PORT"
    kafka_start
    ;;
  *) die "usage: $0 [ferretdb|kafka|all]" ;;
esac

write_env
log "wrote $INFRA_DIR/env:"
cat "$INFRA_DIR/env"
