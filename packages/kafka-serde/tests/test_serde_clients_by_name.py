"""The serdes found by name through their entry points, driving the serializing clients on a mock cluster."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from typing import Any

import kafka_core
import kafka_serde
import pytest
from kafka_core.plugins import PluginRegistry

NAMES = {
    "string": (kafka_serde.StringSerializer, kafka_serde.StringDeserializer),
    "integer": (kafka_serde.IntegerSerializer, kafka_serde.IntegerDeserializer),
    "long": (kafka_serde.LongSerializer, kafka_serde.LongDeserializer),
    "float": (kafka_serde.FloatSerializer, kafka_serde.FloatDeserializer),
    "double": (kafka_serde.DoubleSerializer, kafka_serde.DoubleDeserializer),
    "uuid": (kafka_serde.UUIDSerializer, kafka_serde.UUIDDeserializer),
    "bytes": (kafka_serde.BytesSerializer, kafka_serde.BytesDeserializer),
}

SAMPLES: dict[str, list[Any]] = {
    "string": ["plain", "héllo ✓", "", None],
    "integer": [0, -(2**31), 2**31 - 1, None],
    "long": [2**63 - 1, -(2**63), 42, None],
    "float": [0.5, -math.inf, -0.0, None],
    "double": [math.pi, 1e-300, -math.inf, None],
    "uuid": [uuid.UUID(int=0), uuid.UUID("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), None],
    "bytes": [b"\x00\xff", b"", None],
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_name_is_found_through_the_installed_entry_points(name: str) -> None:
    registry = PluginRegistry()
    serializer, deserializer = NAMES[name]
    assert registry.get("serializer", name) is serializer
    assert registry.get("deserializer", name.upper()) is deserializer
    provided = {(i.kind, i.name): i for i in registry.installed()}
    info = provided[("serializer", name)]
    assert (info.distribution, info.version) == ("kafka-serde", kafka_serde.__version__)


def _consume_all(consumer: Any, count: int, deadline_s: float = 15.0) -> list[Any]:
    received: list[Any] = []
    deadline = time.monotonic() + deadline_s
    while len(received) < count and time.monotonic() < deadline:
        received.extend(consumer.consume(count - len(received), timeout=0.5))
    return received


def _consumer(bootstrap: str, topic: str, **serdes: str) -> Any:
    consumer = kafka_core.DeserializingConsumer({
        "bootstrap.servers": bootstrap, "group.id": f"g-{topic}", "log_level": 3, **serdes,
    })
    consumer.assign([kafka_core.TopicPartition(topic, 0, kafka_core.OFFSET_BEGINNING)])
    return consumer


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return bool(a == b)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_round_trip_by_name_through_the_clients(
    name: str, mock_bootstrap: str, new_topic: Callable[[str], str]
) -> None:
    topic = new_topic(name)
    producer = kafka_core.SerializingProducer({
        "bootstrap.servers": mock_bootstrap, "log_level": 3,
        "key.serializer": "string", "value.serializer": name,
    })
    values = SAMPLES[name]
    for i, value in enumerate(values):
        producer.produce(topic, key=f"k{i}", value=value, partition=0)
    assert producer.flush(10) == 0
    consumer = _consumer(mock_bootstrap, topic, **{"key.deserializer": "string", "value.deserializer": name})
    try:
        received = _consume_all(consumer, len(values))
    finally:
        consumer.close()
    assert [m.key() for m in received] == [f"k{i}" for i in range(len(values))]
    got = [m.value() for m in received]
    assert all(_same(a, b) for a, b in zip(got, values, strict=True)), got


def test_codec_option_by_name_and_errors_name_topic_and_field(
    mock_bootstrap: str, new_topic: Callable[[str], str]
) -> None:
    topic = new_topic("codec")
    producer = kafka_core.SerializingProducer({
        "bootstrap.servers": mock_bootstrap, "log_level": 3,
        "value.serializer": "string", "value.serializer.codec": "latin-1", "key.serializer": "integer",
    })
    producer.produce(topic, key=1, value="café", partition=0)
    with pytest.raises(kafka_core.KeySerializationError) as key_error:
        producer.produce(topic, key=2**31, value="x", partition=0)
    assert f"topic {topic!r}, field 'key'" in str(key_error.value)
    assert "outside the int32 range" in str(key_error.value)
    with pytest.raises(kafka_core.ValueSerializationError) as value_error:
        producer.produce(topic, key=3, value="€", partition=0)  # not in latin-1
    assert f"topic {topic!r}, field 'value'" in str(value_error.value)
    assert producer.flush(10) == 0

    serdes = {"key.deserializer": "long", "value.deserializer": "string"}
    consumer = _consumer(mock_bootstrap, topic, **serdes)
    try:
        with pytest.raises(kafka_core.KeyDeserializationError) as read_error:
            _consume_all(consumer, 1)
    finally:
        consumer.close()
    assert "expected 8 bytes (int64), got 4" in str(read_error.value)
    assert f"topic {topic!r}, field 'key'" in str(read_error.value)
    assert read_error.value.kafka_message.value() == "café".encode("latin-1")
