"""DeserializingConsumer.poll() takes already-fetched records in batches and hands them out one by one.

What the application sees must not change: offsets stored and committed,
``position()``, ``pause()``/``resume()`` and ``seek()`` count only records
handed out, and every record arrives once, in order. On the mock cluster.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from kafka_core import DeserializingConsumer, Producer, TopicPartition
from testsupport.broker import rounds

COUNT = 60


def _produce(bootstrap: str, topic: str) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(COUNT):
        producer.produce(topic, str(i).encode(), partition=0)
    assert producer.flush(10) == 0


def _consumer(bootstrap: str, group: str) -> Any:
    def text(data: bytes | None, ctx: Any) -> str | None:
        return None if data is None else data.decode()

    return DeserializingConsumer({"bootstrap.servers": bootstrap, "group.id": group,
                                  "value.deserializer": text, "enable.auto.commit": False})


def _poll_values(consumer: Any, count: int) -> list[int]:
    values: list[int] = []
    for _ in rounds(15):
        msg = consumer.poll(0.2)
        if msg is not None:
            values.append(int(msg.value()))
            if len(values) == count:
                return values
    raise AssertionError(f"only {values} arrived")


def test_position_and_commit_count_only_records_handed_out(
        mock_bootstrap: str, new_topic: Callable[[str], str]) -> None:
    topic = new_topic("prefetch")
    _produce(mock_bootstrap, topic)
    group = uuid.uuid4().hex
    consumer = _consumer(mock_bootstrap, group)
    consumer.assign([TopicPartition(topic, 0, 0)])
    assert _poll_values(consumer, 10) == list(range(10))
    # the native client has fetched further ahead; what the application read is 10 records
    assert [tp.offset for tp in consumer.position([TopicPartition(topic, 0)])] == [10]
    consumer.commit(asynchronous=False)
    assert [tp.offset for tp in consumer.committed([TopicPartition(topic, 0)], timeout=10)] == [10]
    consumer.close()

    # a new member of the group starts right after the last record handed out
    follower = _consumer(mock_bootstrap, group)
    committed = follower.committed([TopicPartition(topic, 0)], timeout=10)
    follower.assign(committed)
    assert _poll_values(follower, COUNT - 10) == list(range(10, COUNT))
    follower.close()


def test_pause_drops_records_fetched_ahead_and_resume_delivers_them_once(
        mock_bootstrap: str, new_topic: Callable[[str], str]) -> None:
    topic = new_topic("prefetch")
    _produce(mock_bootstrap, topic)
    consumer = _consumer(mock_bootstrap, uuid.uuid4().hex)
    partition = TopicPartition(topic, 0, 0)
    consumer.assign([partition])
    assert _poll_values(consumer, 5) == [0, 1, 2, 3, 4]
    consumer.pause([TopicPartition(topic, 0)])
    assert consumer.poll(0.5) is None  # nothing of a paused partition is handed out
    consumer.resume([TopicPartition(topic, 0)])
    assert _poll_values(consumer, COUNT - 5) == list(range(5, COUNT))
    assert consumer.poll(0.3) is None  # and nothing twice
    consumer.close()


def test_seek_back_replays_from_the_offset_asked_for(
        mock_bootstrap: str, new_topic: Callable[[str], str]) -> None:
    topic = new_topic("prefetch")
    _produce(mock_bootstrap, topic)
    consumer = _consumer(mock_bootstrap, uuid.uuid4().hex)
    consumer.assign([TopicPartition(topic, 0, 0)])
    assert _poll_values(consumer, 20) == list(range(20))
    consumer.seek(TopicPartition(topic, 0, 3))
    assert _poll_values(consumer, 5) == [3, 4, 5, 6, 7]
    consumer.close()


def test_auto_commit_catches_up_with_every_record_handed_out(
        mock_bootstrap: str, new_topic: Callable[[str], str]) -> None:
    # poll() stores offsets once per run of records of a partition; by the time the
    # records fetched ahead are all handed out, the automatic commit has them all.
    topic = new_topic("prefetch")
    _produce(mock_bootstrap, topic)
    group = uuid.uuid4().hex

    def text(data: bytes | None, ctx: Any) -> str | None:
        return None if data is None else data.decode()

    consumer = DeserializingConsumer({"bootstrap.servers": mock_bootstrap, "group.id": group,
                                      "value.deserializer": text, "auto.commit.interval.ms": 100})
    consumer.assign([TopicPartition(topic, 0, 0)])
    assert _poll_values(consumer, COUNT) == list(range(COUNT))
    observer = _consumer(mock_bootstrap, group)
    committed = -1
    for _ in rounds(10):
        consumer.poll(0.1)  # nothing more to hand out; the commit timer runs
        committed = observer.committed([TopicPartition(topic, 0)], timeout=5)[0].offset
        if committed == COUNT:
            break
    assert committed == COUNT
    consumer.close()
    observer.close()
