"""The framing options of serdes: prefix and header framing, custom id (de)serializers, keys and values."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry._serde import (
    SchemaId,
    header_schema_id_serializer,
    prefix_schema_id_deserializer,
    prefix_schema_id_serializer,
)
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer

SCHEMA = json.dumps({"type": "record", "name": "K", "fields": [{"name": "id", "type": "long"}]})
_scopes = iter(range(10**6))


def client() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": f"mock://framing-{next(_scopes)}"})


def test_header_framing_writes_the_guid_header_and_a_bare_payload() -> None:
    c = client()
    headers: list[tuple[str, Any]] = []
    ctx = SerializationContext("t", MessageField.KEY, headers)
    data = AvroSerializer(c, SCHEMA, conf={"schema.id.serializer": header_schema_id_serializer})(
        {"id": 1}, ctx
    )
    guid = c.get_latest_version("t-key").guid
    assert headers == [("__key_schema_id", SchemaId("AVRO", guid=guid).guid_to_bytes())]
    assert data == b"\x02"  # zig-zag 1, no prefix
    assert AvroDeserializer(c)(data, ctx) == {"id": 1}
    # the same bytes without the header cannot be read: the prefix is missing
    with pytest.raises(SerializationError, match="unknown magic byte 2"):
        AvroDeserializer(c)(data, SerializationContext("t", MessageField.KEY, []))


def test_header_framing_without_headers_fails_before_anything_is_returned() -> None:
    ser = AvroSerializer(client(), SCHEMA, conf={"schema.id.serializer": header_schema_id_serializer})
    with pytest.raises(SerializationError, match="no headers"):
        ser({"id": 1}, SerializationContext("t", MessageField.VALUE))


def test_key_and_value_of_one_topic_use_their_own_subjects_and_fast_paths() -> None:
    c = client()
    ser = AvroSerializer(c, SCHEMA)
    de = AvroDeserializer(c)
    key_ctx, value_ctx = (
        SerializationContext("t", MessageField.KEY),
        SerializationContext("t", MessageField.VALUE),
    )
    for i in range(3):
        key, value = ser({"id": i}, key_ctx), ser({"id": -i}, value_ctx)
        assert (de(key, key_ctx), de(value, value_ctx)) == ({"id": i}, {"id": -i})
    assert sorted(c.get_subjects()) == ["t-key", "t-value"]


def test_custom_schema_id_callables_are_used_both_ways() -> None:
    c = client()
    seen: list[int | None] = []

    def framing(payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId) -> bytes:
        seen.append(schema_id.id)
        return prefix_schema_id_serializer(payload, ctx, schema_id)

    def reading(payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId) -> io.BytesIO:
        buffer = prefix_schema_id_deserializer(payload, ctx, schema_id)
        seen.append(-1 if schema_id.id is None else -schema_id.id)
        return buffer

    ctx = SerializationContext("t", MessageField.VALUE)
    data = AvroSerializer(c, SCHEMA, conf={"schema.id.serializer": framing})({"id": 5}, ctx)
    assert data == b"\x00\x00\x00\x00\x01\x0a"
    assert AvroDeserializer(c, conf={"schema.id.deserializer": reading})(data, ctx) == {"id": 5}
    assert seen == [1, -1]


def test_prefix_deserializer_ignores_headers() -> None:
    c = client()
    ctx = SerializationContext("t", MessageField.VALUE, [("__value_schema_id", b"\x01" + b"\x00" * 16)])
    data = AvroSerializer(c, SCHEMA)({"id": 7}, SerializationContext("t", MessageField.VALUE))
    conf = {"schema.id.deserializer": prefix_schema_id_deserializer}
    assert AvroDeserializer(c, conf=conf)(data, ctx) == {"id": 7}
    with pytest.raises(SerializationError, match="GUID"):  # the default reads the (unknown) header GUID
        AvroDeserializer(c)(data, ctx)


def test_unrelated_headers_do_not_disturb_reading() -> None:
    c = client()
    data = AvroSerializer(c, SCHEMA)({"id": 3}, SerializationContext("t", MessageField.VALUE))
    ctx = SerializationContext("t", MessageField.VALUE, [("trace", b"x")])
    de = AvroDeserializer(c)
    assert [de(data, ctx) for _ in range(3)] == [{"id": 3}] * 3
