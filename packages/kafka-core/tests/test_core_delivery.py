"""Delivery reports, flush and close of SerializingProducer, on Tansu and on an unreachable address."""

from __future__ import annotations

import struct
import time
from typing import Any

import pytest
from kafka_core import (
    TIMESTAMP_CREATE_TIME,
    KafkaError,
    KafkaException,
    Serializer,
    SerializingProducer,
)
from testsupport.broker import free_port, read_partition


class TextSerializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else obj.encode("utf-8")


class Int32Serializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else struct.pack(">i", obj)


def _producer(bootstrap: str, **extra: Any) -> Any:
    return SerializingProducer({"bootstrap.servers": bootstrap, "key.serializer": TextSerializer(),
                                "value.serializer": Int32Serializer(), **extra})


class Reports:
    """Collects delivery reports as (error, topic, partition, offset, key, value)."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, ...]] = []

    def __call__(self, err: Any, msg: Any) -> None:
        self.items.append((err, msg.topic(), msg.partition(), msg.offset(), msg.key(), msg.value()))


@pytest.mark.broker
def test_a_record_for_a_partition_that_does_not_exist_fails_through_on_delivery(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 2, "no-such-partition")
    producer = _producer(tansu)
    reports = Reports()
    # A new producer knows nothing about the topic yet, so produce() queues the
    # record; the error arrives with the metadata, as a delivery report.
    producer.produce(topic, key="lost", value=7, partition=5, on_delivery=reports)
    producer.produce(topic, key="kept", value=8, partition=1, on_delivery=reports)
    assert producer.flush(15) == 0
    assert len(reports.items) == 2
    bad = next(r for r in reports.items if r[4] == b"lost")
    assert bad[0] is not None and bad[0].code() == KafkaError._UNKNOWN_PARTITION
    assert bad[1:3] == (topic, 5)
    assert bad[5] == struct.pack(">i", 7)  # the report carries the serialized record
    good = next(r for r in reports.items if r[4] == b"kept")
    assert good == (None, topic, 1, 0, b"kept", struct.pack(">i", 8))
    kept = read_partition(tansu, topic, 1)
    assert [(m.key(), m.value()) for m in kept] == [(b"kept", struct.pack(">i", 8))]
    assert read_partition(tansu, topic, 0) == []


@pytest.mark.broker
def test_a_missing_partition_of_a_known_topic_is_refused_by_produce(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 2, "known-topic")
    producer = _producer(tansu)
    assert len(producer.list_topics(topic, timeout=10).topics[topic].partitions) == 2
    reports = Reports()
    with pytest.raises(KafkaException) as info:
        producer.produce(topic, key="k", value=1, partition=2, on_delivery=reports)
    assert info.value.args[0].code() == KafkaError._UNKNOWN_PARTITION
    assert len(producer) == 0  # nothing queued
    assert producer.flush(5) == 0
    assert reports.items == []


def test_records_for_an_unreachable_broker_time_out_through_on_delivery() -> None:
    bootstrap = f"127.0.0.1:{free_port()}"  # nothing listens there
    producer = _producer(bootstrap, **{"message.timeout.ms": 300, "log_level": 0})
    reports = Reports()
    for n in range(3):
        producer.produce("nowhere", key=f"k{n}", value=n, on_delivery=reports)
    assert producer.flush(15) == 0
    assert [(r[0].code() if r[0] else None, r[4], r[5]) for r in reports.items] == [
        (KafkaError._MSG_TIMED_OUT, f"k{n}".encode(), struct.pack(">i", n)) for n in range(3)]


@pytest.mark.broker
def test_flush_delivers_every_queued_record_exactly_once(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 3, "flush")
    # A long linger: without flush, nothing would be sent for 10 s.
    producer = _producer(tansu, **{"linger.ms": 10_000})
    reports = Reports()
    count = 6000
    base_ts = int(time.time() * 1000) - count
    for n in range(count):
        producer.produce(topic, key=f"k{n}", value=n, partition=n % 3, timestamp=base_ts + n,
                         headers=[("n", str(n).encode())], on_delivery=reports)
    assert producer.flush(20) == 0
    assert len(producer) == 0
    assert all(r[0] is None for r in reports.items)
    assert sorted(r[5] for r in reports.items) == sorted(struct.pack(">i", n) for n in range(count))
    for p in range(3):
        got = read_partition(tansu, topic, p)
        assert [(m.offset(), m.key(), m.value(), m.headers(), m.timestamp()) for m in got] == [
            (i, f"k{n}".encode(), struct.pack(">i", n), [("n", str(n).encode())],
             (TIMESTAMP_CREATE_TIME, base_ts + n))
            for i, n in enumerate(range(p, count, 3))]
        # Each report names the offset the record really got.
        reported = sorted((r[3], r[4]) for r in reports.items if r[2] == p)
        assert reported == [(m.offset(), m.key()) for m in got]


@pytest.mark.broker
def test_close_delivers_every_queued_record_and_serves_their_reports(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "close")
    producer = _producer(tansu, **{"linger.ms": 10_000})
    reports = Reports()
    count = 3000
    for n in range(count):
        producer.produce(topic, key=f"k{n}", value=n, partition=0, on_delivery=reports)
    assert producer.close() is True
    values = [struct.pack(">i", n) for n in range(count)]
    assert [(r[0], r[3], r[5]) for r in reports.items] == [(None, n, values[n]) for n in range(count)]
    got = read_partition(tansu, topic, 0)
    assert [(m.key(), m.value()) for m in got] == [(f"k{n}".encode(), values[n]) for n in range(count)]


PRODUCE_API = 0  # Kafka API key of Produce requests
INVALID_RECORD, NOT_ENOUGH_REPLICAS = 87, 19  # Kafka protocol error codes


def test_a_record_the_broker_rejects_fails_through_on_delivery_and_the_next_goes_through(
        mock_cluster_api: Any, new_topic: Any) -> None:
    topic = mock_cluster_api.create_topic(new_topic("rejected"), 3)
    producer = _producer(mock_cluster_api.bootstrap)
    reports = Reports()
    assert len(producer.list_topics(topic, timeout=10).topics[topic].partitions) == 3
    mock_cluster_api.push_request_errors(PRODUCE_API, INVALID_RECORD)  # the next Produce fails, once
    producer.produce(topic, key="rejected", value=1, partition=2, on_delivery=reports)
    assert producer.flush(10) == 0
    producer.produce(topic, key="accepted", value=2, partition=2, on_delivery=reports)
    assert producer.flush(10) == 0
    producer.close()  # before the mock cluster goes away
    assert [(r[0].code() if r[0] else None, r[4]) for r in reports.items] == [
        (INVALID_RECORD, b"rejected"), (None, b"accepted")]
    assert [m.key() for m in read_partition(mock_cluster_api.bootstrap, topic, 2)] == [b"accepted"]


def test_retriable_broker_errors_are_retried_without_loss_or_duplicates(
        mock_cluster_api: Any, new_topic: Any) -> None:
    topic = mock_cluster_api.create_topic(new_topic("retried"), 1)
    producer = _producer(mock_cluster_api.bootstrap, **{"enable.idempotence": True, "linger.ms": 5})
    reports = Reports()
    assert len(producer.list_topics(topic, timeout=10).topics[topic].partitions) == 1
    mock_cluster_api.push_request_errors(PRODUCE_API, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS)
    before = mock_cluster_api.count_requests(PRODUCE_API)
    for n in range(50):
        producer.produce(topic, key=f"k{n}", value=n, partition=0, on_delivery=reports)
    assert producer.flush(15) == 0
    producer.close()  # before the mock cluster goes away
    assert mock_cluster_api.count_requests(PRODUCE_API) - before >= 3  # two refused, then accepted
    assert [(r[0], r[3]) for r in reports.items] == [(None, n) for n in range(50)]
    got = read_partition(mock_cluster_api.bootstrap, topic, 0)
    assert [(m.offset(), m.key()) for m in got] == [(n, f"k{n}".encode()) for n in range(50)]
