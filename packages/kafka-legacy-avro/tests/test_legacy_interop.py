"""Wire compatibility with the reference client, both directions, on one registry served over HTTP.

Expected bytes are the reference's legacy MessageSerializer's output; every
decoded value is compared with the datum the test wrote.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka.avro import CachedSchemaRegistryClient as RefLegacyClient
from confluent_kafka.avro import MessageSerializer as RefMessageSerializer
from confluent_kafka.avro import loads as ref_loads
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry.avro import AvroDeserializer as RefAvroDeserializer
from confluent_kafka.schema_registry.avro import AvroSerializer as RefAvroSerializer
from confluent_kafka.serialization import MessageField as RefField
from confluent_kafka.serialization import SerializationContext as RefContext
from kafka_core import MessageField, SerializationContext
from kafka_legacy_avro import CachedSchemaRegistryClient, MessageSerializer, SerializerError, loads
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from testsupport.registry_server import RegistryHttpServer

USER = """{"type": "record", "name": "User", "namespace": "com.example", "fields": [
  {"name": "name", "type": "string"},
  {"name": "age", "type": ["null", "int"], "default": null},
  {"name": "suit", "type": {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS"]}},
  {"name": "scores", "type": {"type": "array", "items": "double"}},
  {"name": "attrs", "type": {"type": "map", "values": "long"}},
  {"name": "seen", "type": {"type": "long", "logicalType": "timestamp-millis"}},
  {"name": "blob", "type": "bytes"}]}"""
USER_V2 = USER.replace(
    '{"name": "blob", "type": "bytes"}]',
    '{"name": "blob", "type": "bytes"}, {"name": "email", "type": "string", "default": "none@example.com"}]',
)
WHEN = datetime.datetime(2024, 2, 29, 12, 30, 15, 250000, tzinfo=datetime.timezone.utc)
USERS = [
    {
        "name": "Zoë",
        "age": 41,
        "suit": "HEARTS",
        "scores": [1.5, -2.25],
        "attrs": {"a": 1, "b": -(2**40)},
        "seen": WHEN,
        "blob": b"\x00\xff",
    },
    {"name": "", "age": None, "suit": "SPADES", "scores": [], "attrs": {}, "seen": WHEN, "blob": b""},
]
# (schema, datum, is_key): records, primitives, a union, and bytes (the legacy client writes Avro bytes).
CASES = [(USER, u, False) for u in USERS] + [
    ('"string"', "clé-1", True),
    ('"long"', -(2**62), True),
    ('["null", "string", "int"]', 7, False),
    ('"bytes"', b"\x00\x01raw", False),
]


@pytest.fixture
def clients(sr_server: RegistryHttpServer) -> Iterator[tuple[CachedSchemaRegistryClient, Any]]:
    """Our legacy client and the reference's, on the same HTTP registry."""
    ours = CachedSchemaRegistryClient({"url": sr_server.url})
    theirs = RefLegacyClient({"url": sr_server.url})
    yield ours, theirs
    ours.close()
    theirs.close()


@pytest.mark.parametrize(("schema", "datum", "is_key"), CASES)
def test_bytes_are_the_reference_legacy_serializers(
    clients: tuple[CachedSchemaRegistryClient, Any], schema: str, datum: Any, is_key: bool
) -> None:
    ours, theirs = clients
    expected = RefMessageSerializer(theirs).encode_record_with_schema("t", ref_loads(schema), datum, is_key)
    written = MessageSerializer(ours).encode_record_with_schema("t", loads(schema), datum, is_key)
    assert written == expected
    # And each side reads the other's bytes back to the datum.
    assert MessageSerializer(ours).decode_message(expected, is_key) == datum
    assert RefMessageSerializer(theirs).decode_message(written, is_key) == datum


def test_a_schema_id_written_by_the_reference_is_reused(
    clients: tuple[CachedSchemaRegistryClient, Any],
) -> None:
    ours, theirs = clients
    schema_id = theirs.register("u-value", ref_loads(USER))
    expected = RefMessageSerializer(theirs).encode_record_with_schema_id(schema_id, USERS[0])
    assert MessageSerializer(ours).encode_record_with_schema_id(schema_id, USERS[0]) == expected


@pytest.mark.parametrize("datum", USERS)
def test_legacy_bytes_read_with_the_modern_deserializers(sr_server: RegistryHttpServer, datum: Any) -> None:
    with CachedSchemaRegistryClient({"url": sr_server.url}) as legacy:
        written = MessageSerializer(legacy).encode_record_with_schema("m", loads(USER), datum)
    with SchemaRegistryClient({"url": sr_server.url}) as our_client, RefClient({"url": sr_server.url}) as ref:
        ours = AvroDeserializer(our_client)(written, SerializationContext("m", MessageField.VALUE))
        theirs = RefAvroDeserializer(ref)(written, RefContext("m", RefField.VALUE))
    assert ours == theirs == datum


def test_modern_serializers_bytes_read_with_the_legacy_api(sr_server: RegistryHttpServer) -> None:
    with RefClient({"url": sr_server.url}) as ref:
        theirs = RefAvroSerializer(ref, USER)(USERS[0], RefContext("n", RefField.VALUE))
    with SchemaRegistryClient({"url": sr_server.url}) as our_client:
        ours = AvroSerializer(our_client, USER)(USERS[1], SerializationContext("n", MessageField.VALUE))
    with CachedSchemaRegistryClient({"url": sr_server.url}) as legacy:
        serializer = MessageSerializer(legacy)
        assert serializer.decode_message(theirs) == USERS[0]
        assert serializer.decode_message(ours) == USERS[1]
        # With a newer reader schema, the added field takes its default.
        evolved = MessageSerializer(legacy, reader_value_schema=loads(USER_V2))
        assert evolved.decode_message(theirs) == {**USERS[0], "email": "none@example.com"}


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x00\x00\x00", "too small"),
        (b"\x01\x00\x00\x00\x01\x02", "magic byte"),
        (b"\x00\x00\x01\x86\xa0\x02", "unable to fetch schema with id 100000"),
    ],
)
def test_undecodable_bytes_raise_serializer_error(
    clients: tuple[CachedSchemaRegistryClient, Any], data: bytes, says: str
) -> None:
    with pytest.raises(SerializerError, match=says):
        MessageSerializer(clients[0]).decode_message(data)


