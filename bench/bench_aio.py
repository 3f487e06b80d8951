"""Asyncio clients: kafka_core.aio against the reference's confluent_kafka.aio and the sync clients.

Everything runs in one process on librdkafka's in-process mock cluster, so
the figures compare the Python layers, not a network. Consumers are timed
from their first record on, after a second in which the native client
prefetches (``queued.min.messages``), so the fetch speed of the mock cluster
does not hide the cost of the layers above it. For each asyncio
client a ticker task asks to wake every 5 ms and records how late it wakes:
the worst and the 99th percentile lateness are the event-loop stall figures.

    python bench/bench_aio.py            # 200,000 messages
    python bench/bench_aio.py --quick    # 20,000 messages
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from kafka_core import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from kafka_core.aio import AIOConsumer, AIOProducer

__all__ = ["main"]

PAYLOAD = b"x" * 100
CHUNK = 1000  # messages a task has in flight before it awaits them
TASKS = 4
CONSUME_BATCH = 1000
# The mock cluster keeps about 5 MiB per partition: what the consumers read is spread over
# enough auto-created topics (of 4 partitions each) to hold it all.
MIB_PER_PARTITION = 2


def _mock_cluster() -> tuple[Any, str]:
    holder = Producer({"test.mock.num.brokers": 1, "log_level": 0})
    brokers = holder.list_topics(timeout=10).brokers.values()
    return holder, ",".join(f"{b.host}:{b.port}" for b in brokers)


def _topic(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Stall:
    """Lateness of a 5 ms ticker while the measured work runs."""

    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._stop = False
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Stall:
        self._task = asyncio.ensure_future(self._tick())
        await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_: object) -> None:
        self._stop = True
        if self._task is not None:
            await self._task

    async def _tick(self) -> None:
        for _ in range(10_000_000):
            if self._stop:
                return
            due = time.perf_counter() + 0.005
            await asyncio.sleep(0.005)
            self.lateness.append(time.perf_counter() - due)

    def figures(self) -> tuple[float, float]:
        """Worst and 99th percentile lateness, in milliseconds."""
        if len(self.lateness) < 2:
            return (max(self.lateness, default=0.0) * 1000, 0.0)
        p99 = statistics.quantiles(self.lateness, n=100, method="inclusive")[98]
        return max(self.lateness) * 1000, p99 * 1000


# -- producers ---------------------------------------------------------------------------------


def produce_sync(bootstrap: str, n: int) -> float:
    topic = _topic("sync")
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    delivered = 0

    def on_delivery(err: Any, msg: Any) -> None:
        nonlocal delivered
        delivered += err is None

    start = time.perf_counter()
    for _ in range(n):
        try:
            producer.produce(topic, PAYLOAD, on_delivery=on_delivery)
        except BufferError:
            producer.poll(0.01)
            producer.produce(topic, PAYLOAD, on_delivery=on_delivery)
        producer.poll(0)
    producer.flush(60)
    elapsed = time.perf_counter() - start
    assert delivered == n, delivered
    return elapsed


async def produce_ours(bootstrap: str, n: int) -> tuple[float, Stall]:
    topic = _topic("ours")
    async with Stall() as stall:
        start = time.perf_counter()
        async with AIOProducer({"bootstrap.servers": bootstrap, "linger.ms": 5}) as producer:
            async def task(count: int) -> int:
                done = 0
                for first in range(0, count, CHUNK):
                    futures = [producer.produce(topic, PAYLOAD) for _ in range(min(CHUNK, count - first))]
                    done += len(await asyncio.gather(*futures))
                return done

            assert sum(await asyncio.gather(*(task(n // TASKS) for _ in range(TASKS)))) == n
            elapsed = time.perf_counter() - start
    return elapsed, stall


async def produce_reference(bootstrap: str, n: int) -> tuple[float, Stall]:
    from confluent_kafka.aio import AIOProducer as ReferenceAIOProducer

    topic = _topic("ref")
    async with Stall() as stall:
        start = time.perf_counter()
        producer = ReferenceAIOProducer({"bootstrap.servers": bootstrap, "linger.ms": 5})

        async def task(count: int) -> int:
            done = 0
            for first in range(0, count, CHUNK):
                # The reference hands its local batch to the native client when it holds
                # batch_size (1000) messages or after buffer_timeout (1 s); flushing after each
                # chunk is faster than waiting for that (6,500 msg/s without, on this bench).
                futures = [await producer.produce(topic, PAYLOAD) for _ in range(min(CHUNK, count - first))]
                await producer.flush()
                done += len(await asyncio.gather(*futures))
            return done

        assert sum(await asyncio.gather(*(task(n // TASKS) for _ in range(TASKS)))) == n
        elapsed = time.perf_counter() - start
        await producer.close()
    return elapsed, stall


# -- consumers ---------------------------------------------------------------------------------


def _fill(bootstrap: str, n: int) -> tuple[list[Any], int]:
    """Write ``n`` messages over fresh topics; return their partitions and how many records they hold."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.num.messages": 10_000})
    per_partition = MIB_PER_PARTITION * 1024 * 1024 // len(PAYLOAD)
    partitions: list[Any] = []
    topics = 0
    while len(partitions) * per_partition < n:
        topics += 1
        topic = _topic("fill")
        producer.produce(topic, b"")  # auto-creates the topic
        producer.flush(10)
        count = len(producer.list_topics(topic, timeout=10).topics[topic].partitions)
        partitions += [TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(count)]
    for i in range(n):
        tp = partitions[i % len(partitions)]
        try:
            producer.produce(tp.topic, PAYLOAD, partition=tp.partition)
        except BufferError:
            producer.poll(0.05)
            producer.produce(tp.topic, PAYLOAD, partition=tp.partition)
    assert producer.flush(60) == 0
    return partitions, n + topics  # with the record that created each topic


