#!/usr/bin/env bash
# Kafka's own kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance), run from the jars up.sh
# fetches (kafka/pom.xml): what the broker takes from a Java producer, the limit the bench's P7 compares the
# relay with. Arguments are the tool's (--help lists them), e.g.
#   scripts/infra/kafka-producer-perf-test.sh --topic t --num-records 100000 --record-size 700 --throughput -1 \
#     --producer-props bootstrap.servers=127.0.0.1:19092 acks=all enable.idempotence=true compression.type=none
# The topic must exist (the local broker creates missing ones with a single partition).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

need java "install a JDK >= 17"
lock_infra
kafka_fetch
exec 9>&- # the jars are in place: let go of the lock, the tool may run for minutes
read -ra TOOLS_JAVA_OPTS <<<"${KAFKA_TOOLS_JAVA_OPTS:--Xms256m -Xmx512m}"
exec java "${TOOLS_JAVA_OPTS[@]}" -Djava.awt.headless=true \
  -Dlog4j.configuration="file:$INFRA_SRC/kafka/tools-log4j.properties" \
  -cp "$KAFKA_DIR/libs/*" org.apache.kafka.tools.ProducerPerformance "$@"
