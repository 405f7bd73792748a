# shellcheck shell=bash
# Shared helpers for scripts/infra/*.sh: paths, ports, process handling, and the
# start/stop functions for each server. Source it; do not run it.
#
# Everything lives under $INFRA_DIR (default <repo>/.infra, gitignored):
#   bin/ferretdb                built FerretDB (cached; rebuilt when its sources change)
#   ferretdb/{data,ferretdb.log,ferretdb.pid,ferretdb.port}
#   kafka/{libs,data,logs,server.properties,kafka.pid,cluster-id}
#   postgres/{data,run,postgres.log,postgres.pid,postgres.port}
#   env                         MONGO_URL / KAFKA_BROKERS / PG_URL for the running servers

INFRA_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$INFRA_SRC/../.." && pwd)"
INFRA_DIR="$(realpath -m "${INFRA_DIR:-$ROOT/.infra}")" # absolute: it also identifies our processes
HOST=127.0.0.1 # loopback only: these servers have no authentication

FERRETDB_PORT="${FERRETDB_PORT:-27117}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
PG_PORT="${PG_PORT:-15432}"
# Seconds a server gets to answer after its process starts (builds/downloads are not counted).
INFRA_START_TIMEOUT="${INFRA_START_TIMEOUT:-90}"

FDB_DIR="$INFRA_DIR/ferretdb"
KAFKA_DIR="$INFRA_DIR/kafka"
PG_DIR="$INFRA_DIR/postgres"

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

# -------------------------------------------------------------- PostgreSQL ---
# A throwaway cluster for the egov import's tests and bench (the egov-user database they read from).
PG_DATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run" # its unix socket, kept out of /var/run so no root-owned directory is needed
PG_PID="$PG_DIR/postgres.pid"
PG_LOG="$PG_DIR/postgres.log"
PG_SUPERUSER=postgres
PG_DATABASE=egov
# initdb and the server refuse to run as root: as root they run as this system user (Debian's package creates it).
PG_OS_USER=postgres

pg_url() { echo "postgres://$PG_SUPERUSER@$HOST:$1/$PG_DATABASE"; }

# Debian keeps the server binaries off PATH, one directory per major version; the newest wins.
pg_bin_dir() {
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [[ -x $dir/initdb && -x $dir/pg_ctl ]] && echo "$dir"
}

# pg_install: make sure initdb/pg_ctl exist, installing Debian's postgresql package when root.
pg_install() {
  pg_bin_dir >/dev/null && return 0
  ((EUID == 0)) || die "postgres: no server binaries under /usr/lib/postgresql/*/bin; install Debian's 'postgresql' package (apt-get install -y postgresql) or run this as root"
  log "postgres: installing Debian's postgresql package"
  # Only our own cluster under $PG_DIR should run: keep the package from creating and starting 'main' on port 5432.
  mkdir -p /etc/postgresql-common
  if ! grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
  fi
  mkdir -p "$PG_DIR"
  {
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
  } >"$PG_DIR/apt.log" 2>&1 || fail_with_log "postgres: apt-get install postgresql failed" "$PG_DIR/apt.log"
  pg_bin_dir >/dev/null || die "postgres: the postgresql package is installed but /usr/lib/postgresql/*/bin/initdb is missing"
}

# pg_as_owner CMD...: run CMD as the cluster's owner (PG_OS_USER when we are root, else ourselves).
# fd 9 (the lock_infra lock) is closed so the server pg_ctl leaves behind never holds the lock.
pg_as_owner() {
  if ((EUID == 0)); then
    runuser -u "$PG_OS_USER" -- "$@" 9>&-
  else
    "$@" 9>&-
  fi
}

# The port the running server was started on (the one in PG_URL), even if PG_PORT changed since.
pg_port() { cat "$PG_DIR/postgres.port"; }

