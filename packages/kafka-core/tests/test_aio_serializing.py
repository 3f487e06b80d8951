"""AsyncSerializingProducer and AsyncDeserializingConsumer: sync and async serdes, poison records, cancel."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Coroutine
from typing import Any

import pytest
from kafka_core import (
    OFFSET_BEGINNING,
    ConsumeError,
    KeyDeserializationError,
    Producer,
    SerializationContext,
    TopicPartition,
    ValueDeserializationError,
    ValueSerializationError,
)
from kafka_core.aio import AsyncDeserializingConsumer, AsyncSerializingProducer


def _run(coro: Coroutine[Any, Any, Any], timeout_s: float = 60) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout_s))


async def text_serializer(obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
    await asyncio.sleep(0)  # a real async serde would await its registry here
    return None if obj is None else str(obj).encode()


async def int_deserializer(data: bytes | None, ctx: SerializationContext | None = None) -> int | None:
    await asyncio.sleep(0)
    if data is None:
        return None
    if not data.isdigit():
        raise ValueError(f"not a number: {data!r}")
    return int(data)


def upper_key(data: bytes | None, ctx: SerializationContext | None = None) -> str | None:
    """A plain (sync) deserializer next to an async one."""
    if data == b"poison":
        raise ValueError("poisoned key")
    return None if data is None else data.decode().upper()


def _consumer_conf(bootstrap: str, **extra: Any) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": f"aio-{uuid.uuid4().hex[:8]}",
            "enable.auto.commit": False, "fetch.wait.max.ms": 50, "value.deserializer": int_deserializer,
            "key.deserializer": upper_key, **extra}


def _raw(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes]]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for key, value in records:
        producer.produce(topic, value=value, key=key, partition=0)
    assert producer.flush(10) == 0


def test_async_and_sync_serdes_round_trip_with_headers_in_their_context(mock_bootstrap: str,
                                                                        new_topic: Any) -> None:
    topic = new_topic("aio-serde")
    contexts: list[tuple[str, str, Any]] = []

    def key_serializer(obj: Any, ctx: SerializationContext | None = None) -> bytes:
        assert ctx is not None
        contexts.append((ctx.topic, ctx.field, ctx.headers))
        return str(obj).encode()

    async def main() -> list[tuple[Any, Any, Any]]:
        producer = await AsyncSerializingProducer({"bootstrap.servers": mock_bootstrap,
                                                   "key.serializer": key_serializer,
                                                   "value.serializer": text_serializer})
        async with producer:
            delivered = await producer.produce(topic, key="k", value=41, partition=0, headers={"h": b"v"})
            assert delivered.value() == b"41"
            await asyncio.gather(*(producer.produce(topic, key=f"k{n}", value=n, partition=0)
                                   for n in range(5)))
        consumer = await AsyncDeserializingConsumer(_consumer_conf(mock_bootstrap))
        async with consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            first = await consumer.poll(10)
            rest = await consumer.consume(10, 10)
            return [(m.key(), m.value(), m.headers()) for m in [first, *rest]]

    got = _run(main())
    assert got[0] == ("K", 41, [("h", b"v")])
    assert sorted(got[1:], key=lambda kv: kv[1]) == [(f"K{n}", n, None) for n in range(5)]
    assert contexts[0] == (topic, "key", {"h": b"v"})


def test_a_failing_serializer_sends_nothing(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-serde-fail")

    async def refuse(obj: Any, ctx: Any = None) -> bytes:
        raise ValueError("refused")

    async def main() -> int:
        async with AsyncSerializingProducer({"bootstrap.servers": mock_bootstrap,
                                             "value.serializer": refuse}) as producer:
            with pytest.raises(ValueSerializationError) as caught:
                await producer.produce(topic, value="x")
            assert isinstance(caught.value.exception, ValueError)
            return len(producer)

    assert _run(main()) == 0


def test_a_poison_record_is_raised_with_its_raw_message_and_the_next_call_goes_on(mock_bootstrap: str,
                                                                                  new_topic: Any) -> None:
    topic = new_topic("aio-poison")
    _raw(mock_bootstrap, topic, [(b"a", b"1"), (b"b", b"bad"), (b"c", b"3"), (b"poison", b"4"), (b"e", b"5")])

    async def main() -> list[Any]:
        outcomes: list[Any] = []
        async with AsyncDeserializingConsumer(_consumer_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            for _ in range(20):
                try:
                    batch = await consumer.consume(10, 5)
                except ConsumeError as exc:
                    raw = exc.kafka_message
                    outcomes.append((type(exc).__name__, raw.offset(), raw.key(), raw.value()))
                    continue
                outcomes += [(m.key(), m.value()) for m in batch]
                if len(outcomes) == 5:
                    break
        return outcomes

    assert _run(main()) == [
        ("A", 1),
        (ValueDeserializationError.__name__, 1, b"b", b"bad"),
        ("C", 3),
        (KeyDeserializationError.__name__, 3, b"poison", b"4"),
        ("E", 5),
    ]


def test_async_for_raises_a_poison_record_and_a_new_loop_goes_on_after_it(mock_bootstrap: str,
                                                                          new_topic: Any) -> None:
    topic = new_topic("aio-poison-iter")
    _raw(mock_bootstrap, topic, [(None, b"1"), (None, b"bad"), (None, b"3")])

    async def main() -> tuple[list[int], int, list[int]]:
        async with AsyncDeserializingConsumer(_consumer_conf(mock_bootstrap)) as consumer:
            await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            before: list[int] = []
            with pytest.raises(ValueDeserializationError) as caught:
                async for msg in consumer:
                    before.append(msg.value())
            after: list[int] = []
            async for msg in consumer:
                after.append(msg.value())
                break
            return before, caught.value.kafka_message.offset(), after

    assert _run(main()) == ([1], 1, [3])


def test_cancelled_while_deserializing_the_records_come_again(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("aio-serde-cancel")
    _raw(mock_bootstrap, topic, [(None, b"1"), (None, b"2")])
    gate = asyncio.Event()
    calls: list[bytes] = []

    async def slow(data: bytes | None, ctx: Any = None) -> int:
        assert data is not None
        calls.append(data)
        if not gate.is_set():
            await asyncio.sleep(30)
        return int(data)

    async def main() -> list[int]:
        conf = _consumer_conf(mock_bootstrap, **{"value.deserializer": slow, "key.deserializer": None})
        async with AsyncDeserializingConsumer(conf) as c:
            await c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            stuck = asyncio.ensure_future(c.consume(10, 10))
            for _ in range(200):
                if calls:
                    break
                await asyncio.sleep(0.05)
            stuck.cancel()
            with pytest.raises(asyncio.CancelledError):
                await stuck
            gate.set()
            values = [m.value() for m in await c.consume(10, 10)]
            values += [m.value() for m in await c.consume(10, 0.2)]
            return values

    assert _run(main()) == [1, 2]


@pytest.mark.broker
def test_avro_with_the_async_schema_registry_client_end_to_end(tansu: str, create_topic: Any) -> None:
    sr = pytest.importorskip("kafka_schema_registry")
    avro = pytest.importorskip("kafka_schema_registry.avro")
    topic = create_topic(tansu, 1, "aio-avro")
    schema = json.dumps({"type": "record", "name": "Order", "fields": [
        {"name": "id", "type": "int"}, {"name": "item", "type": "string"}]})
    orders = [{"id": n, "item": f"item-{n}"} for n in range(50)]

    async def main() -> list[Any]:
        async with sr.AsyncSchemaRegistryClient({"url": f"mock://{topic}"}) as registry:
            serializer = await avro.AsyncAvroSerializer(registry, schema)
            async with AsyncSerializingProducer({"bootstrap.servers": tansu,
                                                 "value.serializer": serializer}) as producer:
                delivered = await asyncio.gather(*(producer.produce(topic, value=o, partition=0)
                                                   for o in orders))
            assert all(m.value()[:1] == b"\x00" for m in delivered)  # Schema Registry framing
            conf = _consumer_conf(tansu, **{"value.deserializer": avro.AsyncAvroDeserializer(registry),
                                            "key.deserializer": None})
            got: list[Any] = []
            async with AsyncDeserializingConsumer(conf) as consumer:
                await consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
                for _ in range(100):
                    got += [m.value() for m in await consumer.consume(100, 1.0)]
                    if len(got) >= len(orders):
                        break
            return got

    assert _run(main()) == orders
