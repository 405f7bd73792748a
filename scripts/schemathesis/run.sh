#!/usr/bin/env bash
# Schemathesis against the OpenAPI document of a running all-in-one Roster (embedded SQLite stores in a temporary
# DATA_DIR), both faces, authenticated and not. Checks: no server error, every status documented, every body and
# content type as documented. Prints the totals and exits non-zero on any failure. Usage: bash scripts/schemathesis/run.sh
#
# Settings (environment): ST_EXAMPLES (test cases per operation and phase, default 20), ST_SEED (default 20261203),
# ST_WORKERS (default 1), ST_PORT (default: a free port), ST_VENV (default $TMPDIR/roster-schemathesis-<version>),
# ST_REPORT_DIR (default: a temporary folder; HAR and NDJSON of every run, kept on failure), ST_EXTRA (more st options,
# e.g. --continue-on-failure), ST_CHECKS (default the four below; `all` adds schemathesis' other checks, which
# are not required to pass: e.g. positive_data_acceptance counts every 401 of an anonymous run).
set -euo pipefail
cd "$(dirname "$0")/../.."

ST_VERSION=4.32.5
EXAMPLES=${ST_EXAMPLES:-20}
SEED=${ST_SEED:-20261203}
# One worker: with more, Hypothesis parses strategy sources in several threads at once, and CPython 3.11's parser
# then fails now and then ("AST constructor recursion depth mismatch"), an error of the tool, not of Roster.
WORKERS=${ST_WORKERS:-1}
PORT=${ST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
VENV=${ST_VENV:-${TMPDIR:-/tmp}/roster-schemathesis-$ST_VERSION}
CHECKS=${ST_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance}
BASE=http://127.0.0.1:$PORT
ADMIN_PASSWORD='Admin@1234'

if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$ST_VERSION"; then
  echo "== installing schemathesis $ST_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

main=dist/apps/roster/src/main.js
if [ ! -f "$main" ] || [ -n "$(find apps libs -name '*.ts' ! -name '*spec.ts' -newer "$main" -print -quit)" ]; then
  echo "== building Roster"
  npm run build --silent
fi

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/roster-schemathesis-data.XXXXXX")
REPORTS=${ST_REPORT_DIR:-$DATA_DIR/reports}
mkdir -p "$REPORTS"
REPORTS=$(cd "$REPORTS" && pwd)
CONFIG=$PWD/scripts/schemathesis/schemathesis.toml
server=
stop() {
  local status=$?
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "== Roster's log (last 40 lines); reports kept in $REPORTS"
    tail -n 40 "$DATA_DIR/roster.log" 2>/dev/null || true
  else
    rm -rf "$DATA_DIR"
  fi
}
trap stop EXIT

export DATA_DIR PORT HOST=127.0.0.1 LOG_LEVEL=warn
export ROSTER_BOOTSTRAP_ADMIN_USERNAME=admin ROSTER_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD
export ROSTER_BOOTSTRAP_ADMIN_TENANT=pb ROSTER_BOOTSTRAP_TENANT=pb
export ROSTER_NOTIFIER=file ROSTER_NOTIFIER_FILE=$DATA_DIR/notifications.jsonl

# A key of the admin's tenant with every permission, from the api-key CLI (written before the server starts).
API_KEY=$(node dist/apps/roster/src/issue-api-key.cli.js --tenant pb --permissions '*' --label schemathesis |
  grep -o 'rk_[A-Za-z0-9_-]*' | head -n 1)
[ -n "$API_KEY" ] || { echo "the api-key CLI printed no key" >&2; exit 1; }

node "$main" >"$DATA_DIR/roster.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "Roster exited during start" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$BASE/health" >/dev/null

TOKEN=$(curl -fsS "$BASE/user/oauth/token" -d username=admin --data-urlencode "password=$ADMIN_PASSWORD" \
  -d grant_type=password -d scope=read -d tenantId=pb -d userType=SYSTEM |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

failed=0
# run <name> <examples> <st options…>: one schemathesis run, its HAR (every request) and NDJSON (every check) kept.
run() {
  local name=$1 examples=$2
  shift 2
  echo "== schemathesis: $name"
  # From DATA_DIR, so that schemathesis' and hypothesis' caches (.schemathesis, .hypothesis) stay out of the checkout.
  if ! (cd "$DATA_DIR" && "$VENV/bin/st" --config-file "$CONFIG" run "$BASE/docs-json" --url "$BASE" --checks "$CHECKS" \
    --max-examples "$examples" --seed "$SEED" --workers "$WORKERS" --request-timeout 10 --no-color \
    --suppress-health-check all --report har,ndjson --report-har-path "$REPORTS/$name.har" \
    --report-ndjson-path "$REPORTS/$name.ndjson" ${ST_EXTRA:-} "$@"); then
    failed=1
  fi
}

NCORE='^/(users|changes)'
EGOV='^/user(-otp)?/'
# nCore: with a key of every permission, then with none. The egov face: with the bootstrap admin's access token
# (Authorization: Bearer, which the gateway reads when RequestInfo carries no authToken) on every operation except
# the two that would end that token (logout, a password change), then with no token on every operation.
run ncore-authenticated "$EXAMPLES" --include-path-regex "$NCORE" -H "x-api-key: $API_KEY"
run ncore-anonymous "$((EXAMPLES / 3 + 1))" --include-path-regex "$NCORE"
run egov-authenticated "$EXAMPLES" --include-path-regex "$EGOV" -H "Authorization: Bearer $TOKEN" \
  --exclude-path /user/_logout --exclude-path /user/password/_update
run egov-anonymous "$EXAMPLES" --include-path-regex "$EGOV"

python3 scripts/schemathesis/totals.py "$REPORTS" "$CHECKS" || failed=1
exit "$failed"
