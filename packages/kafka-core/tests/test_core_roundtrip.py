"""Round trips through SerializingProducer and DeserializingConsumer on a real broker (Tansu).

Every expected value is computed here from the record's index: the test
chooses keys, values, headers, timestamps and partitions, and checks each
record that comes back against them.
"""

from __future__ import annotations

import struct
import time
from collections import Counter
from typing import Any

import kafka_core
import pytest
from kafka_core import (
    OFFSET_STORED,
    TIMESTAMP_CREATE_TIME,
    ConsumeError,
    Deserializer,
    DeserializingConsumer,
    KafkaError,
    Serializer,
    SerializingProducer,
    TopicPartition,
    ValueDeserializationError,
)
from testsupport.broker import read_partition, rounds


class TextSerializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else obj.encode("utf-8")


class TextDeserializer(Deserializer):
    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        return None if value is None else value.decode("utf-8")


class Int32Serializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else struct.pack(">i", obj)


class Int32Deserializer(Deserializer):
    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        if value is None:
            return None
        if len(value) != 4:
            raise ValueError(f"an int32 is 4 bytes, got {len(value)}")
        return struct.unpack(">i", value)[0]


def _consumer_conf(bootstrap: str, group: str, **extra: Any) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": group, "fetch.wait.max.ms": 50,
            "session.timeout.ms": 2000, "heartbeat.interval.ms": 300, **extra}


# --- the 100,000-record round trip ------------------------------------------

RECORDS = 100_000
PARTITIONS = 4


def _key(i: int) -> str | None:
    return None if i % 5000 == 7 else f"key-{i}-é"


def _value(i: int) -> int:
    return (i * 7919) % 4_000_000 - 2_000_000  # negative and positive, all distinct per i


def _headers(i: int) -> list[tuple[str, Any]]:
    headers: list[tuple[str, Any]] = [("seq", str(i).encode()), ("parity", b"odd" if i % 2 else b"even")]
    if i % 1000 == 0:
        headers += [("empty", None), ("seq", b"again")]  # a None value and a repeated name
    return headers


@pytest.mark.broker
@pytest.mark.slow
def test_100k_records_come_back_with_every_key_value_header_timestamp_and_partition(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, PARTITIONS, "roundtrip")
    base_ts = int(time.time() * 1000) - 3 * RECORDS  # recent, so no retention applies; ms apart per record
    producer = SerializingProducer({
        "bootstrap.servers": tansu, "key.serializer": TextSerializer(), "value.serializer": Int32Serializer(),
        "enable.idempotence": True, "linger.ms": 20, "queue.buffering.max.messages": RECORDS + 1000,
    })
    delivered: dict[int, list[int]] = {p: [] for p in range(PARTITIONS)}
    failed: list[Any] = []

    def on_delivery(err: Any, msg: Any) -> None:
        if err is not None:
            failed.append(err)
        else:
            delivered[msg.partition()].append(msg.offset())

    for i in range(RECORDS):
        producer.produce(topic, key=_key(i), value=_value(i), partition=i % PARTITIONS,
                         timestamp=base_ts + 3 * i, headers=_headers(i), on_delivery=on_delivery)
        if i % 20_000 == 0:
            producer.poll(0)
    assert producer.flush(30) == 0
    assert failed == []
    per_partition = RECORDS // PARTITIONS
    # Offsets are assigned per partition in produce order, from 0 on a new topic.
    assert {p: sorted(o) for p, o in delivered.items()} == {p: list(range(per_partition)) for p in delivered}

    consumer = DeserializingConsumer(_consumer_conf(tansu, f"g-{topic}", **{
        "key.deserializer": TextDeserializer(), "value.deserializer": Int32Deserializer(),
        "enable.partition.eof": True, "enable.auto.commit": False}))
    consumer.assign([TopicPartition(topic, p, 0) for p in range(PARTITIONS)])
    seen: Counter[int] = Counter()
    received = 0
    next_offset = dict.fromkeys(range(PARTITIONS), 0)
    eof_at: dict[int, int] = {}
    mismatches: list[str] = []
    try:
        for _ in rounds(60):
            if len(eof_at) == PARTITIONS and received >= RECORDS:
                break
            try:
                batch = consumer.consume(5000, 0.5)
            except ConsumeError as exc:
                assert exc.code == KafkaError._PARTITION_EOF, exc
                eof_at[exc.kafka_message.partition()] = exc.kafka_message.offset()
                continue
            received += len(batch)
            for msg in batch:
                p, offset = msg.partition(), msg.offset()
                i = offset * PARTITIONS + p  # record i went to partition i % 4 as its (i // 4)-th record
                seen[i] += 1
                if offset != next_offset[p]:
                    mismatches.append(f"p{p}: offset {offset}, expected {next_offset[p]}")
                next_offset[p] = offset + 1
                got = (msg.topic(), msg.key(), msg.value(), msg.headers(), msg.timestamp())
                want = (topic, _key(i), _value(i), _headers(i), (TIMESTAMP_CREATE_TIME, base_ts + 3 * i))
                if got != want:
                    mismatches.append(f"record {i}: got {got!r}, want {want!r}")
                if len(mismatches) > 20:
                    break
            if len(mismatches) > 20:
                break
    finally:
        consumer.close()
    assert mismatches == []
    assert sum(seen.values()) == RECORDS
    assert set(seen) == set(range(RECORDS)) and max(seen.values()) == 1
    assert eof_at == dict.fromkeys(range(PARTITIONS), per_partition)


