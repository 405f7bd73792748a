#!/usr/bin/env bash
# Checks docker/compose.yml without a Docker engine: Debian's Compose 1.29 parses and interpolates it for each
# profile, then check.py asserts what the docs promise of it (pinned images, shared settings, Kafka for OTPs).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose not found: installing Debian's package (parses compose files; no engine needed)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root (or sudo) to apt-get install docker-compose" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

for profile in all-in-one split; do
  # A secret is set as a user would; the check also proves the file needs nothing else from the shell.
  ROSTER_SECRET=compose-check-secret-of-32-characters \
    docker-compose -f docker/compose.yml --profile "$profile" config >"${TMPDIR:-/tmp}/roster-compose-$profile.yml"
  # Debian's docker-compose depends on python3-yaml, installed beside it for the system interpreter.
  /usr/bin/python3 scripts/compose/check.py "$profile" "${TMPDIR:-/tmp}/roster-compose-$profile.yml"
done
