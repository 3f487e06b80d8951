"""ProtobufSerializer's inlined common case (a value of its class, prefix framing, no rules) and its
last-topic cache: whatever context comes next (a mutated one, a key, another topic, a plain-string field,
a forgotten resolution, another class), the bytes are those of the general path."""

from __future__ import annotations

import asyncio
import struct
from typing import Any

import pytest
from google.protobuf import timestamp_pb2
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import AsyncSchemaRegistryClient, Schema, SchemaRegistryClient
from kafka_schema_registry._serde import header_schema_id_serializer
from kafka_schema_registry.protobuf import AsyncProtobufSerializer, ProtobufSerializer
from kafka_schema_registry.protobuf._codec import schema_string
from testsupport.proto_messages import proto_messages

Money, Order, Refund = (getattr(proto_messages(), n) for n in ("Money", "Order", "Refund"))
LATEST = {"auto.register.schemas": False, "use.latest.version": True}
_scopes = iter(range(10**6))


def order() -> Any:
    o = Order(id="o-1", total=Money(units=12, currency="EUR"), paid=True, weight=1.5)
    o.lines.add(sku="a", qty=2)
    return o


def _registry(client: Any) -> tuple[int, int]:
    """Topic ``a`` writes with the Order file's id, topic ``b`` with another schema's: different prefixes."""
    ProtobufSerializer(Order, client)(order(), SerializationContext("a", MessageField.VALUE))
    other = Schema(schema_string(timestamp_pb2.Timestamp.DESCRIPTOR.file), "PROTOBUF")
    id_b = client.register_schema("b-value", other)
    id_a = client.get_latest_version("a-value").schema_id
    assert id_a != id_b
    return id_a, id_b


def _schema_id(data: bytes | None) -> int:
    assert data is not None and data[0] == 0
    return int(struct.unpack(">I", data[1:5])[0])


def test_the_cached_prefix_never_serves_another_context() -> None:
    client = SchemaRegistryClient({"url": f"mock://proto-fast-{next(_scopes)}"})
    id_a, id_b = _registry(client)
    ser = ProtobufSerializer(Order, client, LATEST)
    payload = order().SerializeToString()
    ctx = SerializationContext("a", MessageField.VALUE)
    first = ser(order(), ctx)
    assert ser(order(), ctx) == ser(order(), ctx) == first  # the second and third come from the cache
    assert _schema_id(first) == id_a and first is not None and first.endswith(payload)

    ctx.topic = "b"  # the same context object, mutated
    to_b = ser(order(), ctx)
    assert _schema_id(to_b) == id_b and to_b == ser(order(), ctx)
    fresh = ProtobufSerializer(Order, client, LATEST)
    assert to_b == fresh(order(), SerializationContext("b", MessageField.VALUE))

    assert ser(order(), SerializationContext("a", "value")) == first  # a plain-string field
    ctx.topic = "".join(["a", "a"])[1:]  # equal to the cached topic, another object
    assert ctx.topic == "a" and ser(order(), ctx) == first

    ctx.topic = "a"  # the very object cached by the first record
    ctx.field = MessageField.KEY  # no a-key subject: the general path refuses, no cached prefix is used
    with pytest.raises(SerializationError, match="a-key"):
        ser(order(), ctx)
    with pytest.raises(SerializationError, match="Order"):
        ser(Refund(), SerializationContext("a", MessageField.VALUE))  # another class
    assert ser(None, SerializationContext("a", MessageField.VALUE)) is None

    # forgetting what was resolved (a new subject name strategy) drops the cached prefix too
    ser.configure_subject_name_strategy(subject_name_strategy=lambda ctx, record_name: "b-value")
    for _ in range(3):
        assert _schema_id(ser(order(), SerializationContext("a", MessageField.VALUE))) == id_b


def test_header_framing_never_takes_the_prefix_path() -> None:
    client = SchemaRegistryClient({"url": f"mock://proto-fast-{next(_scopes)}"})
    ser = ProtobufSerializer(Order, client, {"schema.id.serializer": header_schema_id_serializer})
    for _ in range(3):
        ctx = SerializationContext("a", MessageField.VALUE, [])
        assert ser(order(), ctx) == order().SerializeToString()
        assert [name for name, _ in ctx.headers] == ["__value_schema_id"]


def test_async_serializer_takes_the_same_care() -> None:
    url = f"mock://proto-fast-{next(_scopes)}"
    id_a, id_b = _registry(SchemaRegistryClient({"url": url}))

    async def run() -> None:
        ser = AsyncProtobufSerializer(Order, AsyncSchemaRegistryClient({"url": url}), LATEST)
        ctx = SerializationContext("a", MessageField.VALUE)
        first = await ser(order(), ctx)
        assert await ser(order(), ctx) == await ser(order(), ctx) == first
        assert _schema_id(first) == id_a
        ctx.topic = "b"
        assert _schema_id(await ser(order(), ctx)) == id_b
        ctx.topic, ctx.field = "a", MessageField.KEY
        with pytest.raises(SerializationError, match="a-key"):
            await ser(order(), ctx)
        assert await ser(None, SerializationContext("a", MessageField.VALUE)) is None

    asyncio.run(run())
