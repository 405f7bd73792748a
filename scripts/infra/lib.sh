# shellcheck shell=bash
# Shared helpers for scripts/infra/*.sh: paths, ports, process handling, and the
# start/stop functions for each server. Source it; do not run it.
#
# Everything lives under $INFRA_DIR (default <repo>/.infra, gitignored):
#   bin/ferretdb                built FerretDB (cached; rebuilt when its sources change)
#   ferretdb/{data,ferretdb.log,ferretdb.pid,ferretdb.port}
#   kafka/{libs,data,logs,server.properties,kafka.pid,cluster-id}
#   env                         MONGO_URL / KAFKA_BROKERS for the running servers

INFRA_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$INFRA_SRC/../.." && pwd)"
INFRA_DIR="$(realpath -m "${INFRA_DIR:-$ROOT/.infra}")" # absolute: it also identifies our processes
HOST=127.0.0.1 # loopback only: these servers have no authentication

FERRETDB_PORT="${FERRETDB_PORT:-27117}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
# Seconds a server gets to answer after its process starts (builds/downloads are not counted).
INFRA_START_TIMEOUT="${INFRA_START_TIMEOUT:-90}"

FDB_DIR="$INFRA_DIR/ferretdb"
KAFKA_DIR="$INFRA_DIR/kafka"

# lock_infra: one up/down/restart at a time (e.g. parallel jest global setups), so two
# callers never both find a server stopped and start it twice. Released on exit.
lock_infra() {
  mkdir -p "$INFRA_DIR"
  exec 9>"$INFRA_DIR/.lock"
  flock -w 600 9 || die "another scripts/infra command holds $INFRA_DIR/.lock"
}

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH: $2"; }

# sha256 of the given files: a cached artifact is rebuilt when its inputs change.
inputs_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# pid_alive PIDFILE PATTERN: the pid in PIDFILE is running AND its command line
# contains PATTERN (so a stale pid reused by another process is never signalled).
pid_alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# stop_pid NAME PIDFILE PATTERN: SIGTERM, wait up to 30 s for a clean shutdown, then SIGKILL.
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 pid i
  if ! pid_alive "$pidfile" "$pattern"; then
    rm -f "$pidfile"
    log "$name: not running"
    return 0
  fi
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still running after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

# wait_ready NAME PIDFILE PATTERN LOGFILE CHECK...: poll CHECK (a command) once a
# second until it succeeds; fail fast if the process dies, fail after the timeout.
wait_ready() {
  local name=$1 pidfile=$2 pattern=$3 logfile=$4
  shift 4
  local deadline=$((SECONDS + INFRA_START_TIMEOUT))
  until "$@" 2>/dev/null; do
    if ! pid_alive "$pidfile" "$pattern"; then
      fail_with_log "$name exited during startup" "$logfile"
    fi
    if ((SECONDS >= deadline)); then
      "$@" || true # once more, showing the probe's error
      fail_with_log "$name did not answer within ${INFRA_START_TIMEOUT}s (still running as pid $(<"$pidfile"); stop it with scripts/infra/down.sh)" "$logfile"
    fi
    sleep 1
  done
}

fail_with_log() {
  printf '[infra] ERROR: %s. Last lines of %s:\n' "$1" "$2" >&2
  tail -n 40 "$2" >&2 2>/dev/null || true
  exit 1
}

# spawn PIDFILE OUTFILE CMD...: run CMD detached in its own session, so it outlives
# `npm run` and a Ctrl-C in that terminal. The child records its own pid because
# setsid may fork, and then $! would be the wrong process. OUTFILE starts empty so a
# failure shows this run's output; the previous run's is kept as OUTFILE.1.
# fd 9 (the lock_infra lock) is closed so a server does not hold the lock while it runs.
spawn() {
  local pidfile=$1 out=$2 i
  shift 2
  rm -f "$pidfile"
  if [[ -f $out ]]; then mv -f "$out" "$out.1"; fi
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner bash
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >"$out" 2>&1 9>&- &
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  fail_with_log "could not launch $1" "$out"
}

# Probes use the same Node drivers as the application (mongodb, kafkajs).
probe() { (cd "$ROOT" && node "$INFRA_SRC/probe.js" "$@"); }

# ---------------------------------------------------------------- FerretDB ---
FDB_BIN="$INFRA_DIR/bin/ferretdb"
FDB_PID="$FDB_DIR/ferretdb.pid"
FDB_LOG="$FDB_DIR/ferretdb.log"

ferretdb_url() { echo "mongodb://$HOST:$1/"; }

ferretdb_build() {
  local src="$INFRA_SRC/ferretdb" hash stamp="$INFRA_DIR/bin/ferretdb.inputs"
  hash=$(inputs_hash "$src/main.go" "$src/go.mod" "$src/go.sum")
  if [[ -x $FDB_BIN && -f $stamp && $(<"$stamp") == "$hash" ]]; then return 0; fi
  need go "install Go >= 1.24 (the FerretDB module comes from the Go module proxy)"
  log "ferretdb: building $FDB_BIN (first time takes a few minutes)"
  mkdir -p "$INFRA_DIR/bin"
  # CGO off: FerretDB's SQLite (modernc.org/sqlite) is pure Go, so no C compiler is needed.
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$FDB_BIN.tmp" .) ||
    die "ferretdb: go build failed"
  mv "$FDB_BIN.tmp" "$FDB_BIN"
  echo "$hash" >"$stamp"
}

