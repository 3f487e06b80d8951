#!/usr/bin/env python3
"""Produce and consume a stream of Avro records and check that every one came back.

Keys are strings (the ``string`` serde, found by name through the plugin
registry); values are Avro records framed with their Schema Registry id. By
default everything is embedded: librdkafka's in-process mock cluster and the
in-memory ``mock://`` Schema Registry, so there is nothing to start.
``--bootstrap-servers HOST:PORT`` and ``--schema-registry URL`` point it at
real ones.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid

from kafka_core import ConsumeError, DeserializingConsumer, KafkaError, SerializingProducer, TopicPartition
from kafka_core._native import cimpl
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer

PARTITIONS = 4
ORDER_SCHEMA = """
{"type": "record", "name": "Order", "namespace": "demo",
 "fields": [
   {"name": "id", "type": "long"},
   {"name": "customer", "type": "string"},
   {"name": "amount", "type": "double"},
   {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
   {"name": "items", "type": {"type": "array", "items": "string"}},
   {"name": "note", "type": ["null", "string"], "default": null}
 ]}
"""
STATUSES = ("NEW", "PAID", "SHIPPED")


def order(i: int) -> dict[str, object]:
    """The i-th record of the stream (deterministic, so the consumer can check it)."""
    return {"id": i, "customer": f"user-{i % 1000}", "amount": i * 0.25, "status": STATUSES[i % 3],
            "items": [f"sku-{i % 7}", f"sku-{i % 11}"], "note": None if i % 2 else f"gift {i}"}


def mock_cluster() -> tuple[object, str]:
    """Start an in-process mock cluster; return its owner and bootstrap address."""
    owner = cimpl.Producer({"test.mock.num.brokers": 1, "log_level": 3})
    brokers = owner.list_topics(timeout=10).brokers.values()
    return owner, ",".join(f"{b.host}:{b.port}" for b in brokers)


def produce(bootstrap: str, registry: SchemaRegistryClient, topic: str, count: int) -> float:
    producer = SerializingProducer({
        "bootstrap.servers": bootstrap,
        "key.serializer": "string",      # a plugin, found by name
        "value.serializer": AvroSerializer(registry, ORDER_SCHEMA),  # registers the schema on first use
        "linger.ms": 20,
        "queue.buffering.max.messages": 500_000,
    })
    failures: list[KafkaError] = []

    def delivered(err: KafkaError | None, _msg: object) -> None:
        if err is not None:
            failures.append(err)

    started = time.perf_counter()
    for i in range(count):
        producer.produce(topic, key=f"user-{i % 1000}", value=order(i),
                         partition=i % PARTITIONS, headers=[("seq", str(i).encode())], on_delivery=delivered)
        if i % 10_000 == 0:
            producer.poll(0)
    left = producer.flush(30)
    elapsed = time.perf_counter() - started
    if left or failures:
        raise SystemExit(f"produce failed: {left} undelivered, {len(failures)} errors: {failures[:3]}")
    return elapsed


def consume(bootstrap: str, registry: SchemaRegistryClient, topic: str, count: int) -> float:
    consumer = DeserializingConsumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"demo-{uuid.uuid4().hex[:8]}",
        "key.deserializer": "string",
        "value.deserializer": AvroDeserializer(registry),  # finds the writer schema by its id
        "enable.partition.eof": True,
    })
    consumer.assign([TopicPartition(topic, p, 0) for p in range(PARTITIONS)])
    seen = [False] * count
    at_end: set[int] = set()
    started = time.perf_counter()
    deadline = started + 60
    while len(at_end) < PARTITIONS and time.perf_counter() < deadline:
        try:
            batch = consumer.consume(1000, 1.0)
        except ConsumeError as exc:
            if exc.code == KafkaError._PARTITION_EOF:
                at_end.add(exc.kafka_message.partition())
                continue
            raise
        for msg in batch:
            seq = int(dict(msg.headers())["seq"])
            if msg.value() != order(seq) or msg.key() != f"user-{seq % 1000}":
                raise SystemExit(f"record {seq} came back wrong: {msg.key()!r} {msg.value()!r}")
            seen[seq] = True
    elapsed = time.perf_counter() - started
    consumer.close()
    missing = seen.count(False)
    if missing:
        raise SystemExit(f"{missing} of {count} records did not come back")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap-servers", help="a real cluster (default: the in-process mock cluster)")
    parser.add_argument("--schema-registry", default="mock://demo",
                        help="Schema Registry URL (default: the in-memory mock://demo)")
    parser.add_argument("--count", type=int, default=50_000, help="records to send (default 50,000)")
    args = parser.parse_args()
    owner = None
    if args.bootstrap_servers:
        bootstrap = args.bootstrap_servers
    else:
        owner, bootstrap = mock_cluster()
    registry = SchemaRegistryClient({"url": args.schema_registry})
    topic = f"demo-{uuid.uuid4().hex[:8]}"
    produced = produce(bootstrap, registry, topic, args.count)
    print(f"produced {args.count:,} Avro records to {topic!r} in {produced:.2f}s "
          f"({args.count / produced:,.0f} msgs/s)")
    latest = registry.get_latest_version(f"{topic}-value")
    print(f"schema registered as subject {latest.subject!r} version {latest.version}, id {latest.schema_id}")
    consumed = consume(bootstrap, registry, topic, args.count)
    print(f"consumed and verified all {args.count:,} in {consumed:.2f}s "
          f"({args.count / consumed:,.0f} msgs/s)")
    del owner
    return 0


if __name__ == "__main__":
    sys.exit(main())
