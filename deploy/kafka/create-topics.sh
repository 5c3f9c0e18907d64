#!/usr/bin/env bash
# Creates the marketplace's topics on a real Kafka cluster (idempotent: existing topics are left alone).
#   KAFKA_BIN=/opt/kafka/bin BOOTSTRAP=kafka-1:9092 STREAM_PARTITIONS=32 deploy/kafka/create-topics.sh
set -euo pipefail
: "${KAFKA_BIN:?path of Kafka's bin/ directory}"
: "${BOOTSTRAP:?bootstrap servers}"
STREAM_PARTITIONS="${STREAM_PARTITIONS:-32}"
DOMAIN_PARTITIONS="${DOMAIN_PARTITIONS:-12}"
REPLICATION="${REPLICATION:-3}"
create() {
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor "$REPLICATION" --config min.insync.replicas=2 --config "$3"
}
create marketplace.streams "$STREAM_PARTITIONS" retention.ms=604800000
for domain in orders payments shipments products sellers reviews returns payouts promotions; do
  create "marketplace.$domain.v1" "$DOMAIN_PARTITIONS" retention.ms=2592000000
done