def _consumer_conf(bootstrap: str, n: int) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": _topic("g"), "enable.auto.commit": False,
            "fetch.wait.max.ms": 10, "queued.min.messages": n, "queued.max.messages.kbytes": 1_000_000}


def consume_sync(bootstrap: str, partitions: list[Any], n: int) -> float:
    consumer = Consumer(_consumer_conf(bootstrap, n))
    consumer.assign(partitions)
    seen = len(consumer.consume(1, 10.0))
    time.sleep(1.0)
    start = time.perf_counter()
    for _ in range(n):
        seen += len(consumer.consume(min(CONSUME_BATCH, n - seen), 1.0))
        if seen >= n:
            break
    elapsed = time.perf_counter() - start
    consumer.close()
    assert seen == n, seen
    return elapsed


async def _consume_async(make: Callable[[], Any], partitions: list[Any], n: int,
                         read: Callable[[Any, int], Awaitable[int]]) -> tuple[float, Stall]:
    async with Stall() as stall:
        consumer = make()
        await consumer.assign(partitions)
        first = len(await consumer.consume(1, 10.0))
        await asyncio.sleep(1.0)
        start = time.perf_counter()
        seen = first + await read(consumer, n - first)
        elapsed = time.perf_counter() - start
        await consumer.close()
    assert seen == n, seen
    return elapsed, stall


async def _read_batches(consumer: Any, n: int) -> int:
    seen = 0
    for _ in range(n):
        seen += len(await consumer.consume(min(CONSUME_BATCH, n - seen), 1.0))
        if seen >= n:
            break
    return seen


async def _read_iterating(consumer: Any, n: int) -> int:
    seen = 0
    async for _ in consumer:
        seen += 1
        if seen >= n:
            break
    return seen


# -- report ------------------------------------------------------------------------------------


def _row(name: str, n: int, elapsed: float, baseline: float, stall: Stall | None) -> str:
    rate = n / elapsed
    worst, p99 = stall.figures() if stall is not None else (float("nan"), float("nan"))
    stall_text = "          -          -" if stall is None else f"{worst:11.1f}{p99:11.1f}"
    return f"{name:<44}{rate:>12,.0f}{baseline / elapsed:>10.2f}x{stall_text}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 messages instead of 200,000")
    parser.add_argument("-n", type=int, default=None, help="number of messages")
    args = parser.parse_args()
    n = args.n or (20_000 if args.quick else 200_000)
    n -= n % TASKS
    holder, bootstrap = _mock_cluster()
    from confluent_kafka.aio import AIOConsumer as ReferenceAIOConsumer

    header = f"{'client':<44}{'msg/s':>12}{'vs sync':>11}{'stall max ms':>13}{'p99 ms':>9}"
    print(f"{n:,} messages of {len(PAYLOAD)} bytes, librdkafka mock cluster\n")
    print("produce (awaiting every delivery)")
    print(header)
    sync_s = produce_sync(bootstrap, n)
    print(_row("sync Producer (produce + poll(0), flush)", n, sync_s, sync_s, None))
    elapsed, stall = asyncio.run(produce_ours(bootstrap, n))
    print(_row("kafka_core.aio.AIOProducer", n, elapsed, sync_s, stall))
    elapsed, stall = asyncio.run(produce_reference(bootstrap, n))
    print(_row("confluent_kafka.aio.AIOProducer (reference)", n, elapsed, sync_s, stall))

    partitions, total = _fill(bootstrap, n)
    print("\nconsume")
    print(header)
    sync_s = consume_sync(bootstrap, partitions, total)
    print(_row(f"sync Consumer consume({CONSUME_BATCH})", n, sync_s, sync_s, None))
    readers: list[tuple[str, Callable[[], Any], Callable[[Any, int], Awaitable[int]]]] = [
        (f"kafka_core.aio.AIOConsumer consume({CONSUME_BATCH})", lambda: AIOConsumer(conf), _read_batches),
        ("kafka_core.aio.AIOConsumer async for", lambda: AIOConsumer(conf), _read_iterating),
        (f"confluent_kafka.aio.AIOConsumer consume({CONSUME_BATCH})", lambda: ReferenceAIOConsumer(conf),
         _read_batches),
    ]
    for name, make, read in readers:
        conf = _consumer_conf(bootstrap, total)
        elapsed, stall = asyncio.run(_consume_async(make, partitions, total, read))
        print(_row(name, n, elapsed, sync_s, stall))
    holder.flush(5)


if __name__ == "__main__":
    main()