# ferretdb_start [PORT]: build if needed, start unless running, wait for a ping.
ferretdb_start() {
  local port=${1:-$FERRETDB_PORT}
  ferretdb_build
  mkdir -p "$FDB_DIR/data"
  if pid_alive "$FDB_PID" "$FDB_BIN"; then
    port=$(<"$FDB_DIR/ferretdb.port")
    log "ferretdb: already running (pid $(<"$FDB_PID"), port $port)"
  else
    port_busy "$port" && die "ferretdb: port $HOST:$port is already in use by another process (set FERRETDB_PORT)"
    spawn "$FDB_PID" "$FDB_LOG" "$FDB_BIN" -listen "$HOST:$port" -data "$FDB_DIR/data" \
      -log-level "${FERRETDB_LOG_LEVEL:-error}"
    echo "$port" >"$FDB_DIR/ferretdb.port"
    log "ferretdb: started pid $(<"$FDB_PID") on $HOST:$port"
  fi
  wait_ready ferretdb "$FDB_PID" "$FDB_BIN" "$FDB_LOG" probe mongo "$(ferretdb_url "$port")"
  log "ferretdb: ready at $(ferretdb_url "$port")"
}

ferretdb_stop() { stop_pid ferretdb "$FDB_PID" "$FDB_BIN"; }

# ------------------------------------------------------------------- Kafka ---
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_OUT="$KAFKA_DIR/logs/stdout.log" # JVM output and log4j WARN+
KAFKA_PROPS="$KAFKA_DIR/server.properties" # also identifies our process in pid_alive
read -ra KAFKA_JAVA_OPTS <<<"${KAFKA_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20}"
KAFKA_JAVA=(java "${KAFKA_JAVA_OPTS[@]}" -Djava.awt.headless=true
  -Dkafka.logs.dir="$KAFKA_DIR/logs" -Dlog4j.configuration="file:$INFRA_SRC/kafka/log4j.properties"
  -cp "$KAFKA_DIR/libs/*")

# The port the broker was configured with (the running one, even if KAFKA_PORT changed since).
kafka_port() { sed -n 's|^advertised.listeners=PLAINTEXT://[^:]*:||p' "$KAFKA_PROPS"; }

kafka_fetch() {
  local pom="$INFRA_SRC/kafka/pom.xml" hash stamp="$KAFKA_DIR/libs/.inputs"
  hash=$(inputs_hash "$pom")
  if [[ -f $stamp && $(<"$stamp") == "$hash" ]]; then return 0; fi
  need mvn "install Maven (the Kafka broker jars come from Maven Central)"
  log "kafka: fetching broker jars from Maven Central into $KAFKA_DIR/libs"
  rm -rf "$KAFKA_DIR/libs" # never mix jars of two Kafka versions on one classpath
  mkdir -p "$KAFKA_DIR/logs"
  mvn -B -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_DIR/libs" >"$KAFKA_DIR/logs/mvn.log" 2>&1 ||
    fail_with_log "kafka: mvn dependency:copy-dependencies failed" "$KAFKA_DIR/logs/mvn.log"
  echo "$hash" >"$stamp"
}

kafka_write_config() {
  cat >"$KAFKA_PROPS" <<PROPS
# Generated by scripts/infra/lib.sh on each start; edit the script, not this file.
# Single node in KRaft combined mode: this process is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
# One broker: every internal topic must live with a single replica.
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
# Fewer internal partitions than the production default (50) so the first consumer
# group / transaction in a test run does not wait for 50 partitions to be created.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
# Tests start consuming right away; do not hold the first rebalance back 3 s.
group.initial.rebalance.delay.ms=0
PROPS
}

kafka_start() {
  need java "install a JDK >= 17"
  kafka_fetch
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  if pid_alive "$KAFKA_PID" "$KAFKA_PROPS"; then
    log "kafka: already running (pid $(<"$KAFKA_PID"))"
  else
    local p
    for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      port_busy "$p" && die "kafka: port $HOST:$p is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
    done
    kafka_write_config
    # KRaft needs its log dir formatted once with a cluster id; re-runs keep the data.
    if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
      [[ -s $KAFKA_DIR/cluster-id ]] || "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster-id"
      log "kafka: formatting $KAFKA_DIR/data (cluster id $(<"$KAFKA_DIR/cluster-id"))"
      "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$(<"$KAFKA_DIR/cluster-id")" \
        -c "$KAFKA_PROPS" >"$KAFKA_DIR/logs/format.log" 2>&1 ||
        fail_with_log "kafka: storage format failed" "$KAFKA_DIR/logs/format.log"
    fi
    spawn "$KAFKA_PID" "$KAFKA_OUT" "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_PROPS"
    log "kafka: started pid $(<"$KAFKA_PID") on $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
  fi
  wait_ready kafka "$KAFKA_PID" "$KAFKA_PROPS" "$KAFKA_OUT" probe kafka "$HOST:$(kafka_port)"
  log "kafka: ready at $HOST:$(kafka_port) (full log: $KAFKA_DIR/logs/server.log)"
}

kafka_stop() { stop_pid kafka "$KAFKA_PID" "$KAFKA_PROPS"; }

# ------------------------------------------------------------------ env file ---
# .infra/env lists the servers that are running now; tests and `set -a; . .infra/env` read it.
write_env() {
  local tmp="$INFRA_DIR/env.tmp"
  mkdir -p "$INFRA_DIR"
  : >"$tmp"
  if pid_alive "$FDB_PID" "$FDB_BIN"; then
    echo "MONGO_URL=$(ferretdb_url "$(<"$FDB_DIR/ferretdb.port")")" >>"$tmp"
  fi
  if pid_alive "$KAFKA_PID" "$KAFKA_PROPS"; then
    echo "KAFKA_BROKERS=$HOST:$(kafka_port)" >>"$tmp"
  fi
  mv "$tmp" "$INFRA_DIR/env"
}
