#!/usr/bin/env bash
# Stop the servers started by up.sh (via their pid files).
# Usage: scripts/infra/down.sh [ferretdb|kafka|postgres|all] [--wipe]   (npm run infra:down)
#   --wipe  also delete their data (FerretDB SQLite files, Kafka log dirs, the PostgreSQL
#           cluster); the cached FerretDB binary and Kafka jars are kept, so the next up is fast.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

what=all wipe=false
for arg in "$@"; do
  case $arg in
    --wipe) wipe=true ;;
    ferretdb | kafka | postgres | all) what=$arg ;;
    *) die "usage: $0 [ferretdb|kafka|postgres|all] [--wipe]" ;;
  esac
done
[[ -d $INFRA_DIR ]] || exit 0 # nothing was ever started
lock_infra

if [[ $what == ferretdb || $what == all ]]; then
  ferretdb_stop
  if $wipe; then rm -rf "$FDB_DIR/data" && log "ferretdb: data wiped"; fi
fi
if [[ $what == kafka || $what == all ]]; then
  kafka_stop
  # cluster-id goes too: a fresh log dir is formatted with a fresh id on the next start.
  if $wipe; then rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/cluster-id" && log "kafka: data wiped"; fi
fi
if [[ $what == postgres || $what == all ]]; then
  pg_stop
  # The next up runs initdb again and creates an empty egov database.
  if $wipe; then rm -rf "$PG_DATA" && log "postgres: data wiped"; fi
fi
write_env
