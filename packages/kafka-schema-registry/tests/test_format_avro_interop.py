"""Avro interop with the reference client (confluent-kafka 2.16.1), both talking to one in-memory registry
over HTTP: each side reads what the other writes, and the bytes are identical."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry import header_schema_id_serializer as ref_header_serializer
from confluent_kafka.schema_registry.avro import AvroDeserializer as RefAvroDeserializer
from confluent_kafka.schema_registry.avro import AvroSerializer as RefAvroSerializer
from confluent_kafka.serialization import MessageField as RefField
from confluent_kafka.serialization import SerializationContext as RefContext
from kafka_core import MessageField, SerializationContext
from kafka_schema_registry import Schema, SchemaReference, SchemaRegistryClient
from kafka_schema_registry._serde import header_schema_id_serializer
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from testsupport.registry_server import RegistryHttpServer

ADDRESS = {
    "type": "record",
    "name": "Address",
    "namespace": "com.example",
    "fields": [
        {"name": "street", "type": "string"},
        {"name": "zip", "type": ["null", "int"], "default": None},
    ],
}
USER = {
    "type": "record",
    "name": "User",
    "namespace": "com.example",
    "fields": [
        {"name": "name", "type": "string"},
        {"name": "age", "type": "int"},
        {"name": "score", "type": "double"},
        {"name": "active", "type": "boolean"},
        {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "attrs", "type": {"type": "map", "values": "long"}},
        {"name": "nick", "type": ["null", "string"], "default": None},
        {"name": "address", "type": "Address"},
    ],
}
USER_INLINE = {**USER, "fields": [*USER["fields"][:-1], {"name": "address", "type": ADDRESS}]}
RECORD = {
    "name": "Ann",
    "age": 42,
    "score": 0.5,
    "active": True,
    "color": "GREEN",
    "tags": ["a", "b"],
    "attrs": {"k": 7},
    "nick": None,
    "address": {"street": "Main", "zip": 1234},
}


@pytest.fixture
def clients(sr_server: RegistryHttpServer) -> Any:
    ours = SchemaRegistryClient({"url": sr_server.url})
    ref = RefClient({"url": sr_server.url})
    yield ours, ref
    ours.close()
    ref.close()


def ctxs(topic: str, headers: Any = None) -> tuple[SerializationContext, RefContext]:
    return SerializationContext(topic, MessageField.VALUE, headers), RefContext(
        topic, RefField.VALUE, headers
    )


@pytest.mark.parametrize("header", [False, True], ids=["prefix", "header"])
def test_same_bytes_both_ways(clients: Any, header: bool) -> None:
    ours, ref = clients
    conf: dict[str, Any] = {"schema.id.serializer": header_schema_id_serializer} if header else {}
    ref_conf: dict[str, Any] = {"schema.id.serializer": ref_header_serializer} if header else {}
    ours_ser = AvroSerializer(ours, json.dumps(USER_INLINE), conf=conf)
    ref_ser = RefAvroSerializer(ref, json.dumps(USER_INLINE), conf=ref_conf)
    ours_headers: list[Any] = []
    ref_headers: list[Any] = []
    ours_ctx, _ = ctxs("users", ours_headers)
    _, ref_ctx = ctxs("users", ref_headers)
    ours_bytes = ours_ser(RECORD, ours_ctx)
    ref_bytes = ref_ser(RECORD, ref_ctx)
    assert ours_bytes == ref_bytes
    assert ours_headers == ref_headers
    if header:
        assert ours_headers[0][0] == "__value_schema_id" and ours_headers[0][1][0] == 1
        assert len(ours_headers[0][1]) == 17
    else:
        assert ours_bytes is not None and ours_bytes[:5] == b"\x00" + (1).to_bytes(4, "big")
    # each side reads the other's bytes
    assert ref_ser is not None
    ref_value = RefAvroDeserializer(ref)(ours_bytes, RefContext("users", RefField.VALUE, ours_headers))
    ours_value = AvroDeserializer(ours)(
        ref_bytes, SerializationContext("users", MessageField.VALUE, ref_headers)
    )
    assert ref_value == RECORD
    assert ours_value == RECORD


def test_references_same_bytes(clients: Any) -> None:
    ours, ref = clients
    ours.register_schema("com.example.Address", Schema(json.dumps(ADDRESS), "AVRO"))
    refs = [SchemaReference("com.example.Address", "com.example.Address", 1)]
    schema = Schema(json.dumps(USER), "AVRO", refs)
    from confluent_kafka.schema_registry import Schema as RefSchema
    from confluent_kafka.schema_registry import SchemaReference as RefReference

    ref_schema = RefSchema(
        json.dumps(USER), "AVRO", [RefReference("com.example.Address", "com.example.Address", 1)]
    )
    ours_ctx, ref_ctx = ctxs("refs")
    ours_bytes = AvroSerializer(ours, schema)(RECORD, ours_ctx)
    ref_bytes = RefAvroSerializer(ref, ref_schema)(RECORD, ref_ctx)
    assert ours_bytes == ref_bytes
    assert RefAvroDeserializer(ref)(ours_bytes, ref_ctx) == RECORD
    assert AvroDeserializer(ours)(ref_bytes, ours_ctx) == RECORD


def test_evolved_schema_read_both_ways(clients: Any) -> None:
    """v1 written, read with v2 (a new field with a default) by latest version, on both sides."""
    ours, ref = clients
    v1 = {"type": "record", "name": "Evo", "fields": [{"name": "a", "type": "int"}]}
    v2 = {
        "type": "record",
        "name": "Evo",
        "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": "x"}],
    }
    ours_ctx, ref_ctx = ctxs("evo")
    ours_v1 = AvroSerializer(ours, json.dumps(v1))({"a": 1}, ours_ctx)
    ref_v1 = RefAvroSerializer(ref, json.dumps(v1))({"a": 1}, ref_ctx)
    assert ours_v1 == ref_v1
    ours.register_schema("evo-value", Schema(json.dumps(v2), "AVRO"))
    conf = {"use.latest.version": True}
    assert AvroDeserializer(ours, conf=conf)(ref_v1, ours_ctx) == {"a": 1, "b": "x"}
    assert RefAvroDeserializer(ref, conf=conf)(ours_v1, ref_ctx) == {"a": 1, "b": "x"}
    # writing with the latest version gives the same bytes too
    latest = {"auto.register.schemas": False, "use.latest.version": True}
    ours_v2 = AvroSerializer(ours, json.dumps(v1), conf=latest)({"a": 2, "b": "y"}, ours_ctx)
    ref_v2 = RefAvroSerializer(ref, json.dumps(v1), conf=latest)({"a": 2, "b": "y"}, ref_ctx)
    assert ours_v2 == ref_v2
    assert ours_v2 is not None and ours_v2[:5] == b"\x00\x00\x00\x00\x02"


@pytest.mark.parametrize(
    "schema,value",
    [
        ('"string"', "héllo"),
        ('"bytes"', b"\x00\x01raw"),
        ('"long"', -(2**40)),
        ('{"type": "int", "logicalType": "date"}', datetime.date(2024, 2, 29)),
        (
            '{"type": "record", "name": "D", "fields": [{"name": "d", "type": {"type": "bytes", '
            '"logicalType": "decimal", "precision": 9, "scale": 2}}]}',
            {"d": decimal.Decimal("-12.34")},
        ),
        ('{"type": "string", "logicalType": "uuid"}', uuid.UUID(int=7)),
        (
            '{"type": "long", "logicalType": "timestamp-millis"}',
            datetime.datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=datetime.timezone.utc),
        ),
        ('{"type": "int", "logicalType": "time-millis"}', datetime.time(1, 2, 3, 4000)),
    ],
    ids=["string", "bytes", "long", "date", "decimal", "uuid", "timestamp", "time"],
)
def test_primitives_and_logical_types_same_bytes(clients: Any, schema: str, value: Any) -> None:
    ours, ref = clients
    ours_ctx, ref_ctx = ctxs("prim")
    ours_bytes = AvroSerializer(ours, schema)(value, ours_ctx)
    ref_bytes = RefAvroSerializer(ref, schema)(value, ref_ctx)
    assert ours_bytes == ref_bytes
    back = AvroDeserializer(ours)(ref_bytes, ours_ctx)
    assert back == RefAvroDeserializer(ref)(ours_bytes, ref_ctx)
    if isinstance(value, uuid.UUID):
        assert str(back) == str(value)
    else:
        assert back == value
