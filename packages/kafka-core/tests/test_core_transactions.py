"""Transactions through SerializingProducer on a real broker (Tansu).

Neither Tansu nor the mock cluster filters aborted records for
``read_committed`` readers, so nothing here claims anything about aborts.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from kafka_core import (
    OFFSET_INVALID,
    Deserializer,
    DeserializingConsumer,
    KafkaError,
    KafkaException,
    Serializer,
    SerializingProducer,
    TopicPartition,
)
from testsupport.broker import read_partition, rounds

pytestmark = pytest.mark.broker


class TextSerializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else obj.encode("utf-8")


class TextDeserializer(Deserializer):
    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        return None if value is None else value.decode("utf-8")


def _producer(bootstrap: str, transactional_id: str | None = None) -> Any:
    conf: dict[str, Any] = {"bootstrap.servers": bootstrap, "key.serializer": TextSerializer(),
                            "value.serializer": TextSerializer()}
    if transactional_id is not None:
        conf["transactional.id"] = transactional_id
    return SerializingProducer(conf)


def _values(bootstrap: str, topic: str, **conf: Any) -> list[tuple[int, str]]:
    return [(m.offset(), m.value().decode()) for m in read_partition(bootstrap, topic, 0, **conf)]


def test_a_transaction_is_invisible_to_read_committed_until_it_commits(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "txn-visible")
    plain = _producer(tansu)
    plain.produce(topic, value="before", partition=0)
    assert plain.flush(10) == 0

    producer = _producer(tansu, f"txn-{uuid.uuid4().hex}")
    producer.init_transactions(20)
    producer.begin_transaction()
    for n in range(5):
        producer.produce(topic, key=f"k{n}", value=f"in-txn-{n}", partition=0)
    assert producer.flush(10) == 0
    # The records are written (a read_uncommitted reader sees them) ...
    assert _values(tansu, topic, **{"isolation.level": "read_uncommitted"}) == [
        (0, "before"), *[(1 + n, f"in-txn-{n}") for n in range(5)]]
    # ... but a read_committed reader stops before the open transaction.
    assert _values(tansu, topic, **{"isolation.level": "read_committed"}) == [(0, "before")]

    producer.commit_transaction(20)
    assert _values(tansu, topic, **{"isolation.level": "read_committed"}) == [
        (0, "before"), *[(1 + n, f"in-txn-{n}") for n in range(5)]]
    assert [m.key() for m in read_partition(tansu, topic, 0, start=1)] == [f"k{n}".encode() for n in range(5)]


def test_send_offsets_to_transaction_commits_the_groups_offsets_with_the_transaction(
        tansu: str, create_topic: Any) -> None:
    source = create_topic(tansu, 1, "txn-in")
    sink = create_topic(tansu, 1, "txn-out")
    plain = _producer(tansu)
    for n in range(10):
        plain.produce(source, value=f"m{n}", partition=0)
    assert plain.flush(10) == 0

    group = f"g-{source}"
    consumer = DeserializingConsumer({
        "bootstrap.servers": tansu, "group.id": group, "enable.auto.commit": False, "fetch.wait.max.ms": 50,
        "isolation.level": "read_committed", "value.deserializer": TextDeserializer()})
    producer = _producer(tansu, f"txn-{uuid.uuid4().hex}")
    try:
        consumer.assign([TopicPartition(source, 0, 0)])
        msgs: list[Any] = []
        for _ in rounds(10):
            if len(msgs) >= 6:
                break
            msgs += consumer.consume(6 - len(msgs), 0.5)
        assert [m.value() for m in msgs] == [f"m{n}" for n in range(6)]

        producer.init_transactions(20)
        producer.begin_transaction()
        for m in msgs:
            producer.produce(sink, value=m.value().upper(), partition=0)
        producer.send_offsets_to_transaction([TopicPartition(source, 0, msgs[-1].offset() + 1)],
                                             consumer.consumer_group_metadata(), 20)
        asked = [TopicPartition(source, 0)]
        assert [tp.offset for tp in consumer.committed(asked, timeout=10)] == [OFFSET_INVALID]

        producer.commit_transaction(20)
        assert [tp.offset for tp in consumer.committed(asked, timeout=10)] == [6]
        assert _values(tansu, sink, **{"isolation.level": "read_committed"}) == [
            (n, f"M{n}") for n in range(6)]
    finally:
        consumer.close()


def test_a_second_producer_with_the_same_transactional_id_fences_the_first(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "txn-fence")
    transactional_id = f"txn-{uuid.uuid4().hex}"
    first = _producer(tansu, transactional_id)
    first.init_transactions(20)
    first.begin_transaction()
    first.produce(topic, value="first", partition=0)
    first.commit_transaction(20)

    second = _producer(tansu, transactional_id)
    second.init_transactions(20)

    first.begin_transaction()
    first.produce(topic, value="zombie", partition=0)  # no on_delivery: the fatal error is raised instead
    with pytest.raises(KafkaException) as info:
        first.commit_transaction(20)
    error = info.value.args[0]
    assert (error.code(), error.fatal(), error.retriable()) == (KafkaError._FENCED, True, False)
    # The fenced producer stays fenced: asking again gives the same fatal error.
    with pytest.raises(KafkaException) as again:
        first.commit_transaction(20)
    assert (again.value.args[0].code(), again.value.args[0].fatal()) == (KafkaError._FENCED, True)

    second.begin_transaction()
    second.produce(topic, value="second", partition=0)
    second.commit_transaction(20)
    values = [v for _, v in _values(tansu, topic, **{"isolation.level": "read_committed"})]
    assert values == ["first", "second"]
