"""The event loop stays responsive while the asyncio clients produce, consume, open and close.

A ticker task asks to wake every 5 ms and records how late each wake-up is.
The documented bound (docs/asyncio.rst) is generous, because the machine
running the tests is shared and slow: no wake-up may be more than
``STALL_BOUND_S`` late. A native call made on the loop's thread (a blocking
poll, flush, close or join) would show up as a stall of its timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from kafka_core import OFFSET_BEGINNING, Producer, TopicPartition
from kafka_core.aio import AIOConsumer, AIOProducer

STALL_BOUND_S = 0.25
RECORDS = 50_000


async def _worst_stall_during(work: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    """Run ``work()`` while a ticker measures the loop; return the worst lateness and the result."""
    worst = 0.0
    stop = False

    async def ticker() -> None:
        nonlocal worst
        for _ in range(1_000_000):
            if stop:
                return
            due = time.perf_counter() + 0.005
            await asyncio.sleep(0.005)
            worst = max(worst, time.perf_counter() - due)

    ticking = asyncio.ensure_future(ticker())
    await asyncio.sleep(0.02)
    try:
        result = await work()
    finally:
        stop = True
        await ticking
    return worst, result


def test_no_stall_beyond_the_bound_while_producing_and_consuming(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-stall")

    async def produce_then_consume() -> int:
        producer = AIOProducer({"bootstrap.servers": mock_bootstrap, "linger.ms": 5})

        async def send(first: int) -> None:  # the application's own work comes in small pieces
            for start in range(first, first + RECORDS // 10, 500):
                await asyncio.gather(*(producer.produce(topic, value=b"%d" % n, partition=n % 2)
                                       for n in range(start, start + 500)))

        await asyncio.gather(*(send(first) for first in range(0, RECORDS, RECORDS // 10)))
        await producer.close()
        consumer = AIOConsumer({"bootstrap.servers": mock_bootstrap, "group.id": topic,
                                "enable.auto.commit": False, "fetch.wait.max.ms": 50})
        await consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(2)])
        seen = 0
        async for msg in consumer:
            seen += msg.error() is None
            if seen == RECORDS:
                break
        await consumer.close()
        return seen

    worst, seen = asyncio.run(asyncio.wait_for(_worst_stall_during(produce_then_consume), 120))
    assert seen == RECORDS
    assert worst < STALL_BOUND_S, f"the event loop stalled for {worst * 1000:.0f} ms"


def test_no_stall_while_a_poll_waits_and_a_consumer_closes_under_it(mock_bootstrap: str,
                                                                   new_topic: Any) -> None:
    topic = new_topic("aio-stall-idle")
    existing = Producer({"bootstrap.servers": mock_bootstrap})
    existing.produce(topic, b"before")
    assert existing.flush(10) == 0

    async def wait_then_close() -> Any:
        consumer = AIOConsumer({"bootstrap.servers": mock_bootstrap, "group.id": topic,
                                "auto.offset.reset": "latest"})
        await consumer.subscribe([topic])
        waiting = asyncio.ensure_future(consumer.poll(30))
        await asyncio.sleep(1.0)
        await consumer.close()
        return await waiting

    worst, result = asyncio.run(asyncio.wait_for(_worst_stall_during(wait_then_close), 60))
    assert result is None
    assert worst < STALL_BOUND_S, f"the event loop stalled for {worst * 1000:.0f} ms"
