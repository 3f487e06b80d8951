"""AvroProducer and AvroConsumer on a real broker (Tansu), with each other and with the reference's.

Every expected key, value, header and timestamp is computed here from the
record's index; each record read back is checked against it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from confluent_kafka.avro import AvroConsumer as RefAvroConsumer
from confluent_kafka.avro import AvroProducer as RefAvroProducer
from confluent_kafka.avro import CachedSchemaRegistryClient as RefLegacyClient
from confluent_kafka.avro import loads as ref_loads
from kafka_core import DeserializingConsumer, KafkaError, Producer, SerializingProducer, TopicPartition
from kafka_legacy_avro import AvroConsumer, AvroProducer, SerializerError, loads
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from testsupport.registry_server import RegistryHttpServer

pytestmark = pytest.mark.broker

KEY = '{"type": "record", "name": "Key", "namespace": "shop", "fields": [{"name": "id", "type": "long"}]}'
KEY_V2 = (
    '{"type": "record", "name": "Key", "namespace": "shop", "fields": [{"name": "id", "type": "long"},'
    ' {"name": "region", "type": "string", "default": "eu"}]}'
)
ORDER = (
    '{"type": "record", "name": "Order", "namespace": "shop", "fields": ['
    '{"name": "item", "type": "string"}, {"name": "qty", "type": "int"},'
    ' {"name": "note", "type": ["null", "string"], "default": null}]}'
)
ORDER_V2 = ORDER.replace(
    '"default": null}]}', '"default": null}, {"name": "price", "type": "double", "default": 0.5}]}'
)
RECORDS = 240


def _key(i: int) -> dict[str, Any] | None:
    return None if i % 5 == 0 else {"id": i * 1_000_003}


def _value(i: int) -> dict[str, Any] | None:
    if i % 7 == 3:
        return None  # a tombstone
    value: dict[str, Any] = {"item": f"item-{i}-é", "qty": i - 100, "note": None if i % 2 else f"n{i}"}
    if i % 3 == 1:
        value["price"] = i / 4  # written with ORDER_V2
    return value


def _conf(bootstrap: str, registry_url: str | None, **extra: Any) -> dict[str, Any]:
    conf = {"bootstrap.servers": bootstrap, **extra}
    if registry_url is not None:
        conf["schema.registry.url"] = registry_url
    return conf


def _consumer_conf(bootstrap: str, registry_url: str | None) -> dict[str, Any]:
    return _conf(
        bootstrap,
        registry_url,
        **{
            "group.id": f"g-{uuid.uuid4().hex[:8]}",
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 50,
            "enable.partition.eof": True,
        },
    )


def _read(consumer: Any, topic: str, partitions: int, count: int, timeout_s: float = 30.0) -> list[Any]:
    """``count`` messages from ``topic``'s partitions, from offset 0, polled one by one."""
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    out: list[Any] = []
    deadline = time.monotonic() + timeout_s
    while len(out) < count and time.monotonic() < deadline:
        msg = consumer.poll(0.2)
        if msg is None:
            continue
        error = msg.error()
        if error is not None:
            assert error.code() == KafkaError._PARTITION_EOF, error
            continue
        out.append(msg)
    assert len(out) == count, f"read {len(out)} of {count} records within {timeout_s}s"
    return out


def _produce_all(producer: AvroProducer, topic: str, partitions: int) -> dict[tuple[int, int], int]:
    """Produce the RECORDS records; return (partition, offset) -> index from the delivery reports."""
    placed: dict[tuple[int, int], int] = {}
    failures: list[Any] = []

    def reporter(i: int) -> Callable[[Any, Any], None]:
        def report(err: Any, msg: Any) -> None:
            if err is not None:
                failures.append(err)
            else:
                placed[msg.partition(), msg.offset()] = i

        return report

    for i in range(RECORDS):
        kwargs: dict[str, Any] = {
            "topic": topic,
            "value": _value(i),
            "key": _key(i),
            "partition": i % partitions,
            "headers": [("i", str(i).encode())],
            "timestamp": 1_700_000_000_000 + i,
        }
        if i % 3 == 1:
            kwargs["value_schema"] = loads(ORDER_V2)  # else the producer's default (ORDER)
        if i % 4 == 0:
            kwargs["key_schema"] = KEY  # schema JSON text is accepted too; else the default
        kwargs["callback" if i % 2 else "on_delivery"] = reporter(i)
        producer.produce(**kwargs)
        producer.poll(0)
    assert producer.flush(30) == 0
    assert not failures
    assert len(placed) == RECORDS
    return placed


