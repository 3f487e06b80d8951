"""Fixtures of the kafka-admin tests: an AdminClient on the session Tansu broker, topics and records."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from kafka_admin import AdminClient, NewTopic
from kafka_core import Consumer, Producer, TopicPartition


@pytest.fixture
def admin(tansu: str) -> AdminClient:
    """An AdminClient on the session Tansu broker."""
    return AdminClient({"bootstrap.servers": tansu, "log_level": 3})


@pytest.fixture
def offline_admin() -> AdminClient:
    """An AdminClient pointed at a closed loopback port: for checks that must fail before sending."""
    return AdminClient({"bootstrap.servers": "127.0.0.1:9", "log_level": 0})


@pytest.fixture
def make_topic(admin: AdminClient, new_topic: Callable[[str], str]) -> Callable[..., str]:
    """Create a fresh topic on Tansu (``make_topic(partitions=1, config=None)``); returns its name."""

    def make(partitions: int = 1, config: dict[str, str] | None = None, prefix: str = "adm") -> str:
        name = new_topic(prefix)
        admin.create_topics([NewTopic(name, partitions, 1, config=config or {})])[name].result(15)
        return name

    return make


@pytest.fixture
def produce_each(tansu: str) -> Iterator[Callable[[str, int, int], None]]:
    """Produce ``count`` records to a partition, one record per batch.

    One per batch because Tansu reports a wrong log end offset when the last
    batch holds several records.
    """
    producer = Producer({"bootstrap.servers": tansu, "linger.ms": 0, "log_level": 3})

    def produce(topic: str, partition: int, count: int) -> None:
        for i in range(count):
            producer.produce(topic, value=b"r%d" % i, partition=partition)
            assert producer.flush(10) == 0, "a record was not delivered within 10 s"

    yield produce
    producer.flush(5)


@pytest.fixture
def commit_offsets(tansu: str) -> Callable[[str, list[TopicPartition]], None]:
    """Commit offsets for a group with a real consumer (a simple commit, no group join)."""

    def commit(group_id: str, offsets: list[TopicPartition]) -> None:
        consumer = Consumer(
            {"bootstrap.servers": tansu, "group.id": group_id, "enable.auto.commit": False, "log_level": 3}
        )
        try:
            consumer.commit(offsets=offsets, asynchronous=False)
        finally:
            consumer.close()

    return commit