pg_init() {
  local bin=$1
  if ((EUID == 0)); then
    id -u "$PG_OS_USER" >/dev/null 2>&1 ||
      useradd --system --user-group --home-dir /var/lib/postgresql --shell /usr/sbin/nologin "$PG_OS_USER"
    mkdir -p "$PG_DIR"
    chown "$PG_OS_USER:" "$PG_DIR"
    runuser -u "$PG_OS_USER" -- test -w "$PG_DIR" ||
      die "postgres: user $PG_OS_USER cannot write $PG_DIR (a parent directory is not searchable by it); set INFRA_DIR to a directory it can reach"
  fi
  pg_as_owner mkdir -p "$PG_RUN"
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  log "postgres: initdb $PG_DATA"
  # trust: the server listens on loopback only and holds test data; the same rule as FerretDB and Kafka here.
  pg_as_owner "$bin/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --auth=trust -E UTF8 --no-locale \
    >"$PG_DIR/initdb.log" 2>&1 || fail_with_log "postgres: initdb failed" "$PG_DIR/initdb.log"
}

pg_start() {
  local bin port=$PG_PORT
  pg_install
  bin=$(pg_bin_dir)
  pg_init "$bin"
  if pid_alive "$PG_PID" "$PG_DATA"; then
    port=$(pg_port)
    log "postgres: already running (pid $(<"$PG_PID"), port $port)"
  else
    port_busy "$port" && die "postgres: port $HOST:$port is already in use by another process (set PG_PORT)"
    # A server killed without a shutdown leaves postmaster.pid behind; postgres itself checks that it is stale.
    # fsync off and no synchronous commit: test data need not survive a power cut, and writes get much faster.
    # wal_level minimal: a table created and filled in one transaction (a test's egov-user fixture) skips the WAL.
    pg_as_owner "$bin/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$INFRA_START_TIMEOUT" -s \
      -o "-c listen_addresses=$HOST -p $port -c unix_socket_directories=$PG_RUN -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0" ||
      fail_with_log "postgres: pg_ctl start failed" "$PG_LOG"
    head -n 1 "$PG_DATA/postmaster.pid" >"$PG_PID"
    echo "$port" >"$PG_DIR/postgres.port"
    log "postgres: started pid $(<"$PG_PID") on $HOST:$port"
  fi
  wait_ready postgres "$PG_PID" "$PG_DATA" "$PG_LOG" "$bin/pg_isready" -q -h "$HOST" -p "$port" -U "$PG_SUPERUSER"
  if [[ $("$bin/psql" -h "$HOST" -p "$port" -U "$PG_SUPERUSER" -d postgres -XtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'") != 1 ]]; then
    "$bin/createdb" -h "$HOST" -p "$port" -U "$PG_SUPERUSER" "$PG_DATABASE" || die "postgres: createdb $PG_DATABASE failed"
    log "postgres: created database $PG_DATABASE"
  fi
  log "postgres: ready at $(pg_url "$port")"
}

# Fast shutdown (SIGINT: roll back open transactions, disconnect clients) rather than stop_pid's SIGTERM, which
# is postgres' "smart" mode and waits for every client, e.g. a test's leaked pool, to disconnect first.
pg_stop() {
  local bin
  if ! pid_alive "$PG_PID" "$PG_DATA"; then
    rm -f "$PG_PID"
    log "postgres: not running"
    return 0
  fi
  bin=$(pg_bin_dir) || die "postgres: server binaries vanished from /usr/lib/postgresql/*/bin"
  if pg_as_owner "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 -s; then
    log "postgres: stopped (pid $(<"$PG_PID"))"
    rm -f "$PG_PID"
  else
    stop_pid postgres "$PG_PID" "$PG_DATA"
  fi
}

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
  if pid_alive "$PG_PID" "$PG_DATA"; then
    echo "PG_URL=$(pg_url "$(pg_port)")" >>"$tmp"
  fi
  mv "$tmp" "$INFRA_DIR/env"
}
