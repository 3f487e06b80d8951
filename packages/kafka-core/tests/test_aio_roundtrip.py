"""100,000 records through AIOProducer from many tasks and back through AIOConsumer, on Tansu."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

import pytest
from kafka_core import OFFSET_BEGINNING, KafkaError, TopicPartition
from kafka_core.aio import AIOConsumer, AIOProducer

pytestmark = pytest.mark.broker

PARTITIONS = 4
TASKS = 100
PER_TASK = 1000
CHUNK = 100


def _run(coro: Coroutine[Any, Any, Any], timeout_s: float) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout_s))


async def _produce_all(bootstrap: str, topic: str) -> list[Any]:
    async def task(n: int, producer: AIOProducer) -> list[Any]:
        delivered: list[Any] = []
        key = f"task-{n}".encode()
        for start in range(0, PER_TASK, CHUNK):
            futures = [producer.produce(topic, value=f"{n}:{seq}".encode(), key=key)
                       for seq in range(start, start + CHUNK)]
            delivered += await asyncio.gather(*futures)
        return delivered

    async with AIOProducer({"bootstrap.servers": bootstrap, "linger.ms": 10}) as producer:
        per_task = await asyncio.gather(*(task(n, producer) for n in range(TASKS)))
    return [m for delivered in per_task for m in delivered]


async def _read_all(bootstrap: str, topic: str) -> list[Any]:
    conf = {"bootstrap.servers": bootstrap, "group.id": f"{topic}-reader", "enable.partition.eof": True,
            "enable.auto.commit": False, "fetch.wait.max.ms": 50}
    async with AIOConsumer(conf) as consumer:
        await consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        records: list[Any] = []
        at_end: set[int] = set()
        for _ in range(10_000):
            for msg in await consumer.consume(5000, 1.0):
                error = msg.error()
                if error is None:
                    records.append(msg)
                    at_end.discard(msg.partition())
                elif error.code() == KafkaError._PARTITION_EOF:
                    at_end.add(msg.partition())
                else:
                    raise AssertionError(error)
            if len(at_end) == PARTITIONS and len(records) >= TASKS * PER_TASK:
                break
        return records


def test_100k_records_from_100_tasks_come_back_each_once_and_in_order_per_key(tansu: str,
                                                                              create_topic: Any) -> None:
    topic = create_topic(tansu, PARTITIONS, "aio-100k")
    delivered = _run(_produce_all(tansu, topic), 180)
    assert len(delivered) == TASKS * PER_TASK
    assert all(m.error() is None and m.topic() == topic for m in delivered)
    assert len({(m.partition(), m.offset()) for m in delivered}) == TASKS * PER_TASK

    records = _run(_read_all(tansu, topic), 180)
    values = [m.value().decode() for m in records]
    assert sorted(values) == sorted(f"{n}:{seq}" for n in range(TASKS) for seq in range(PER_TASK))
    per_key: dict[bytes, list[int]] = {}
    for m in records:
        task, seq = m.value().decode().split(":")
        assert m.key() == f"task-{task}".encode()
        per_key.setdefault(m.key(), []).append(int(seq))
    assert all(seqs == list(range(PER_TASK)) for seqs in per_key.values())
    # Where the producer said each record went is where it was read from.
    assert {(m.partition(), m.offset(), m.value()) for m in delivered} == {
        (m.partition(), m.offset(), m.value()) for m in records}
    assert [t for t in threading.enumerate() if t.name.startswith("kafka-core-aio")] == []