def test_avro_producer_to_avro_consumer_every_record(tansu: str, create_topic: Callable[..., str]) -> None:
    topic = create_topic(tansu, partitions=2, prefix="legacy")
    registry = f"mock://{uuid.uuid4().hex}"
    producer = AvroProducer(
        _conf(tansu, registry), default_key_schema=loads(KEY), default_value_schema=loads(ORDER)
    )
    placed = _produce_all(producer, topic, 2)
    producer.close()

    # With the writers' schemas: each record as written.
    plain = AvroConsumer(_consumer_conf(tansu, registry))
    for msg in _read(plain, topic, 2, RECORDS):
        i = placed[msg.partition(), msg.offset()]
        assert msg.key() == _key(i)
        assert msg.value() == _value(i)
        assert msg.headers() == [("i", str(i).encode())]
        assert msg.timestamp()[1] == 1_700_000_000_000 + i
    plain.close()

    # With newer reader schemas: fields added since are filled with their defaults.
    evolved = AvroConsumer(
        _consumer_conf(tansu, registry), reader_key_schema=loads(KEY_V2), reader_value_schema=ORDER_V2
    )
    for msg in _read(evolved, topic, 2, RECORDS):
        i = placed[msg.partition(), msg.offset()]
        key, value = _key(i), _value(i)
        assert msg.key() == (None if key is None else {**key, "region": "eu"})
        assert msg.value() == (None if value is None else {"price": 0.5, **value})
    evolved.close()


def test_interop_with_the_reference_avro_producer_and_consumer(
    tansu: str, create_topic: Callable[..., str], sr_server: RegistryHttpServer
) -> None:
    ours_topic, theirs_topic = create_topic(tansu, prefix="ours"), create_topic(tansu, prefix="theirs")
    producer = AvroProducer(
        _conf(tansu, sr_server.url), default_key_schema=loads(KEY), default_value_schema=loads(ORDER)
    )
    placed_ours = _produce_all(producer, ours_topic, 1)
    producer.close()
    ref_registry = RefLegacyClient({"url": sr_server.url})
    with pytest.warns(DeprecationWarning, match="AvroProducer has been deprecated"):
        ref_producer = RefAvroProducer(
            _conf(tansu, None),
            default_key_schema=ref_loads(KEY),
            default_value_schema=ref_loads(ORDER),
            schema_registry=ref_registry,
        )
    for i in range(RECORDS):
        schema = {"value_schema": ref_loads(ORDER_V2)} if i % 3 == 1 else {}
        ref_producer.produce(topic=theirs_topic, value=_value(i), key=_key(i), **schema)
    assert ref_producer.flush(30) == 0

    # The reference's AvroConsumer reads what ours wrote...
    with pytest.warns(DeprecationWarning, match="AvroConsumer has been deprecated"):
        ref_consumer = RefAvroConsumer(_consumer_conf(tansu, None), schema_registry=ref_registry)
    for msg in _read(ref_consumer, ours_topic, 1, RECORDS):
        i = placed_ours[msg.partition(), msg.offset()]
        assert (msg.key(), msg.value()) == (_key(i), _value(i))
    ref_consumer.close()
    ref_registry.close()
    # ... and ours reads what the reference wrote (one partition: offsets are the produce order).
    consumer = AvroConsumer(_consumer_conf(tansu, sr_server.url))
    for msg in _read(consumer, theirs_topic, 1, RECORDS):
        i = msg.offset()
        assert (msg.key(), msg.value()) == (_key(i), _value(i))
    consumer.close()


