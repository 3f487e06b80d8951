"""Bad input to AvroProducer, AvroConsumer and MessageSerializer: legacy error types saying what and where.

A failed ``produce`` must send nothing: the tests then produce one good
record to partition 0 of librdkafka's mock cluster and read back exactly that.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from kafka_legacy_avro import (
    AvroConsumer,
    AvroProducer,
    CachedSchemaRegistryClient,
    ClientError,
    KeySerializerError,
    MessageSerializer,
    ValueSerializerError,
    loads,
)
from testsupport.broker import read_partition

USER = loads(
    '{"type": "record", "name": "User", "namespace": "ex", "fields": [{"name": "name", "type": "string"},'
    ' {"name": "address", "type": {"type": "record", "name": "Address",'
    ' "fields": [{"name": "zip", "type": "int"}]}}]}'
)
KEY = loads('"long"')


GOOD = {"name": "ann", "address": {"zip": 1}}


@pytest.fixture
def registry() -> Iterator[CachedSchemaRegistryClient]:
    with CachedSchemaRegistryClient({"url": f"mock://{uuid.uuid4().hex}"}) as client:
        yield client


@pytest.fixture
def producer(mock_bootstrap: str, registry: CachedSchemaRegistryClient) -> Iterator[AvroProducer]:
    made = AvroProducer(
        {"bootstrap.servers": mock_bootstrap},
        default_key_schema=KEY,
        default_value_schema=USER,
        schema_registry=registry,
    )
    yield made
    made.close()


def _only_good_record_sent(
    producer: AvroProducer, registry: CachedSchemaRegistryClient, bootstrap: str, topic: str
) -> None:
    producer.produce(topic=topic, value=GOOD, key=7, partition=0)
    assert producer.flush(10) == 0
    sent = read_partition(bootstrap, topic, 0)
    assert len(sent) == 1
    serializer = MessageSerializer(registry)
    assert serializer.decode_message(sent[0].value()) == GOOD
    assert serializer.decode_message(sent[0].key(), is_key=True) == 7


def test_a_value_not_matching_its_schema_names_the_field(
    producer: AvroProducer, registry: CachedSchemaRegistryClient, mock_bootstrap: str
) -> None:
    with pytest.raises(ValueSerializerError) as caught:
        producer.produce(
            topic="users", value={"name": "ann", "address": {"zip": "75001"}}, key=1, partition=0
        )
    message = str(caught.value)
    assert "'ex.Address.zip' expected int" in message and "str '75001'" in message
    assert "subject 'users-value'" in message
    with pytest.raises(ValueSerializerError, match=r"'ex\.User\.address'"):  # a missing field
        producer.produce(topic="users", value={"name": "ann"}, partition=0)
    _only_good_record_sent(producer, registry, mock_bootstrap, "users")


def test_a_key_not_matching_its_schema_raises_key_serializer_error(
    producer: AvroProducer, registry: CachedSchemaRegistryClient, mock_bootstrap: str
) -> None:
    with pytest.raises(KeySerializerError, match=r"subject 'keys-key'.*expected long, got str 'one'"):
        producer.produce(topic="keys", value=GOOD, key="one", partition=0)
    _only_good_record_sent(producer, registry, mock_bootstrap, "keys")


def test_schemas_and_topic_are_required(mock_bootstrap: str) -> None:
    made = AvroProducer({"bootstrap.servers": mock_bootstrap, "schema.registry.url": "mock://req"})
    with pytest.raises(ValueSerializerError, match="Avro schema required for values"):
        made.produce(topic="req", value={"a": 1}, partition=0)
    with pytest.raises(KeySerializerError, match="Avro schema required for key"):
        made.produce(topic="req", value=None, key=1, partition=0)
    with pytest.raises(ClientError, match="Topic name not specified"):
        made.produce(value=None)
    made.produce(topic="req", value=None, key=None, partition=0)  # a tombstone without key needs no schema
    assert made.flush(10) == 0
    sent = read_partition(mock_bootstrap, "req", 0)
    assert [(m.key(), m.value()) for m in sent] == [(None, None)]
    made.close()


def test_without_auto_registration_an_unregistered_schema_is_refused() -> None:
    scope = f"mock://{uuid.uuid4().hex}"
    with CachedSchemaRegistryClient({"url": scope, "auto.register.schemas": False}) as client:
        with pytest.raises(ValueSerializerError, match=r"subject 't-value'.*not found"):
            MessageSerializer(client).encode_record_with_schema(
                "t", USER, {"name": "a", "address": {"zip": 1}}
            )
        with pytest.raises(KeySerializerError, match="no schema with id 4242"):
            MessageSerializer(client).encode_record_with_schema_id(4242, 1, is_key=True)


@pytest.mark.parametrize(
    ("config", "registry", "error", "says"),
    [
        ({"bootstrap.servers": "127.0.0.1:1"}, None, ValueError, "schema.registry.url"),
        (
            {"bootstrap.servers": "127.0.0.1:1", "schema.registry.url": "mock://x"},
            "given",
            ValueError,
            "Cannot pass schema_registry along with schema.registry.url",
        ),
        (
            {
                "bootstrap.servers": "127.0.0.1:1",
                "schema.registry.url": "mock://x",
                "schema.registry.bogus": 1,
            },
            None,
            ValueError,
            "bogus",
        ),
    ],
)
def test_bad_configurations_name_what_is_wrong(
    config: dict[str, Any], registry: Any, error: type[Exception], says: str
) -> None:
    given = CachedSchemaRegistryClient({"url": "mock://given"}) if registry else None
    for cls in (AvroProducer, AvroConsumer):
        with pytest.raises(error, match=says):
            cls({**config, "group.id": "g"} if cls is AvroConsumer else config, schema_registry=given)
    if given is not None:
        given.close()


def test_a_bad_schema_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="default_value_schema must be a schema"):
        AvroProducer({"schema.registry.url": "mock://x"}, default_value_schema=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reader_value_schema must be a schema"):
        AvroConsumer({"schema.registry.url": "mock://x", "group.id": "g"}, reader_value_schema=3.5)  # type: ignore[arg-type]


def test_secrets_stay_out_of_errors_and_reprs() -> None:
    conf = {
        "url": "http://127.0.0.1:1",
        "basic.auth.credentials.source": "USER_INFO",
        "basic.auth.user.info": "user:hunter2-secret",
        "max.retries": 0,
        "timeout": 2,
    }
    with CachedSchemaRegistryClient(conf) as client:
        assert "hunter2" not in repr(client)
        with pytest.raises(ClientError) as caught:
            client.register("s-value", USER)
    assert "hunter2" not in str(caught.value) and "hunter2" not in repr(caught.value)
    with pytest.raises(ValueError) as bad:
        CachedSchemaRegistryClient({**conf, "basic.auth.user.info": "no-colon-hunter2"})
    assert "hunter2" not in str(bad.value)
