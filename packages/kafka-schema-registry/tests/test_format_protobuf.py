"""ProtobufSerializer / ProtobufDeserializer: message indexes, imports as references, bad input, async, and
interop with the reference client over one HTTP registry (identical bytes both ways)."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry import header_schema_id_serializer as ref_header_serializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer as RefProtobufDeserializer
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer as RefProtobufSerializer
from confluent_kafka.serialization import MessageField as RefField
from confluent_kafka.serialization import SerializationContext as RefContext
from hypothesis import given, settings
from hypothesis import strategies as st
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import AsyncSchemaRegistryClient, SchemaRegistryClient
from kafka_schema_registry._serde import header_schema_id_serializer
from kafka_schema_registry.protobuf import (
    AsyncProtobufDeserializer,
    AsyncProtobufSerializer,
    ProtobufDeserializer,
    ProtobufSerializer,
)
from testsupport.proto_messages import proto_messages
from testsupport.registry_server import RegistryHttpServer

Money, Order, OrderLine, Refund = (
    getattr(proto_messages(), n) for n in ("Money", "Order", "OrderLine", "Refund")
)
CTX = SerializationContext("orders", MessageField.VALUE)
_scopes = iter(range(10**6))


def client() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": f"mock://proto-{next(_scopes)}"})


def order() -> Any:
    o = Order(id="o-1", total=Money(units=12, currency="EUR"), paid=True, weight=1.5)
    o.at.seconds = 1_700_000_000
    o.lines.add(sku="a", qty=2)
    o.attrs["gift"] = "yes"
    return o


def test_first_message_is_framed_with_a_single_zero_and_imports_become_references() -> None:
    c = client()
    data = ProtobufSerializer(Order, c)(order(), CTX)
    assert data is not None
    # schema 1 is shop/common.proto (the import), the order's file is schema 2; index array [0] is one 0 byte
    assert data[:6] == b"\x00\x00\x00\x00\x02\x00"
    assert data[6:] == order().SerializeToString()
    assert sorted(c.get_subjects()) == ["orders-value", "shop/common.proto"]
    refs = c.get_latest_version("orders-value").schema.references
    assert [(r.name, r.subject, r.version) for r in refs or ()] == [
        ("shop/common.proto", "shop/common.proto", 1)
    ]
    back = ProtobufDeserializer(Order, schema_registry_client=c)(data, CTX)
    assert isinstance(back, Order) and back == order()


@pytest.mark.parametrize(
    "cls,value,indexes",
    [
        (Refund, lambda: Refund(order_id="o-1", amount=Money(units=1)), b"\x02\x02"),
        (OrderLine, lambda: OrderLine(sku="x", qty=3), b"\x04\x00\x00"),
    ],
)
def test_non_first_and_nested_messages_carry_their_index_path(cls: Any, value: Any, indexes: bytes) -> None:
    c = client()
    data = ProtobufSerializer(cls, c)(value(), CTX)
    assert data is not None and data[5 : 5 + len(indexes)] == indexes
    assert ProtobufDeserializer(cls, schema_registry_client=c)(data, CTX) == value()
    assert ProtobufDeserializer(cls)(data, CTX) == value()  # without a registry: parsed directly


def test_wrong_message_type_is_rejected_and_nothing_written() -> None:
    with pytest.raises(SerializationError, match=r"expected a shop\.Order message, not Refund"):
        ProtobufSerializer(Order, client())(Refund(), CTX)


def test_configuration_is_checked() -> None:
    with pytest.raises(ValueError, match=r"use\.deprecated\.format"):
        ProtobufSerializer(Order, client(), conf={"use.deprecated.format": True})
    with pytest.raises(TypeError, match="msg_type"):
        ProtobufSerializer(order(), client())


def test_skip_known_types_off_registers_the_well_known_import_too() -> None:
    c = client()
    ProtobufSerializer(Order, c, conf={"skip.known.types": False})(order(), CTX)
    assert "google/protobuf/timestamp.proto" in c.get_subjects()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\x00\x00\x00\x00\x02\x00\xff\xff", "not a valid shop.Order"),
        (b"\x00\x00\x00\x00\x02\x06\x02", "message-index array"),
        (b"\x00\x00\x00\x00\x02\x02\x10", "message index \\[8\\] does not exist"),
        (b"\x03\x00", "unknown magic byte 3"),
    ],
)
def test_bad_bytes_name_topic_schema_id_and_cause(data: bytes, message: str) -> None:
    c = client()
    ProtobufSerializer(Order, c)(order(), CTX)
    with pytest.raises(SerializationError, match=message) as info:
        ProtobufDeserializer(Order, schema_registry_client=c)(data, CTX)
    assert "topic 'orders'" in str(info.value)


FUZZ_CLIENT = SchemaRegistryClient({"url": "mock://proto-fuzz"})
FUZZ_VALID = ProtobufSerializer(Order, FUZZ_CLIENT)(order(), CTX) or b""
FUZZ_DE = ProtobufDeserializer(Order, schema_registry_client=FUZZ_CLIENT)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=60).map(lambda b: b"\x00\x00\x00\x00\x02" + b) | st.binary(max_size=60),
    st.integers(0, 80),
    st.integers(0, 255),
)
def test_arbitrary_and_mutated_bytes_give_a_value_or_serialization_error(
    data: bytes, pos: int, byte: int
) -> None:
    mutated = bytearray(FUZZ_VALID)
    mutated[pos % len(mutated)] = byte
    for candidate in (data, bytes(mutated)):
        try:
            assert isinstance(FUZZ_DE(candidate, CTX), Order)
        except SerializationError:
            pass


def test_async_variants_match_sync(sr_server: RegistryHttpServer) -> None:
    async def run() -> tuple[Any, Any]:
        async with AsyncSchemaRegistryClient({"url": sr_server.url}) as c:
            data = await (await AsyncProtobufSerializer(Order, c))(order(), CTX)
            return data, await AsyncProtobufDeserializer(Order, schema_registry_client=c)(data, CTX)

    data, back = asyncio.run(run())
    assert back == order()
    with SchemaRegistryClient({"url": sr_server.url}) as c:
        assert ProtobufSerializer(Order, c)(order(), CTX) == data


@pytest.mark.parametrize("header", [False, True], ids=["prefix", "header"])
@pytest.mark.parametrize(
    "cls,make",
    [(Order, order), (OrderLine, lambda: OrderLine(sku="n", qty=1)), (Refund, lambda: Refund(order_id="r"))],
    ids=["first", "nested", "second"],
)
def test_interop_same_bytes(sr_server: RegistryHttpServer, header: bool, cls: Any, make: Any) -> None:
    ours = SchemaRegistryClient({"url": sr_server.url})
    ref = RefClient({"url": sr_server.url})
    try:
        conf: dict[str, Any] = {"schema.id.serializer": header_schema_id_serializer} if header else {}
        ref_conf: dict[str, Any] = {"schema.id.serializer": ref_header_serializer} if header else {}
        ours_headers: list[Any] = []
        ref_headers: list[Any] = []
        ours_bytes = ProtobufSerializer(cls, ours, conf=conf)(
            make(), SerializationContext("orders", MessageField.VALUE, ours_headers)
        )
        ref_bytes = RefProtobufSerializer(cls, ref, conf=ref_conf)(
            make(), RefContext("orders", RefField.VALUE, ref_headers)
        )
        assert ours_bytes == ref_bytes
        assert ours_headers == ref_headers
        assert (
            RefProtobufDeserializer(cls, schema_registry_client=ref)(
                ours_bytes, RefContext("orders", RefField.VALUE, ours_headers)
            )
            == make()
        )
        assert (
            ProtobufDeserializer(cls, schema_registry_client=ours)(
                ref_bytes, SerializationContext("orders", MessageField.VALUE, ref_headers)
            )
            == make()
        )
    finally:
        ours.close()
        ref.close()


def _evo_class(version: int) -> Any:
    """evo.Evo in its own pool: v1 has ``a``; v2 adds ``b``."""
    from google.protobuf import descriptor_pb2, descriptor_pool
    from google.protobuf.message_factory import GetMessageClass

    f = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="evo.proto", package="evo", syntax="proto3")
    message = file.message_type.add(name="Evo")
    message.field.add(name="a", number=1, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    if version > 1:
        message.field.add(name="b", number=2, type=f.TYPE_INT32, label=f.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return GetMessageClass(pool.FindMessageTypeByName("evo.Evo"))


def test_interop_evolved_schema_read_with_latest_version(sr_server: RegistryHttpServer) -> None:
    v1, v2 = _evo_class(1), _evo_class(2)
    ours = SchemaRegistryClient({"url": sr_server.url})
    ref = RefClient({"url": sr_server.url})
    try:
        ctx, ref_ctx = SerializationContext("evo", MessageField.VALUE), RefContext("evo", RefField.VALUE)
        ours_old = ProtobufSerializer(v1, ours)(v1(a="x"), ctx)
        ref_old = RefProtobufSerializer(v1, ref)(v1(a="x"), ref_ctx)
        assert ours_old == ref_old
        ours_new = ProtobufSerializer(v2, ours)(v2(a="y", b=2), ctx)
        ref_new = RefProtobufSerializer(v2, ref)(v2(a="y", b=2), ref_ctx)
        assert ours_new == ref_new and ours_new is not None and ours_new[:5] == b"\x00\x00\x00\x00\x02"
        conf = {"use.latest.version": True}
        ours_de = ProtobufDeserializer(v2, conf=conf, schema_registry_client=ours)
        ref_de = RefProtobufDeserializer(v2, conf=conf, schema_registry_client=ref)
        for data in (ours_old, ours_new):
            assert ours_de(data, ctx) == ref_de(data, ref_ctx)
        assert ours_de(ref_old, ctx) == v2(a="x")
    finally:
        ours.close()
        ref.close()


class _AddLength:
    """UPGRADE migration: sets ``b`` to the length of ``a``."""

    PLUGIN_NAME = "TEST_ADD_LENGTH"

    def configure(self, client_conf: Any, rule_conf: Any) -> None:
        pass

    def transform(self, ctx: Any, message: Any) -> Any:
        return {**message, "b": len(message.get("a", ""))}

    def close(self) -> None:
        pass


def test_migration_rules_turn_old_messages_into_the_latest_shape() -> None:
    from kafka_core.plugins import PluginRegistry, hookimpl
    from kafka_schema_registry import Rule, RuleKind, RuleMode, RuleSet, Schema
    from kafka_schema_registry.rules import RuleExecutor

    class Executors:
        @hookimpl
        def kafka_rule_executors(self) -> list[Any]:
            return [type("AddLength", (_AddLength, RuleExecutor), {})]

    plugins = PluginRegistry(use_entry_points=False)
    plugins.register(Executors())
    v1, v2 = _evo_class(1), _evo_class(2)
    c = client()
    ctx = SerializationContext("evo", MessageField.VALUE)
    old = ProtobufSerializer(v1, c)(v1(a="four"), ctx)
    new_schema = base64.standard_b64encode(v2.DESCRIPTOR.file.serialized_pb).decode()  # the registered form
    rules = RuleSet(
        migration_rules=[Rule("len", None, RuleKind.TRANSFORM, RuleMode.UPGRADE, "TEST_ADD_LENGTH")]
    )
    c.register_schema("evo-value", Schema(new_schema, "PROTOBUF", [], None, rules))
    back = ProtobufDeserializer(
        v2, conf={"use.latest.version": True}, schema_registry_client=c, rule_registry=plugins
    )(old, ctx)
    assert (back.a, back.b) == ("four", 4)