def test_a_record_with_an_unknown_schema_id_raises_on_poll_naming_where_it_is(
    tansu: str, create_topic: Callable[..., str]
) -> None:
    topic = create_topic(tansu, prefix="unknown-id")
    registry = f"mock://{uuid.uuid4().hex}"
    producer = AvroProducer(_conf(tansu, registry), default_value_schema=loads(ORDER))
    raw = Producer({"bootstrap.servers": tansu})
    # One record per produce call and flush, so offsets are 0, 1, 2, 3 in this order.
    producer.produce(topic=topic, value={"item": "first", "qty": 1, "note": None})
    assert producer.flush(10) == 0
    raw.produce(topic, value=b"\x00\x00\x0f\x42\x3f" + b"\x02x\x02\x00")  # schema id 999999
    assert raw.flush(10) == 0
    raw.produce(topic, value=None, key=b"\x07not avro")  # a tombstone whose key is not framed
    assert raw.flush(10) == 0
    producer.produce(topic=topic, value={"item": "last", "qty": 4, "note": "n"})
    assert producer.flush(10) == 0
    producer.close()

    consumer = AvroConsumer(_consumer_conf(tansu, registry))
    consumer.assign([TopicPartition(topic, 0, 0)])
    got: list[Any] = []
    deadline = time.monotonic() + 30
    while len(got) < 4 and time.monotonic() < deadline:
        try:
            msg = consumer.poll(0.2)
        except SerializerError as exc:
            got.append(exc)
            continue
        if msg is not None and msg.error() is None:
            got.append(msg)
    consumer.close()
    assert len(got) == 4
    assert got[0].value() == {"item": "first", "qty": 1, "note": None}
    assert isinstance(got[1], SerializerError)
    assert f"message at {topic} [0] offset 1" in str(got[1])
    assert "unable to fetch schema with id 999999" in str(got[1])
    assert isinstance(got[2], SerializerError)
    assert f"message at {topic} [0] offset 2" in str(got[2]) and "magic byte" in str(got[2])
    assert got[3].value() == {"item": "last", "qty": 4, "note": "n"}


def test_legacy_and_modern_clients_share_a_topic(
    tansu: str, create_topic: Callable[..., str], sr_server: RegistryHttpServer
) -> None:
    """AvroProducer and SerializingProducer + AvroSerializer write one topic; both consumers read it all."""
    topic = create_topic(tansu, prefix="shared")
    legacy = AvroProducer(
        _conf(tansu, sr_server.url), default_key_schema=loads(KEY), default_value_schema=loads(ORDER)
    )
    registry = SchemaRegistryClient({"url": sr_server.url})
    modern = SerializingProducer(
        {
            "bootstrap.servers": tansu,
            "key.serializer": AvroSerializer(registry, KEY),
            "value.serializer": AvroSerializer(registry, ORDER),
        }
    )
    half = RECORDS // 2
    for i in range(RECORDS):
        value = None if _value(i) is None else {k: v for k, v in _value(i).items() if k != "price"}
        if i < half:
            legacy.produce(topic=topic, key=_key(i), value=value, partition=0)
            assert legacy.flush(10) == 0  # one produce call, one flush: offsets follow i
        else:
            modern.produce(topic, key=_key(i), value=value, partition=0)
            modern.flush(10)
    legacy.close()

    def expected(i: int) -> tuple[Any, Any]:
        value = _value(i)
        return _key(i), None if value is None else {k: v for k, v in value.items() if k != "price"}

    ours = AvroConsumer(_consumer_conf(tansu, sr_server.url))
    assert [(m.key(), m.value()) for m in _read(ours, topic, 1, RECORDS)] == [
        expected(i) for i in range(RECORDS)
    ]
    ours.close()
    deserializing = DeserializingConsumer(
        {
            "bootstrap.servers": tansu,
            "group.id": f"g-{uuid.uuid4().hex[:8]}",
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 50,
            "key.deserializer": AvroDeserializer(registry),
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    got = _read(deserializing, topic, 1, RECORDS)
    assert [(m.key(), m.value()) for m in got] == [expected(i) for i in range(RECORDS)]
    deserializing.close()
    registry.close()
