#!/usr/bin/env bash
# For fault tests: stop FerretDB, stay down for DOWNTIME seconds (default 0), then start
# it again on the same port with the same data. Exits once it answers pings again.
# Usage: scripts/infra/restart-ferretdb.sh [DOWNTIME]
# From a test: execFileSync('bash', ['scripts/infra/restart-ferretdb.sh', '2'])
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
lock_infra

downtime=${1:-0}
[[ -s $FDB_DIR/ferretdb.port ]] || die "ferretdb was never started; run scripts/infra/up.sh ferretdb first"
port=$(<"$FDB_DIR/ferretdb.port") # the port clients already hold in MONGO_URL

ferretdb_stop
sleep "$downtime"
ferretdb_start "$port"
write_env
