"""Avro, JSON Schema and Protobuf values with string keys through SerializingProducer and
DeserializingConsumer on the Tansu broker; every record read back and checked."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from kafka_core import (
    DeserializingConsumer,
    KafkaError,
    SerializationContext,
    SerializingProducer,
    TopicPartition,
    ValueDeserializationError,
    ValueSerializationError,
)
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from kafka_schema_registry.json_schema import JSONDeserializer, JSONSerializer
from kafka_schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from kafka_serde import StringDeserializer, StringSerializer
from testsupport.proto_messages import proto_messages

pytestmark = pytest.mark.broker
COUNT = 200


AVRO = json.dumps(
    {
        "type": "record",
        "name": "Reading",
        "fields": [{"name": "n", "type": "int"}, {"name": "label", "type": ["null", "string"]}],
    }
)
JSON_SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {"n": {"type": "integer"}, "label": {"type": "string"}},
        "required": ["n"],
    }
)


def _formats() -> dict[str, tuple[Any, Any, Any]]:
    order = proto_messages().Order
    return {
        "avro": (
            lambda c: AvroSerializer(c, AVRO),
            AvroDeserializer,
            lambda i: {"n": i, "label": None if i % 3 else f"l{i}"},
        ),
        "json": (
            lambda c: JSONSerializer(JSON_SCHEMA, c),
            lambda c: JSONDeserializer(None, schema_registry_client=c),
            lambda i: {"n": i, "label": f"l{i}"},
        ),
        "protobuf": (
            lambda c: ProtobufSerializer(order, c),
            lambda c: ProtobufDeserializer(order, schema_registry_client=c),
            lambda i: order(id=f"o{i}", paid=bool(i % 2), weight=i / 4),
        ),
    }


@pytest.mark.parametrize("fmt", ["avro", "json", "protobuf"])
def test_every_record_comes_back(tansu: str, create_topic: Any, fmt: str) -> None:
    make_ser, make_de, make_value = _formats()[fmt]
    topic = create_topic(tansu, 1, fmt)
    registry = SchemaRegistryClient({"url": f"mock://e2e-{topic}"})
    producer = SerializingProducer(
        {
            "bootstrap.servers": tansu,
            "key.serializer": StringSerializer(),
            "value.serializer": make_ser(registry),
            "linger.ms": 5,
        }
    )
    for i in range(COUNT):
        producer.produce(topic, key=f"k{i}", value=make_value(i))
    with pytest.raises(ValueSerializationError):  # a bad record fails before anything is sent
        producer.produce(topic, key="bad", value={"n": "not a number"} if fmt != "protobuf" else object())
    assert producer.flush(20) == 0

    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": tansu,
            "group.id": f"g-{topic}",
            "enable.auto.commit": False,
            "key.deserializer": StringDeserializer(),
            "value.deserializer": make_de(registry),
            "fetch.wait.max.ms": 50,
            "log_level": 3,
        }
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    got: list[tuple[str, Any]] = []
    deadline = time.monotonic() + 30
    try:
        while len(got) < COUNT and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            assert msg.error() is None, msg.error()
            got.append((msg.key(), msg.value()))
    finally:
        consumer.close()
    assert got == [(f"k{i}", make_value(i)) for i in range(COUNT)]


def test_undecodable_value_is_reported_not_skipped(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 1, "broken")
    registry = SchemaRegistryClient({"url": f"mock://e2e-{topic}"})
    raw = SerializingProducer({"bootstrap.servers": tansu})
    raw.produce(topic, value=b"\x00\x00\x00\x00\x2a\x02")  # schema id 42 is unknown
    raw.produce(
        topic,
        value=AvroSerializer(registry, AVRO)({"n": 1, "label": None}, SerializationContext(topic, "value")),
    )
    assert raw.flush(20) == 0
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": tansu,
            "group.id": f"g-{topic}",
            "enable.auto.commit": False,
            "value.deserializer": AvroDeserializer(registry),
            "log_level": 3,
        }
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    try:
        error = None
        deadline = time.monotonic() + 30
        while error is None and time.monotonic() < deadline:
            try:
                consumer.poll(0.5)
            except ValueDeserializationError as exc:
                error = exc
        assert error is not None and error.code == KafkaError._VALUE_DESERIALIZATION
        assert "schema id 42" in str(error) and error.kafka_message.offset() == 0
        value = None
        while value is None and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            value = msg.value() if msg is not None else None
        assert value == {"n": 1, "label": None}
    finally:
        consumer.close()
