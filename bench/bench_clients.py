#!/usr/bin/env python3
"""Producer and consumer throughput with string serdes on the mock cluster.

Compares, in one run: the raw native Producer/Consumer (bytes), our
SerializingProducer/DeserializingConsumer, and the reference client's
(confluent_kafka's SerializingProducer/DeserializingConsumer with its string
serdes). Prints msgs/s and ratios. ``--quick`` uses fewer records.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from typing import Any

PARTITIONS = 4  # what the mock cluster gives an auto-created topic
TOPICS = 3  # consumers read 3 topics x 4 partitions: the mock keeps only ~5 MiB per partition
# Every consumer (raw, ours, the reference's) may fetch the whole data set ahead:
# with librdkafka's default (100,000 records) the 200,000-record runs become bound
# by the mock broker's fetch round trips, which hides the clients' own cost.
PREFETCH = {"queued.min.messages": 1_000_000}


def mock_cluster() -> tuple[Any, str]:
    from kafka_core._native import cimpl

    owner = cimpl.Producer({"test.mock.num.brokers": 1, "log_level": 3})
    brokers = owner.list_topics(timeout=10).brokers.values()
    return owner, ",".join(f"{b.host}:{b.port}" for b in brokers)


def records_of(count: int) -> list[tuple[str, str]]:
    return [(f"key-{i:08d}", f"{i:08d}:" + "v" * 180) for i in range(count)]


def time_produce(
    producer: Any, topics: list[str], records: list[tuple[Any, Any]], positional: bool = False
) -> float:
    """Produce ``records`` round-robin over ``topics``; seconds until all are delivered."""
    produce, poll = producer.produce, producer.poll
    count = len(topics)
    started = time.perf_counter()
    for i, (key, value) in enumerate(records):
        while True:
            try:
                if positional:  # the native signature's order: topic, value, key, partition
                    produce(topics[i % count], value, key, (i // count) % PARTITIONS)
                else:
                    produce(topics[i % count], key=key, value=value, partition=(i // count) % PARTITIONS)
                break
            except BufferError:
                poll(0.05)
    if producer.flush(60):
        raise RuntimeError("flush left messages undelivered")
    return time.perf_counter() - started


def time_consume(consumer: Any, topics: list[str], count: int, batch: bool) -> float:
    from kafka_core import TopicPartition

    consumer.assign([TopicPartition(t, p, 0) for t in topics for p in range(PARTITIONS)])
    got = 0
    started = time.perf_counter()
    deadline = started + 120
    if batch:
        while got < count and time.perf_counter() < deadline:
            got += len(consumer.consume(1000, 1.0))
    else:
        poll = consumer.poll
        while got < count and time.perf_counter() < deadline:
            if poll(1.0) is not None:
                got += 1
    elapsed = time.perf_counter() - started
    consumer.close()
    if got < count:
        raise RuntimeError(f"consumed only {got} of {count}")
    return elapsed


def run(count: int) -> list[tuple[str, str, float]]:
    import confluent_kafka
    import confluent_kafka.serialization as ref_serde
    import kafka_serde
    from kafka_core import Consumer, DeserializingConsumer, Producer, SerializingProducer

    owner, bootstrap = mock_cluster()
    strings = records_of(count)
    raw_bytes = [(k.encode(), v.encode()) for k, v in strings]
    pconf = {
        "bootstrap.servers": bootstrap,
        "linger.ms": 50,
        "queue.buffering.max.messages": 1_000_000,
        "batch.num.messages": 10_000,
    }
    cconf = {
        "bootstrap.servers": bootstrap,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        **PREFETCH,
    }
    topic = f"bench-{uuid.uuid4().hex[:8]}"
    results: list[tuple[str, str, float]] = []

    producers: list[tuple[str, Callable[[], Any], list[tuple[Any, Any]]]] = [
        ("raw Producer (bytes, positional)", lambda: Producer(pconf), raw_bytes),
        ("raw Producer (bytes)", lambda: Producer(pconf), raw_bytes),
        (
            "ours SerializingProducer",
            lambda: SerializingProducer(
                {
                    **pconf,
                    "key.serializer": kafka_serde.StringSerializer(),
                    "value.serializer": kafka_serde.StringSerializer(),
                }
            ),
            strings,
        ),
        (
            "reference SerializingProducer",
            lambda: confluent_kafka.SerializingProducer(
                {
                    **pconf,
                    "key.serializer": ref_serde.StringSerializer(),
                    "value.serializer": ref_serde.StringSerializer(),
                }
            ),
            strings,
        ),
    ]
    for name, make, records in producers:
        elapsed = time_produce(make(), [f"{topic}-p{len(results)}"], records, positional="positional" in name)
        results.append(("produce", name, count / elapsed))

    # Consumers all re-read the same topics.
    topics = [f"{topic}-c{i}" for i in range(TOPICS)]
    time_produce(Producer(pconf), topics, raw_bytes, positional=True)

    def ours() -> Any:
        return DeserializingConsumer(
            {
                **cconf,
                "group.id": uuid.uuid4().hex,
                "key.deserializer": kafka_serde.StringDeserializer(),
                "value.deserializer": kafka_serde.StringDeserializer(),
            }
        )

    consumers: list[tuple[str, Callable[[], Any], bool]] = [
        ("raw Consumer consume(1000)", lambda: Consumer({**cconf, "group.id": uuid.uuid4().hex}), True),
        ("raw Consumer poll()", lambda: Consumer({**cconf, "group.id": uuid.uuid4().hex}), False),
        ("ours DeserializingConsumer consume(1000)", ours, True),
        ("ours DeserializingConsumer poll()", ours, False),
        (
            "reference DeserializingConsumer poll()",
            lambda: confluent_kafka.DeserializingConsumer(
                {
                    **cconf,
                    "group.id": uuid.uuid4().hex,
                    "key.deserializer": ref_serde.StringDeserializer(),
                    "value.deserializer": ref_serde.StringDeserializer(),
                }
            ),
            False,
        ),
    ]
    for name, make, batch in consumers:
        results.append(("consume", name, count / time_consume(make(), topics, count, batch)))
    del owner
    return results


BASELINES = {
    "produce": ("raw Producer (bytes, positional)", "reference SerializingProducer"),
    "consume": ("raw Consumer consume(1000)", "reference DeserializingConsumer poll()"),
}


def report(
    results: list[tuple[str, str, float]],
    baselines: dict[str, tuple[str, str]] = BASELINES,
    first: str = "raw",
) -> None:
    """Print msgs/s per client and its ratio to each side's two baselines (``first``, the reference)."""
    rates = {name: value for _, name, value in results}
    print(f"{'side':8} {'client':44} {'msgs/s':>11} {'x ' + first:>7} {'x ref':>7}")
    for side, name, value in results:
        base, ref = baselines[side]
        print(f"{side:8} {name:44} {value:11,.0f} {value / rates[base]:7.2f} {value / rates[ref]:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50,000 records instead of 200,000")
    args = parser.parse_args()
    report(run(50_000 if args.quick else 200_000))


if __name__ == "__main__":
    main()
