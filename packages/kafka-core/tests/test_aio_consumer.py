"""AIOConsumer: poll, consume, async for, offsets stored on hand-out, cancel, close, rebalance callbacks."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Coroutine
from typing import Any

import pytest
from kafka_core import OFFSET_BEGINNING, Producer, TopicPartition
from kafka_core.aio import AIOConsumer


def _run(coro: Coroutine[Any, Any, Any], timeout_s: float = 60) -> Any:
    """Run ``coro`` in a fresh event loop, bounded in time."""
    return asyncio.run(asyncio.wait_for(coro, timeout_s))


def _aio_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("kafka-core-aio")]


def _fill(bootstrap: str, topic: str, count: int, partition: int = 0, start: int = 0) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for n in range(start, start + count):
        producer.produce(topic, value=str(n).encode(), partition=partition)
    assert producer.flush(10) == 0


def _conf(bootstrap: str, **extra: Any) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": f"aio-{uuid.uuid4().hex[:8]}",
            "auto.offset.reset": "earliest", "enable.auto.commit": False, "fetch.wait.max.ms": 50,
            "session.timeout.ms": 2000, "heartbeat.interval.ms": 300, **extra}


def test_poll_consume_and_async_for_hand_out_every_record_once_in_order(mock_bootstrap: str,
                                                                         new_topic: Any) -> None:
    topic = new_topic("aio-read")
    _fill(mock_bootstrap, topic, 1200)

    async def main() -> list[bytes]:
        async with AIOConsumer(_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            first = await consumer.poll(10)
            values = [first.value()]
            batch = await consumer.consume(100, 10)
            assert 1 <= len(batch) <= 100
            values += [m.value() for m in batch]
            async for msg in consumer:
                values.append(msg.value())
                if len(values) == 1200:
                    break
            assert await consumer.poll(0.2) is None  # nothing left, nothing handed out twice
            return values

    assert _run(main()) == [str(n).encode() for n in range(1200)]
    assert _aio_threads() == []


def test_only_records_handed_out_are_committed_not_those_fetched_ahead(mock_bootstrap: str,
                                                                       new_topic: Any) -> None:
    topic = new_topic("aio-store")
    _fill(mock_bootstrap, topic, 300)
    tp = TopicPartition(topic, 0)

    async def main() -> tuple[int, int, int]:
        async with AIOConsumer(_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            seen = 0
            async for _ in consumer:  # fetches a batch of up to 500, hands out 3
                seen += 1
                if seen == 3:
                    break
            committed = await consumer.commit(asynchronous=False)
            position = await consumer.position([tp])
            after_three = (await consumer.committed([tp], timeout=10))[0].offset
            more = await consumer.consume(10, 5)
            await consumer.commit(asynchronous=False)
            after_more = (await consumer.committed([tp], timeout=10))[0].offset
            assert [c.offset for c in committed] == [3]
            assert [p.offset for p in position] == [3]
            return after_three, len(more), after_more

    assert _run(main()) == (3, 10, 13)


def test_cancelling_a_poll_loses_no_record(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-cancel")
    _fill(mock_bootstrap, topic, 1)

    async def main() -> list[bytes]:
        async with AIOConsumer(_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            values = [(await consumer.poll(10)).value()]
            _fill(mock_bootstrap, topic, 1, start=1)
            waiting = asyncio.ensure_future(consumer.poll(10))
            await asyncio.sleep(0)  # the poll is on the consumer's thread now
            time.sleep(1.0)  # deliberately hold the loop: the record arrives while nobody can take it
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            values.append((await consumer.poll(10)).value())
            return values

    assert _run(main()) == [b"0", b"1"]


def test_close_ends_a_waiting_iteration_and_poll_and_its_thread(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-close")

    async def main() -> tuple[list[Any], Any]:
        tasks_before = asyncio.all_tasks()
        consumer = AIOConsumer(_conf(mock_bootstrap))
        await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])

        async def iterate() -> list[Any]:
            return [msg async for msg in consumer]

        iteration = asyncio.ensure_future(iterate())
        waiting_poll = asyncio.ensure_future(consumer.poll())  # no timeout: waits for ever
        await asyncio.sleep(0.3)
        await consumer.close()
        await consumer.close()  # twice is fine
        with pytest.raises(RuntimeError):
            await consumer.poll(0)
        results = await iteration, await waiting_poll
        assert asyncio.all_tasks() == tasks_before  # no task left behind
        return results

    assert _run(main(), 20) == ([], None)
    assert _aio_threads() == []


def test_pausing_gives_back_records_fetched_ahead_after_resume(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-pause")
    _fill(mock_bootstrap, topic, 50)

    async def main() -> tuple[list[bytes], Any]:
        async with AIOConsumer(_conf(mock_bootstrap)) as consumer:
            tp = TopicPartition(topic, 0, OFFSET_BEGINNING)
            await consumer.assign([tp])
            values = [(await consumer.__anext__()).value()]  # fetches ahead
            await consumer.pause([tp])
            while_paused = await consumer.poll(0.5)
            await consumer.resume([tp])
            async for msg in consumer:
                values.append(msg.value())
                if len(values) == 50:
                    break
            return values, while_paused

    values, while_paused = _run(main())
    assert while_paused is None
    assert values == [str(n).encode() for n in range(50)]


def test_seek_drops_records_fetched_ahead_and_reads_from_the_new_offset(mock_bootstrap: str,
                                                                         new_topic: Any) -> None:
    topic = new_topic("aio-seek")
    _fill(mock_bootstrap, topic, 30)

    async def main() -> list[bytes]:
        async with AIOConsumer(_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            values = [(await consumer.__anext__()).value()]
            await consumer.seek(TopicPartition(topic, 0, 20))
            async for msg in consumer:
                values.append(msg.value())
                if len(values) == 11:
                    break
            return values

    assert _run(main()) == [b"0", *[str(n).encode() for n in range(20, 30)]]


@pytest.mark.broker
def test_two_consumers_split_the_partitions_with_async_callbacks_that_call_the_consumer(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 4, "aio-group")
    for p in range(4):
        _fill(tansu, topic, 25, partition=p, start=p * 100)
    group = f"aio-group-{uuid.uuid4().hex[:8]}"
    events: list[tuple[str, str, int]] = []

    def callbacks(name: str) -> dict[str, Any]:
        async def on_assign(consumer: AIOConsumer, partitions: list[Any]) -> None:
            events.append((name, "assign", len(partitions)))
            await consumer.assign(partitions)  # a consumer call from inside the rebalance
            await asyncio.sleep(0)

        async def on_revoke(consumer: AIOConsumer, partitions: list[Any]) -> None:
            events.append((name, "revoke", len(partitions)))

        return {"on_assign": on_assign, "on_revoke": on_revoke}

    async def read(consumer: AIOConsumer, into: list[int], stop: asyncio.Event) -> None:
        while not stop.is_set():
            for msg in await consumer.consume(100, 0.2):
                if msg.error() is None:
                    into.append(int(msg.value()))

    async def main() -> tuple[list[int], list[int], list[Any], list[Any]]:
        # Auto commit: a partition that moves goes on from the offsets stored for what was handed out.
        a = AIOConsumer(_conf(tansu, **{"group.id": group, "enable.auto.commit": True}))
        b = AIOConsumer(_conf(tansu, **{"group.id": group, "enable.auto.commit": True}))
        got_a: list[int] = []
        got_b: list[int] = []
        stop = asyncio.Event()
        try:
            await a.subscribe([topic], **callbacks("a"))
            await b.subscribe([topic], **callbacks("b"))
            readers = [asyncio.ensure_future(read(a, got_a, stop)),
                       asyncio.ensure_future(read(b, got_b, stop))]
            for _ in range(300):
                parts_a, parts_b = await a.assignment(), await b.assignment()
                if len(got_a) + len(got_b) >= 100 and parts_a and parts_b:
                    break
                await asyncio.sleep(0.1)
            stop.set()
            await asyncio.gather(*readers)
            return got_a, got_b, parts_a, parts_b
        finally:
            await a.close()
            await b.close()

    got_a, got_b, parts_a, parts_b = _run(main(), 90)
    expected = sorted(p * 100 + n for p in range(4) for n in range(25))
    assert sorted(got_a + got_b) == expected  # every record exactly once across the group
    assert {tp.partition for tp in parts_a} | {tp.partition for tp in parts_b} == {0, 1, 2, 3}
    assert not {tp.partition for tp in parts_a} & {tp.partition for tp in parts_b}
    assert {name for name, kind, _ in events if kind == "assign"} == {"a", "b"}
    assert _aio_threads() == []


@pytest.mark.broker
def test_lost_partitions_go_to_an_async_on_lost_or_else_to_on_revoke(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 2, "aio-lost")
    calls: dict[str, list[tuple[str, list[int]]]] = {"revoke_only": [], "with_lost": []}

    def recorder(name: str, kind: str) -> Any:
        async def record(consumer: AIOConsumer, partitions: list[Any]) -> None:
            await asyncio.sleep(0)
            calls[name].append((kind, sorted(p.partition for p in partitions)))

        return record

    async def poll_until(members: dict[str, AIOConsumer], done: Any) -> list[tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        for _ in range(200):
            for name, consumer in members.items():
                msg = await consumer.poll(0.1)
                if msg is not None and msg.error() is not None:
                    errors.append((name, msg.error().name()))
            if await done():
                break
        return errors

    async def main() -> list[tuple[str, str]]:
        # A member that does not poll for longer than max.poll.interval.ms leaves the group:
        # its partitions count as lost.
        members = {name: AIOConsumer(_conf(tansu, **{"group.id": f"{topic}-{name}",
                                                     "max.poll.interval.ms": 2000}))
                   for name in calls}
        try:
            await members["revoke_only"].subscribe([topic], on_revoke=recorder("revoke_only", "revoke"))
            await members["with_lost"].subscribe([topic], on_revoke=recorder("with_lost", "revoke"),
                                                 on_lost=recorder("with_lost", "lost"))

            async def all_assigned() -> bool:
                return all([len(await c.assignment()) == 2 for c in members.values()])

            async def all_called() -> bool:
                return all(calls.values())

            await poll_until(members, all_assigned)
            await asyncio.sleep(3.5)  # no poll for longer than max.poll.interval.ms
            return await poll_until(members, all_called)
        finally:
            for consumer in members.values():
                await consumer.close()

    errors = _run(main(), 90)
    assert ("revoke_only", "_MAX_POLL_EXCEEDED") in errors and ("with_lost", "_MAX_POLL_EXCEEDED") in errors
    assert calls["revoke_only"][0] == ("revoke", [0, 1])
    assert calls["with_lost"][0] == ("lost", [0, 1])
    assert ("revoke", [0, 1]) not in calls["with_lost"]
