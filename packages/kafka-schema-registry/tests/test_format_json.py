"""JSONSerializer / JSONDeserializer: drafts, validation, references, bad input, async, and interop with the
reference client over one HTTP registry (identical bytes both ways)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from confluent_kafka.schema_registry import Schema as RefSchema
from confluent_kafka.schema_registry import SchemaReference as RefReference
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry import header_schema_id_serializer as ref_header_serializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer as RefJSONDeserializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer as RefJSONSerializer
from confluent_kafka.serialization import MessageField as RefField
from confluent_kafka.serialization import SerializationContext as RefContext
from hypothesis import given, settings
from hypothesis import strategies as st
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import AsyncSchemaRegistryClient, Schema, SchemaReference, SchemaRegistryClient
from kafka_schema_registry._serde import header_schema_id_serializer
from kafka_schema_registry.json_schema import (
    AsyncJSONDeserializer,
    AsyncJSONSerializer,
    JSONDeserializer,
    JSONSerializer,
)
from testsupport.registry_server import RegistryHttpServer

ADDRESS = {
    "type": "object",
    "properties": {"street": {"type": "string"}, "zip": {"type": "integer"}},
    "required": ["street"],
}
USER = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "User",
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer", "minimum": 0},
        "score": {"type": "number"},
        "active": {"type": "boolean"},
        "color": {"enum": ["RED", "GREEN"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "attrs": {"type": "object", "additionalProperties": {"type": "integer"}},
        "nick": {"type": ["string", "null"]},
        "address": {"$ref": "address.json"},
    },
    "required": ["name", "age"],
}
RECORD = {
    "name": "Zoë",
    "age": 42,
    "score": 0.5,
    "active": True,
    "color": "GREEN",
    "tags": ["a"],
    "attrs": {"k": 7},
    "nick": None,
    "address": {"street": "Main", "zip": 1234},
}
CTX = SerializationContext("people", MessageField.VALUE)
_scopes = iter(range(10**6))


def client() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": f"mock://json-{next(_scopes)}"})


def with_address(c: SchemaRegistryClient) -> Schema:
    c.register_schema("address.json", Schema(json.dumps(ADDRESS), "JSON"))
    return Schema(json.dumps(USER), "JSON", [SchemaReference("address.json", "address.json", 1)])


def test_round_trip_with_reference_and_compact_utf8_bytes() -> None:
    c = client()
    data = JSONSerializer(with_address(c), c)(RECORD, CTX)
    assert data is not None
    assert data[5:] == json.dumps(RECORD, separators=(",", ":"), ensure_ascii=False).encode()
    assert JSONDeserializer(None, schema_registry_client=c)(data, CTX) == RECORD


@pytest.mark.parametrize(
    "record,path",
    [
        ({**RECORD, "age": -1}, "$.age"),
        ({**RECORD, "tags": ["a", 3]}, "$.tags[1]"),
        ({**RECORD, "address": {"zip": 1}}, "$.address"),
        ({"age": 1}, "$"),
    ],
)
def test_invalid_records_name_the_field_path(record: Any, path: str) -> None:
    c = client()
    with pytest.raises(SerializationError) as info:
        JSONSerializer(with_address(c), c)(record, CTX)
    assert f"field {path} " in str(info.value) and "topic 'people'" in str(info.value)


def test_validate_off_writes_anything() -> None:
    c = client()
    assert JSONSerializer(json.dumps(ADDRESS), c, conf={"validate": False})({"zip": "x"}, CTX) is not None


@pytest.mark.parametrize(
    "draft,schema,good,bad",
    [
        (
            "http://json-schema.org/draft-04/schema#",
            {"type": "number", "maximum": 5, "exclusiveMaximum": True},
            4,
            5,
        ),
        ("http://json-schema.org/draft-06/schema#", {"type": "number", "exclusiveMaximum": 5}, 4, 5),
        (
            "http://json-schema.org/draft-07/schema#",
            {"if": {"type": "string"}, "then": {"minLength": 2}},
            "ab",
            "a",
        ),
        (
            "https://json-schema.org/draft/2019-09/schema",
            {"type": "array", "items": [{"type": "integer"}], "additionalItems": False},
            [1],
            [1, 2],
        ),
        (
            "https://json-schema.org/draft/2020-12/schema",
            {"type": "array", "prefixItems": [{"type": "integer"}], "items": False},
            [1],
            [1, 2],
        ),
    ],
)
def test_each_draft_is_honoured(draft: str, schema: dict[str, Any], good: Any, bad: Any) -> None:
    c = client()
    ser = JSONSerializer(json.dumps({"$schema": draft, **schema}), c)
    assert JSONDeserializer(None, schema_registry_client=c)(ser(good, CTX), CTX) == good
    with pytest.raises(SerializationError, match="does not match"):
        ser(bad, CTX)


def test_deserializer_validates_against_the_reader_schema() -> None:
    c = client()
    data = JSONSerializer(json.dumps(ADDRESS), c)({"street": "x", "zip": 5}, CTX)
    strict = {"type": "object", "properties": {"zip": {"type": "string"}}}
    with pytest.raises(SerializationError, match=r"field \$.zip"):
        JSONDeserializer(json.dumps(strict), schema_registry_client=c)(data, CTX)
    assert JSONDeserializer(json.dumps(strict), schema_registry_client=c, conf={"validate": False})(
        data, CTX
    ) == {"street": "x", "zip": 5}


def test_invalid_schema_is_rejected_clearly() -> None:
    with pytest.raises(SerializationError, match="invalid JSON schema"):
        JSONSerializer(json.dumps({"type": "nonsense"}), client())({}, CTX)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\x00\x00\x00\x00\x01{bad", "does not decode"),
        (b"\x02", "unknown magic byte 2"),
        (b"\x00\x00\x00\x00\x05{}", "schema id 5"),
    ],
)
def test_bad_bytes_name_topic_schema_id_and_cause(data: bytes, message: str) -> None:
    c = client()
    JSONSerializer(json.dumps(ADDRESS), c)({"street": "x"}, CTX)
    with pytest.raises(SerializationError, match=message):
        JSONDeserializer(None, schema_registry_client=c)(data, CTX)


FUZZ_CLIENT = SchemaRegistryClient({"url": "mock://json-fuzz"})
FUZZ_VALID = JSONSerializer(json.dumps(ADDRESS), FUZZ_CLIENT)({"street": "s", "zip": 1}, CTX) or b""
FUZZ_DE = JSONDeserializer(None, schema_registry_client=FUZZ_CLIENT)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=40).map(lambda b: b"\x00\x00\x00\x00\x01" + b) | st.binary(max_size=40),
    st.integers(0, 30),
    st.integers(0, 255),
)
def test_arbitrary_and_mutated_bytes_give_a_value_or_serialization_error(
    data: bytes, pos: int, byte: int
) -> None:
    mutated = bytearray(FUZZ_VALID)
    mutated[pos % len(mutated)] = byte
    for candidate in (data, bytes(mutated)):
        try:
            FUZZ_DE(candidate, CTX)
        except SerializationError:
            pass


def test_async_variants_match_sync(sr_server: RegistryHttpServer) -> None:
    async def run() -> tuple[Any, Any]:
        async with AsyncSchemaRegistryClient({"url": sr_server.url}) as c:
            data = await (await AsyncJSONSerializer(json.dumps(ADDRESS), c))({"street": "x"}, CTX)
            return data, await AsyncJSONDeserializer(None, schema_registry_client=c)(data, CTX)

    data, back = asyncio.run(run())
    assert back == {"street": "x"}
    with SchemaRegistryClient({"url": sr_server.url}) as c:
        assert JSONSerializer(json.dumps(ADDRESS), c)({"street": "x"}, CTX) == data


@pytest.mark.parametrize("header", [False, True], ids=["prefix", "header"])
def test_interop_same_bytes_with_references(sr_server: RegistryHttpServer, header: bool) -> None:
    ours = SchemaRegistryClient({"url": sr_server.url})
    ref = RefClient({"url": sr_server.url})
    try:
        schema = with_address(ours)
        ref_schema = RefSchema(json.dumps(USER), "JSON", [RefReference("address.json", "address.json", 1)])
        ours_headers: list[Any] = []
        ref_headers: list[Any] = []
        conf: dict[str, Any] = {"schema.id.serializer": header_schema_id_serializer} if header else {}
        ref_conf: dict[str, Any] = {"schema.id.serializer": ref_header_serializer} if header else {}
        ours_bytes = JSONSerializer(schema, ours, conf=conf)(
            RECORD, SerializationContext("people", MessageField.VALUE, ours_headers)
        )
        ref_bytes = RefJSONSerializer(ref_schema, ref, conf=ref_conf)(
            RECORD, RefContext("people", RefField.VALUE, ref_headers)
        )
        assert ours_bytes == ref_bytes
        assert ours_headers == ref_headers
        assert (
            RefJSONDeserializer(None, schema_registry_client=ref)(
                ours_bytes, RefContext("people", RefField.VALUE, ours_headers)
            )
            == RECORD
        )
        assert (
            JSONDeserializer(None, schema_registry_client=ours)(
                ref_bytes, SerializationContext("people", MessageField.VALUE, ref_headers)
            )
            == RECORD
        )
    finally:
        ours.close()
        ref.close()


def test_interop_evolved_schema_read_with_latest_version(sr_server: RegistryHttpServer) -> None:
    v1 = {"type": "object", "properties": {"a": {"type": "string"}}}
    v2 = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    ours = SchemaRegistryClient({"url": sr_server.url})
    ref = RefClient({"url": sr_server.url})
    try:
        ctx, ref_ctx = SerializationContext("evo", MessageField.VALUE), RefContext("evo", RefField.VALUE)
        ours_v1 = JSONSerializer(json.dumps(v1), ours)({"a": "x"}, ctx)
        assert ours_v1 == RefJSONSerializer(json.dumps(v1), ref)({"a": "x"}, ref_ctx)
        ours.register_schema("evo-value", Schema(json.dumps(v2), "JSON"))
        latest = {"auto.register.schemas": False, "use.latest.version": True}
        ours_v2 = JSONSerializer(json.dumps(v1), ours, conf=latest)({"a": "y", "b": 2}, ctx)
        ref_v2 = RefJSONSerializer(json.dumps(v1), ref, conf=latest)({"a": "y", "b": 2}, ref_ctx)
        assert ours_v2 == ref_v2 and ours_v2 is not None and ours_v2[:5] == b"\x00\x00\x00\x00\x02"
        conf = {"use.latest.version": True}
        for data in (ours_v1, ours_v2):
            assert JSONDeserializer(None, schema_registry_client=ours, conf=conf)(
                data, ctx
            ) == RefJSONDeserializer(None, schema_registry_client=ref, conf=conf)(data, ref_ctx)
    finally:
        ours.close()
        ref.close()
