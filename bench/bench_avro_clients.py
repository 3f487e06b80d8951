#!/usr/bin/env python3
"""The serializing clients with Avro on the mock cluster, beside doing it by hand.

One run compares: "serialize with AvroSerializer, then the raw Producer" written
by hand (the target: our SerializingProducer within 1.3x of its time), our
SerializingProducer with AvroSerializer, the reference's; and on the consumer
side the raw Consumer plus AvroDeserializer by hand, our DeserializingConsumer
(consume(1000) and poll()) and the reference's (poll()). Records are the
~10-field record of bench_formats.py; the registries are in-memory
(``mock://``). Prints msgs/s and ratios; ``--quick`` uses fewer records.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from typing import Any

from bench_clients import PARTITIONS, PREFETCH, TOPICS, mock_cluster, report, time_consume
from bench_formats import AVRO_SCHEMA, RECORD


def _produce_by_hand(bootstrap: str, topics: list[str], count: int, registry: Any) -> float:
    from kafka_core import MessageField, Producer, SerializationContext
    from kafka_schema_registry.avro import AvroSerializer

    producer = Producer(
        {"bootstrap.servers": bootstrap, "linger.ms": 50, "queue.buffering.max.messages": 1_000_000}
    )
    serialize = AvroSerializer(registry, json.dumps(AVRO_SCHEMA))
    contexts = [SerializationContext(t, MessageField.VALUE) for t in topics]
    produce, n = producer.produce, len(topics)
    started = time.perf_counter()
    for i in range(count):
        produce(topics[i % n], serialize(RECORD, contexts[i % n]), None, (i // n) % PARTITIONS)
    if producer.flush(60):
        raise RuntimeError("flush left messages undelivered")
    return time.perf_counter() - started


def _produce_with(producer: Any, topics: list[str], count: int) -> float:
    produce, n = producer.produce, len(topics)
    started = time.perf_counter()
    for i in range(count):
        produce(topics[i % n], value=RECORD, partition=(i // n) % PARTITIONS)
    if producer.flush(60):
        raise RuntimeError("flush left messages undelivered")
    return time.perf_counter() - started


def _consume_by_hand(bootstrap: str, topics: list[str], count: int, registry: Any) -> float:
    from kafka_core import Consumer, MessageField, SerializationContext, TopicPartition
    from kafka_schema_registry.avro import AvroDeserializer

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": uuid.uuid4().hex,
            "enable.auto.commit": False,
            **PREFETCH,
        }
    )
    consumer.assign([TopicPartition(t, p, 0) for t in topics for p in range(PARTITIONS)])
    deserialize = AvroDeserializer(registry)
    contexts = {t: SerializationContext(t, MessageField.VALUE) for t in topics}
    got = 0
    started = time.perf_counter()
    deadline = started + 120
    while got < count and time.perf_counter() < deadline:
        for msg in consumer.consume(1000, 1.0):
            msg.set_value(deserialize(msg.value(), contexts[msg.topic()]))  # type: ignore[index]
            got += 1
    elapsed = time.perf_counter() - started
    consumer.close()
    if got < count:
        raise RuntimeError(f"consumed only {got} of {count}")
    return elapsed


def run(count: int) -> list[tuple[str, str, float]]:
    import confluent_kafka
    from confluent_kafka.schema_registry import SchemaRegistryClient as RefRegistry
    from confluent_kafka.schema_registry.avro import AvroDeserializer as RefDeserializer
    from confluent_kafka.schema_registry.avro import AvroSerializer as RefSerializer
    from kafka_core import DeserializingConsumer, SerializingProducer
    from kafka_schema_registry import SchemaRegistryClient
    from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer

    owner, bootstrap = mock_cluster()
    registry = SchemaRegistryClient({"url": "mock://bench-avro-clients"})
    ref_registry = RefRegistry.new_client({"url": "mock://bench-avro-clients"})
    schema = json.dumps(AVRO_SCHEMA)
    pconf = {"bootstrap.servers": bootstrap, "linger.ms": 50, "queue.buffering.max.messages": 1_000_000}
    cconf = {"bootstrap.servers": bootstrap, "enable.auto.commit": False, **PREFETCH}
    base = f"avro-{uuid.uuid4().hex[:8]}"
    results: list[tuple[str, str, float]] = []

    def topics(tag: str) -> list[str]:
        return [f"{base}-{tag}-{i}" for i in range(TOPICS)]

    results.append(
        (
            "produce",
            "by hand: AvroSerializer + raw Producer",
            count / _produce_by_hand(bootstrap, topics("hand"), count, registry),
        )
    )
    ours = SerializingProducer({**pconf, "value.serializer": AvroSerializer(registry, schema)})
    results.append(
        ("produce", "ours SerializingProducer", count / _produce_with(ours, topics("ours"), count))
    )
    reference = confluent_kafka.SerializingProducer(
        {**pconf, "value.serializer": RefSerializer(ref_registry, schema)}
    )
    results.append(
        ("produce", "reference SerializingProducer", count / _produce_with(reference, topics("ref"), count))
    )

    # Every consumer reads what "ours" and "reference" wrote (same bytes), each its own registry.
    read = topics("ours")
    ref_read = topics("ref")
    results.append(
        (
            "consume",
            "by hand: raw Consumer + AvroDeserializer",
            count / _consume_by_hand(bootstrap, read, count, registry),
        )
    )

    def ours_consumer() -> Any:
        return DeserializingConsumer(
            {**cconf, "group.id": uuid.uuid4().hex, "value.deserializer": AvroDeserializer(registry)}
        )

    results.append(
        (
            "consume",
            "ours DeserializingConsumer consume(1000)",
            count / time_consume(ours_consumer(), read, count, True),
        )
    )
    results.append(
        (
            "consume",
            "ours DeserializingConsumer poll()",
            count / time_consume(ours_consumer(), read, count, False),
        )
    )
    ref_consumer = confluent_kafka.DeserializingConsumer(
        {**cconf, "group.id": uuid.uuid4().hex, "value.deserializer": RefDeserializer(ref_registry)}
    )
    results.append(
        (
            "consume",
            "reference DeserializingConsumer poll()",
            count / time_consume(ref_consumer, ref_read, count, False),
        )
    )
    del owner
    return results


BASELINES = {
    "produce": ("by hand: AvroSerializer + raw Producer", "reference SerializingProducer"),
    "consume": ("by hand: raw Consumer + AvroDeserializer", "reference DeserializingConsumer poll()"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="30,000 records instead of 120,000")
    args = parser.parse_args()
    report(run(30_000 if args.quick else 120_000), BASELINES, first="hand")


if __name__ == "__main__":
    main()
