"""AvroSerializer / AvroDeserializer behaviour against the in-memory registry (sync and async)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import AsyncSchemaRegistryClient, Schema, SchemaReference, SchemaRegistryClient
from kafka_schema_registry.avro import (
    AsyncAvroDeserializer,
    AsyncAvroSerializer,
    AvroDeserializer,
    AvroSerializer,
)
from testsupport.registry_server import RegistryHttpServer

PET = {
    "type": "record",
    "name": "Pet",
    "namespace": "zoo",
    "fields": [
        {"name": "name", "type": "string"},
        {
            "name": "kind",
            "type": [
                "null",
                {"type": "record", "name": "Cat", "fields": [{"name": "lives", "type": "int"}]},
                {"type": "record", "name": "Dog", "fields": [{"name": "good", "type": "boolean"}]},
            ],
            "default": None,
        },
        {"name": "friends", "type": {"type": "array", "items": "zoo.Pet"}, "default": []},
    ],
}
CTX = SerializationContext("pets", MessageField.VALUE)
_scopes = iter(range(10**6))


def client() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": f"mock://avro-{next(_scopes)}"})


def test_named_recursive_types_and_unions_round_trip() -> None:
    c = client()
    pet = {
        "name": "Rex",
        "kind": {"good": True},
        "friends": [{"name": "Tom", "kind": {"lives": 9}, "friends": []}],
    }
    data = AvroSerializer(c, json.dumps(PET))(pet, CTX)
    assert data is not None
    assert AvroDeserializer(c)(data, CTX) == pet
    assert AvroDeserializer(c, return_record_name=True)(data, CTX)["kind"] == ("zoo.Dog", {"good": True})


def test_reader_schema_evolution_fills_defaults_and_drops_fields() -> None:
    c = client()
    writer = {
        "type": "record",
        "name": "R",
        "fields": [{"name": "a", "type": "int"}, {"name": "gone", "type": "int"}],
    }
    reader = {
        "type": "record",
        "name": "R",
        "fields": [{"name": "a", "type": "long"}, {"name": "new", "type": "string", "default": "d"}],
    }
    data = AvroSerializer(c, json.dumps(writer))({"a": 1, "gone": 2}, CTX)
    assert AvroDeserializer(c, json.dumps(reader))(data, CTX) == {"a": 1, "new": "d"}


def test_dataclass_records_are_written_like_dicts() -> None:
    @dataclasses.dataclass
    class Cat:
        lives: int

    @dataclasses.dataclass
    class Pet:
        name: str
        kind: Any
        friends: list[Any]

    c = client()
    ser = AvroSerializer(c, json.dumps(PET))
    as_obj = ser(Pet("Tom", Cat(9), [Pet("Kit", None, [])]), CTX)
    as_dict = ser(
        {"name": "Tom", "kind": {"lives": 9}, "friends": [{"name": "Kit", "kind": None, "friends": []}]}, CTX
    )
    assert as_obj == as_dict


def test_to_dict_and_from_dict_are_applied() -> None:
    c = client()
    ser = AvroSerializer(c, '"string"', to_dict=lambda obj, ctx: f"{ctx.topic}:{obj}")
    de = AvroDeserializer(c, from_dict=lambda value, ctx: value.upper())
    assert de(ser("x", CTX), CTX) == "PETS:X"


def test_validate_strict_rejects_extra_fields() -> None:
    c = client()
    schema = json.dumps({"type": "record", "name": "S", "fields": [{"name": "a", "type": "int"}]})
    assert AvroSerializer(c, schema)({"a": 1, "extra": 2}, CTX) is not None
    with pytest.raises(SerializationError, match="extra"):
        AvroSerializer(c, schema, conf={"validate.strict": True})({"a": 1, "extra": 2}, CTX)


@pytest.mark.parametrize(
    "record,path,expected",
    [
        ({"name": 5, "kind": None, "friends": []}, "zoo.Pet.name", "string"),
        ({"name": "a", "kind": {"lives": "nine"}, "friends": []}, "zoo.Pet.kind", "zoo.Cat"),
        (
            {"name": "a", "kind": None, "friends": [{"name": None, "friends": []}]},
            "zoo.Pet.name",
            "string, got NoneType",
        ),
    ],
)
def test_mismatched_record_names_field_path_and_expected_type(record: Any, path: str, expected: str) -> None:
    with pytest.raises(SerializationError) as info:
        AvroSerializer(client(), json.dumps(PET))(record, CTX)
    text = str(info.value)
    assert "topic 'pets'" in text and path in text and expected in text


def test_unknown_options_and_bad_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="unrecognized properties: nope"):
        AvroSerializer(client(), '"int"', conf={"nope": 1})
    with pytest.raises(ValueError, match=r"auto\.register\.schemas must be a boolean"):
        AvroSerializer(client(), '"int"', conf={"auto.register.schemas": "yes"})
    with pytest.raises(ValueError, match="cannot both be enabled"):
        AvroSerializer(client(), '"int"', conf={"use.latest.version": True})


def test_lookup_without_auto_register_fails_clearly_for_unregistered_schema() -> None:
    with pytest.raises(SerializationError, match="topic 'pets' value"):
        AvroSerializer(client(), '"int"', conf={"auto.register.schemas": False})(1, CTX)


def test_use_schema_id_writes_with_that_schema() -> None:
    c = client()
    first = AvroSerializer(c, '"int"')(5, CTX)
    assert first is not None
    c.register_schema("pets-value", Schema('{"type":"long"}', "AVRO"))
    pinned = AvroSerializer(c, '"long"', conf={"auto.register.schemas": False, "use.schema.id": 1})(5, CTX)
    assert pinned == first


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\x07\x00\x00\x00\x01\x02", "unknown magic byte 7"),
        (b"\x00\x00\x01", "truncated"),
        (b"\x00\x00\x00\x00\x63\x02", "schema id 99"),
        (b"\x00\x00\x00\x00\x01\x80", "schema id 1: the payload does not decode"),
        (b"\x00\x00\x00\x00\x01\x02a\x00\x00", "left over"),
    ],
)
def test_bad_bytes_name_topic_schema_id_and_cause(data: bytes, message: str) -> None:
    c = client()
    AvroSerializer(c, '"string"')("a", CTX)
    with pytest.raises(SerializationError, match=message) as info:
        AvroDeserializer(c)(data, CTX)
    assert "topic 'pets'" in str(info.value)


def test_first_record_resolves_then_no_registry_requests(sr_server: RegistryHttpServer) -> None:
    with SchemaRegistryClient({"url": sr_server.url, "cache.capacity": 1}) as c:
        ser = AvroSerializer(c, json.dumps(PET))
        de = AvroDeserializer(c)
        record: dict[str, Any] = {"name": "a", "kind": None, "friends": []}
        de(ser(record, CTX), CTX)
        seen = len(sr_server.requests)
        for i in range(50):
            assert de(ser({**record, "name": str(i)}, CTX), CTX)["name"] == str(i)
        assert len(sr_server.requests) == seen


SIMPLE = json.dumps(
    {
        "type": "record",
        "name": "F",
        "fields": [
            {"name": "s", "type": "string"},
            {"name": "n", "type": ["null", "long"]},
            {"name": "m", "type": {"type": "map", "values": "double"}},
        ],
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=64) | st.builds(lambda tail: b"\x00\x00\x00\x00\x01" + tail, st.binary(max_size=64))
)
def test_arbitrary_bytes_give_a_value_or_serialization_error(data: bytes) -> None:
    try:
        value = FUZZ_DE(data, CTX)
    except SerializationError:
        return
    assert isinstance(value, dict)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.integers(0, 255))
def test_mutated_payloads_give_a_value_or_serialization_error(position: int, byte: int) -> None:
    data = bytearray(FUZZ_VALID)
    data[position % len(data)] = byte
    try:
        FUZZ_DE(bytes(data), CTX)
    except SerializationError:
        pass


FUZZ_CLIENT = SchemaRegistryClient({"url": "mock://avro-fuzz"})
FUZZ_VALID = AvroSerializer(FUZZ_CLIENT, SIMPLE)({"s": "hello", "n": 5, "m": {"x": 1.5}}, CTX) or b""
FUZZ_DE = AvroDeserializer(FUZZ_CLIENT)


def test_async_variants_match_sync(sr_server: RegistryHttpServer) -> None:
    record = {"name": "a", "kind": {"lives": 3}, "friends": []}

    async def run() -> tuple[Any, Any]:
        async with AsyncSchemaRegistryClient({"url": sr_server.url}) as c:
            ser = await AsyncAvroSerializer(c, json.dumps(PET))
            data = await ser(record, CTX)
            return data, await AsyncAvroDeserializer(c)(data, CTX)

    data, back = asyncio.run(run())
    assert back == record
    with SchemaRegistryClient({"url": sr_server.url}) as c:
        assert AvroSerializer(c, json.dumps(PET))(record, CTX) == data


def test_references_resolve_recursively_across_subjects() -> None:
    c = client()
    country = {"type": "enum", "name": "Country", "namespace": "geo", "symbols": ["NO", "SE"]}
    city = {
        "type": "record",
        "name": "City",
        "namespace": "geo",
        "fields": [{"name": "name", "type": "string"}, {"name": "country", "type": "geo.Country"}],
    }
    person = {
        "type": "record",
        "name": "Person",
        "fields": [{"name": "home", "type": "geo.City"}, {"name": "born", "type": ["null", "geo.Country"]}],
    }
    c.register_schema("country", Schema(json.dumps(country), "AVRO"))
    c.register_schema(
        "city", Schema(json.dumps(city), "AVRO", [SchemaReference("geo.Country", "country", 1)])
    )
    schema = Schema(json.dumps(person), "AVRO", [SchemaReference("geo.City", "city", 1)])
    record = {"home": {"name": "Oslo", "country": "NO"}, "born": "SE"}
    data = AvroSerializer(c, schema)(record, CTX)
    assert data is not None and data[5:] == b"\x08Oslo\x00\x02\x02"
    assert AvroDeserializer(c)(data, CTX) == record
