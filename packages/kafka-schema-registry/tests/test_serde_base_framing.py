"""Framing of the serde base: the bytes the spec gives, and the reference's SchemaId agrees."""

from __future__ import annotations

import io
import uuid

import pytest
from confluent_kafka.schema_registry.common.serde import SchemaId as RefSchemaId
from hypothesis import given
from hypothesis import strategies as st
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry._serde import (
    SchemaId,
    dual_schema_id_deserializer,
    header_schema_id_serializer,
    prefix_schema_id_serializer,
)
from kafka_schema_registry._serde.framing import decode_message_indexes, encode_message_indexes

GUID = "8a5b9f3c-1d2e-4f60-9a7b-0c1d2e3f4a5b"


def test_prefix_is_magic_zero_and_big_endian_id() -> None:
    assert prefix_schema_id_serializer(b"P", None, SchemaId("AVRO", 258)) == b"\x00\x00\x00\x01\x02P"


def test_guid_framing_is_magic_one_and_sixteen_bytes() -> None:
    assert SchemaId("AVRO", guid=GUID).guid_to_bytes() == b"\x01" + uuid.UUID(GUID).bytes


@pytest.mark.parametrize(
    "indexes,expected",
    [
        ([0], b"\x00"),
        ([1], b"\x02\x02"),
        ([0, 1], b"\x04\x00\x02"),
        ([2, 64], b"\x04\x04\x80\x01"),
    ],
)
def test_message_indexes_are_zigzag_varints(indexes: list[int], expected: bytes) -> None:
    assert encode_message_indexes(indexes) == expected
    ref = io.BytesIO()
    RefSchemaId._encode_varints(ref, indexes, zigzag=True)
    assert ref.getvalue() == expected
    assert decode_message_indexes(expected, 0) == (indexes, len(expected))


@given(st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=8), st.integers(0, 2**32 - 1))
def test_schema_id_round_trip_matches_reference(indexes: list[int], schema_id: int) -> None:
    ours = SchemaId("PROTOBUF", schema_id, message_indexes=indexes).id_to_bytes()
    assert ours == RefSchemaId("PROTOBUF", schema_id, message_indexes=indexes).id_to_bytes()
    back = SchemaId("PROTOBUF")
    assert back.read(ours) == len(ours)
    assert (back.id, back.message_indexes) == (schema_id, indexes)


def test_header_serializer_appends_to_list_and_dict() -> None:
    sid = SchemaId("AVRO", 1, GUID)
    headers: list[tuple[str, bytes]] = []
    assert (
        header_schema_id_serializer(b"P", SerializationContext("t", MessageField.KEY, headers), sid) == b"P"
    )
    assert headers == [("__key_schema_id", sid.guid_to_bytes())]
    as_dict: dict[str, bytes] = {}
    header_schema_id_serializer(b"P", SerializationContext("t", MessageField.VALUE, as_dict), sid)
    assert as_dict == {"__value_schema_id": sid.guid_to_bytes()}
    with pytest.raises(SerializationError, match="no headers"):
        header_schema_id_serializer(b"P", SerializationContext("t", MessageField.VALUE), sid)


def test_dual_deserializer_prefers_the_header() -> None:
    sid = SchemaId("AVRO")
    headers = [("__value_schema_id", SchemaId("AVRO", guid=GUID).guid_to_bytes())]
    payload = dual_schema_id_deserializer(
        b"\x02x", SerializationContext("t", MessageField.VALUE, headers), sid
    )
    assert str(sid.guid) == GUID and payload.read() == b"\x02x"
    sid = SchemaId("AVRO")
    payload = dual_schema_id_deserializer(b"\x00\x00\x00\x00\x07rest", None, sid)
    assert sid.id == 7 and payload.read() == b"rest"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"\x05abcdef", "unknown magic byte 5"),
        (b"\x00\x00\x01", "truncated"),
        (b"\x01" + b"\x00" * 10, "truncated"),
    ],
)
def test_bad_framing_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(SerializationError, match=message):
        SchemaId("AVRO").read(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x00\x00\x00\x01\x06\x02",
        b"\x00\x00\x00\x00\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        b"\x00\x00\x00\x00\x01\x7f",
    ],
)
def test_bad_message_indexes_are_a_clear_error(data: bytes) -> None:
    with pytest.raises(SerializationError, match="message-index array"):
        SchemaId("PROTOBUF").read(data)