# --- keyed partitioning ------------------------------------------------------

def _murmur2(data: bytes) -> int:
    """Kafka's murmur2 (the Java client's default partitioner hash), written out independently."""
    m, r = 0x5BD1E995, 24
    h = (0x9747B28C ^ len(data)) & 0xFFFFFFFF
    whole = len(data) & ~3
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = len(data) - whole
    if rest == 3:
        h ^= data[whole + 2] << 16
    if rest >= 2:
        h ^= data[whole + 1] << 8
    if rest >= 1:
        h ^= data[whole]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def test_independent_murmur2_matches_kafkas_published_values() -> None:
    # Values from Apache Kafka's own partitioner tests (as signed 32-bit ints).
    published = {b"21": -973932308, b"foobar": -790332482, b"a-little-bit-long-string": -985981536,
                 b"a-little-bit-longer-string": -1486304829, b"abc": 479470107}
    assert {k: _murmur2(k) - (1 << 32 if _murmur2(k) >= 1 << 31 else 0) for k in published} == published


@pytest.mark.broker
def test_keyed_records_land_on_the_murmur2_partition_in_order(tansu: str, create_topic: Any) -> None:
    partitions = 5
    topic = create_topic(tansu, partitions, "keyed")
    producer = SerializingProducer({"bootstrap.servers": tansu, "key.serializer": TextSerializer(),
                                    "value.serializer": Int32Serializer(), "partitioner": "murmur2_random",
                                    "enable.idempotence": True})
    keys = [f"customer-{n}" for n in range(23)]
    records = [(keys[i % len(keys)], i) for i in range(400)]
    for key, value in records:
        producer.produce(topic, key=key, value=value)
    assert producer.flush(15) == 0

    expected: dict[int, list[tuple[bytes, bytes]]] = {p: [] for p in range(partitions)}
    for key, value in records:
        raw = key.encode()
        expected[(_murmur2(raw) & 0x7FFFFFFF) % partitions].append((raw, struct.pack(">i", value)))
    # The re-exported native partitioner function agrees with the independent hash.
    assert all(kafka_core.murmur2(k.encode(), partitions) == (_murmur2(k.encode()) & 0x7FFFFFFF) % partitions
               for k in keys)
    got = {p: [(m.key(), m.value()) for m in read_partition(tansu, topic, p)] for p in range(partitions)}
    assert got == expected
    assert sum(1 for p in expected if expected[p]) >= 3  # the keys really spread over partitions


# --- closing a consumer loses nothing ----------------------------------------

@pytest.mark.broker
def test_closed_consumer_commits_up_to_what_it_handed_out_and_the_next_one_resumes_there(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "resume")
    producer = SerializingProducer({"bootstrap.servers": tansu, "value.serializer": Int32Serializer()})
    poison = 50
    for i in range(100):
        # The record at offset 50 has a null value, which the deserializer below rejects.
        producer.produce(topic, value=None if i == poison else i, partition=0)
    assert producer.flush(10) == 0

    class Strict(Int32Deserializer):
        def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
            if value is None:
                raise ValueError("null value")
            return super().__call__(value, ctx)

    group = f"g-{topic}"
    conf = _consumer_conf(tansu, group, **{"value.deserializer": Strict(), "enable.auto.commit": True})
    first = DeserializingConsumer(conf)
    first.assign([TopicPartition(topic, 0, 0)])
    handed_out: list[int] = []
    for _ in rounds(20):
        if len(handed_out) >= poison:
            break
        handed_out += [m.value() for m in first.consume(60, 1)]
    # The native batch held records past the poison; only those before it were handed out.
    assert handed_out == list(range(poison))
    first.close()

    second = DeserializingConsumer(conf)
    try:
        second.assign([TopicPartition(topic, 0, OFFSET_STORED)])
        before_poison: list[Any] = []
        with pytest.raises(ValueDeserializationError) as info:
            for _ in rounds(20):
                msg = second.poll(0.5)
                if msg is not None:
                    before_poison.append(msg.value())
        assert before_poison == []  # it starts exactly at the poison record, not before
        assert (info.value.kafka_message.offset(), info.value.kafka_message.value()) == (poison, None)
        rest: list[int] = []
        for _ in rounds(20):
            if len(rest) >= 100 - poison - 1:
                break
            rest += [m.value() for m in second.consume(100, 0.5)]
        assert rest == list(range(poison + 1, 100))
    finally:
        second.close()