def test_a_truncated_payload_raises_serializer_error_naming_the_schema_id(
    clients: tuple[CachedSchemaRegistryClient, Any],
) -> None:
    ours, _ = clients
    serializer = MessageSerializer(ours)
    written = serializer.encode_record_with_schema("tr", loads(USER), USERS[0])
    schema_id = int.from_bytes(written[1:5], "big")
    with pytest.raises(SerializerError, match=f"schema id {schema_id}"):
        serializer.decode_message(written[:-1])
    with pytest.raises(SerializerError, match="1 bytes left over"):
        serializer.decode_message(written + b"\x00")


def test_a_plain_bytes_schema_is_the_one_encoding_that_differs_from_the_modern_serializers(
    sr_server: RegistryHttpServer,
) -> None:
    """As the migration guide says: legacy writes Avro bytes (length first), modern serializers raw bytes."""
    with RefClient({"url": sr_server.url}) as ref:
        modern = RefAvroSerializer(ref, '"bytes"')(b"abc", RefContext("raw", RefField.VALUE))
    with CachedSchemaRegistryClient({"url": sr_server.url}) as legacy:
        written = MessageSerializer(legacy).encode_record_with_schema("raw", loads('"bytes"'), b"abc")
    assert modern[0] == written[0] == 0
    assert modern[5:] == b"abc"
    assert written[5:] == b"\x06abc"
