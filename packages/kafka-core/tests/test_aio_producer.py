"""AIOProducer: awaited deliveries, headers, errors on the awaiting task, queue-full waits, cancel, close."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import threading
import uuid
from collections.abc import Coroutine
from typing import Any

import pytest
from kafka_core import KafkaError, KafkaException, ProduceError, TopicPartition
from kafka_core.aio import AIOProducer
from testsupport.broker import free_port, read_partition


def _run(coro: Coroutine[Any, Any, Any], timeout_s: float = 60) -> Any:
    """Run ``coro`` in a fresh event loop, bounded in time."""
    return asyncio.run(asyncio.wait_for(coro, timeout_s))


def _aio_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("kafka-core-aio")]


def _unreachable() -> str:
    """A bootstrap address where nothing listens: every delivery fails."""
    return f"127.0.0.1:{free_port()}"


def test_awaiting_produce_gives_the_delivered_message_and_headers_reach_the_broker(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-headers")

    async def main() -> list[Any]:
        async with AIOProducer({"bootstrap.servers": mock_bootstrap, "linger.ms": 2}) as producer:
            delivered = [await producer.produce(topic, value=f"v{n}".encode(), key=b"k", partition=0,
                                                headers={"n": str(n).encode()},
                                                timestamp=1_700_000_000_000 + n)
                         for n in range(3)]
            assert len(producer) == 0
            return delivered

    delivered = _run(main())
    assert [(m.topic(), m.partition(), m.offset(), m.value()) for m in delivered] == [
        (topic, 0, n, f"v{n}".encode()) for n in range(3)]
    stored = read_partition(mock_bootstrap, topic, 0)
    assert [(m.headers(), m.timestamp()[1]) for m in stored] == [
        ([("n", str(n).encode())], 1_700_000_000_000 + n) for n in range(3)]
    assert _aio_threads() == []


def test_a_full_local_queue_makes_messages_wait_in_order_instead_of_raising(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-full")

    async def main() -> list[int]:
        producer = AIOProducer({"bootstrap.servers": mock_bootstrap, "queue.buffering.max.messages": 5,
                                "linger.ms": 1})
        try:
            futures = [producer.produce(topic, value=str(n).encode(), partition=0) for n in range(300)]
            assert len(producer) == 300  # most of them waiting for queue space, none refused
            delivered = await asyncio.gather(*futures)
            return [m.offset() for m in delivered]
        finally:
            await producer.close()

    assert _run(main()) == list(range(300))
    stored = read_partition(mock_bootstrap, topic, 0)
    assert [m.value() for m in stored] == [str(n).encode() for n in range(300)]


def test_a_failed_delivery_is_raised_on_the_awaiting_task_and_given_to_on_delivery() -> None:
    reports: list[tuple[Any, Any]] = []

    async def main() -> ProduceError:
        producer = AIOProducer({"bootstrap.servers": _unreachable(), "message.timeout.ms": 300,
                                "on_delivery": lambda err, msg: reports.append((err, msg))})
        try:
            with pytest.raises(ProduceError) as caught:
                await producer.produce("nowhere", value=b"lost")
            return caught.value
        finally:
            await producer.close()

    error = _run(main())
    assert isinstance(error, KafkaException)
    assert isinstance(error, ProduceError)
    assert error.args[0].code() == KafkaError._MSG_TIMED_OUT
    assert error.kafka_message.value() == b"lost"
    assert [(err.code(), msg.value()) for err, msg in reports] == [(KafkaError._MSG_TIMED_OUT, b"lost")]


def test_cancelling_an_awaited_produce_still_sends_the_message_and_reports_it(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-cancel")
    reports: list[tuple[Any, int]] = []

    async def main() -> None:
        async with AIOProducer({"bootstrap.servers": mock_bootstrap, "linger.ms": 200}) as producer:
            waiting = asyncio.ensure_future(producer.produce(
                topic, value=b"kept", partition=0,
                on_delivery=lambda err, msg: reports.append((err, msg.offset()))))
            await asyncio.sleep(0.01)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            assert len(producer) == 1  # still tracked
            assert await producer.flush(10) == 0

    _run(main())
    assert reports == [(None, 0)]
    assert [m.value() for m in read_partition(mock_bootstrap, topic, 0)] == [b"kept"]


def test_close_reports_every_undeliverable_message_as_failed_and_ends_its_threads() -> None:
    async def main() -> list[BaseException | Any]:
        tasks_before = asyncio.all_tasks()
        producer = AIOProducer({"bootstrap.servers": _unreachable(), "message.timeout.ms": 60_000})
        futures = [producer.produce("nowhere", value=str(n).encode()) for n in range(20)]
        await producer.close(timeout=0.3)
        assert asyncio.all_tasks() == tasks_before  # no task left behind
        with pytest.raises(RuntimeError):
            producer.produce("nowhere", value=b"late")
        return await asyncio.gather(*futures, return_exceptions=True)

    outcomes = _run(main())
    assert len(outcomes) == 20
    assert all(isinstance(o, ProduceError) and o.args[0].code() == KafkaError._PURGE_QUEUE for o in outcomes)
    assert _aio_threads() == []


def test_purge_fails_the_queued_messages_futures(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-purge")

    async def main() -> list[Any]:
        async with AIOProducer({"bootstrap.servers": mock_bootstrap, "linger.ms": 5000}) as producer:
            futures = [producer.produce(topic, value=b"x", partition=0) for _ in range(5)]
            await producer.purge()
            assert await producer.flush(10) == 0
            return await asyncio.gather(*futures, return_exceptions=True)

    outcomes = _run(main())
    assert [o.args[0].code() for o in outcomes] == [KafkaError._PURGE_QUEUE] * 5


def test_config_callbacks_run_on_the_event_loop_thread_and_may_be_coroutines() -> None:
    seen: list[tuple[int, int]] = []

    async def main() -> int:
        loop_thread = threading.get_ident()
        got_one = asyncio.Event()

        async def error_cb(err: Any) -> None:
            seen.append((threading.get_ident(), err.code()))
            got_one.set()

        tasks_before = asyncio.all_tasks()
        producer = AIOProducer({"bootstrap.servers": _unreachable(), "error_cb": error_cb,
                                "reconnect.backoff.ms": 10})
        try:
            producer.produce("nowhere", value=b"x").add_done_callback(lambda f: f.exception())
            await asyncio.wait_for(got_one.wait(), 15)
        finally:
            await producer.close(timeout=0)
        assert asyncio.all_tasks() == tasks_before  # the callbacks' tasks were awaited
        return loop_thread

    loop_thread = _run(main())
    assert seen and all(thread == loop_thread for thread, _ in seen)
    assert {code for _, code in seen} & {KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN}


def test_poll_returns_how_many_deliveries_were_resolved(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-poll")

    async def main() -> tuple[int, int]:
        async with AIOProducer({"bootstrap.servers": mock_bootstrap}) as producer:
            idle = await producer.poll(0)
            futures = [producer.produce(topic, value=b"x", partition=0) for _ in range(10)]
            resolved = 0
            for _ in range(100):
                resolved += await producer.poll(0.5)
                if resolved >= 10:
                    break
            await asyncio.gather(*futures)
            return idle, resolved

    assert _run(main()) == (0, 10)


@pytest.mark.broker
def test_a_transaction_commits_its_awaited_messages(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "aio-txn")

    async def main() -> list[int]:
        conf = {"bootstrap.servers": tansu, "transactional.id": f"aio-{uuid.uuid4().hex}"}
        async with AIOProducer(conf) as p:
            await p.init_transactions(20)
            await p.begin_transaction()
            futures = [p.produce(topic, key=b"k", value=f"t{n}".encode(), partition=0) for n in range(5)]
            await p.commit_transaction(20)
            assert all(f.done() for f in futures)  # resolved by the time the commit returns
            return [(await f).offset() for f in futures]

    offsets = _run(main())
    assert offsets == sorted(offsets) and len(set(offsets)) == 5
    committed = read_partition(tansu, topic, 0, **{"isolation.level": "read_committed"})
    assert [m.value() for m in committed] == [f"t{n}".encode() for n in range(5)]


@pytest.mark.broker
def test_send_offsets_to_transaction_takes_a_consumers_group_metadata(tansu: str, create_topic: Any) -> None:
    from kafka_core.aio import AIOConsumer

    topic = create_topic(tansu, 1, "aio-txn-offsets")
    group = f"aio-txn-{uuid.uuid4().hex[:8]}"

    async def main() -> list[Any]:
        consumer = AIOConsumer({"bootstrap.servers": tansu, "group.id": group, "enable.auto.commit": False})
        try:
            async with AIOProducer({"bootstrap.servers": tansu,
                                    "transactional.id": f"aio-{uuid.uuid4().hex}"}) as producer:
                await producer.init_transactions(20)
                await producer.begin_transaction()
                await producer.produce(topic, value=b"out", partition=0)
                await producer.send_offsets_to_transaction(
                    [TopicPartition(topic, 0, 7)], await consumer.consumer_group_metadata(), 20)
                await producer.commit_transaction(20)
            return await consumer.committed([TopicPartition(topic, 0)], timeout=20)
        finally:
            await consumer.close()

    assert [tp.offset for tp in _run(main())] == [7]


def test_an_executor_given_runs_the_blocking_calls_and_a_closed_producer_refuses_them(
        mock_bootstrap: str) -> None:
    class CountingExecutor(concurrent.futures.ThreadPoolExecutor):
        submitted = 0

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
            self.submitted += 1
            return super().submit(fn, *args, **kwargs)

    async def main() -> tuple[int, int]:
        with CountingExecutor(1) as executor:
            producer = AIOProducer({"bootstrap.servers": mock_bootstrap}, executor=executor)
            metadata = await producer.list_topics(timeout=10)
            submitted = executor.submitted
            await producer.close()
            with pytest.raises(RuntimeError):
                await producer.list_topics(timeout=10)
        return submitted, len(metadata.brokers)

    submitted, brokers = _run(main())
    assert submitted >= 1
    assert brokers == 3  # the shared mock cluster's brokers


def test_clients_never_closed_end_their_threads_once_collected() -> None:
    from kafka_core.aio import AIOConsumer

    async def main() -> tuple[list[str], list[str]]:
        producer = AIOProducer({"bootstrap.servers": _unreachable()})
        consumer = AIOConsumer({"bootstrap.servers": _unreachable(), "group.id": "never-closed"})
        await consumer.assignment()  # starts the consumer's thread
        running = _aio_threads()
        del producer, consumer
        gc.collect()
        for _ in range(50):
            if not _aio_threads():
                break
            await asyncio.sleep(0.1)
        return running, _aio_threads()

    running, left = _run(main())
    assert sorted(running) == ["kafka-core-aio-consumer", "kafka-core-aio-producer-poller"]
    assert left == []
