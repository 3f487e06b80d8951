"""CachedSchemaRegistryClient over real HTTP (the loopback registry) and ``mock://``.

Expected answers come from the reference's legacy CachedSchemaRegistryClient,
run against the same registry with the same calls.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from confluent_kafka.avro import CachedSchemaRegistryClient as RefClient
from confluent_kafka.avro import ClientError as RefClientError
from confluent_kafka.avro import loads as ref_loads
from kafka_legacy_avro import AvroProducer, CachedSchemaRegistryClient, ClientError, loads
from testsupport.registry_server import RegistryHttpServer


@pytest.fixture
def closing() -> Any:
    """``closing(client)`` gives ``client`` back and closes it after the test (sockets are not leaked)."""
    opened: list[Any] = []

    def keep(client: Any) -> Any:
        opened.append(client)
        return client

    yield keep
    for client in opened:
        client.close()


V1 = '{"type": "record", "name": "User", "namespace": "ex", "fields": [{"name": "name", "type": "string"}]}'
V2 = (
    '{"type": "record", "name": "User", "namespace": "ex", "fields": [{"name": "name", "type": "string"},'
    ' {"name": "age", "type": "int", "default": -1}]}'
)


def _same(ours: Any, theirs: Any) -> bool:
    """Results agree: schemas by their JSON, everything else by value."""
    if isinstance(ours, tuple):
        return len(ours) == len(theirs) and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
    if ours is None or theirs is None or isinstance(ours, (int, str, bool, list)):
        return bool(ours == theirs)
    return bool(json.loads(str(ours)) == json.loads(str(theirs)))


def test_every_method_answers_as_the_reference_client(sr_server: RegistryHttpServer, closing: Any) -> None:
    ours = closing(CachedSchemaRegistryClient({"url": sr_server.url}))
    ref = closing(RefClient({"url": sr_server.url}))
    mine, theirs = f"mine-{uuid.uuid4().hex[:8]}", f"theirs-{uuid.uuid4().hex[:8]}"
    # Each client registers under its own subject; the schema ids are shared by the registry.
    assert ours.register(mine, loads(V1)) == ref.register(theirs, ref_loads(V1))
    id2 = ours.register(mine, loads(V2))
    assert ref.register(theirs, ref_loads(V2)) == id2
    # Each reads what the other wrote.
    assert ours.check_registration(theirs, loads(V2)) == ref.check_registration(mine, ref_loads(V2)) == id2
    for subject in (mine, theirs):
        assert _same(ours.get_latest_schema(subject), ref.get_latest_schema(subject))
        assert _same(ours.get_by_version(subject, 1), ref.get_by_version(subject, 1))
        assert ours.get_version(subject, loads(V1)) == ref.get_version(subject, ref_loads(V1)) == 1
        assert (
            ours.test_compatibility(subject, loads(V2))
            is ref.test_compatibility(subject, ref_loads(V2))
            is True
        )
    assert _same(ours.get_by_id(id2), ref.get_by_id(id2))
    assert ours.get_latest_schema(mine)[0] == id2
    assert ours.update_compatibility("FULL", mine) == ref.update_compatibility("FULL", theirs) == "FULL"
    assert ours.get_compatibility(mine) == ref.get_compatibility(theirs) == "FULL"
    assert ours.get_compatibility() == ref.get_compatibility() == "BACKWARD"
    # Not found: None / (None, None, None), as the reference.
    assert ours.get_by_id(987654) is None and ref.get_by_id(987654) is None
    assert ours.get_latest_schema("missing") == ref.get_latest_schema("missing") == (None, None, None)
    assert (
        ours.get_version("missing", loads(V1)) is None and ref.get_version("missing", ref_loads(V1)) is None
    )
    with pytest.raises(ClientError, match="not found") as caught:
        ours.check_registration("missing", loads(V1))
    with pytest.raises(RefClientError):
        ref.check_registration("missing", ref_loads(V1))
    assert caught.value.http_code == 404
    with pytest.raises(ClientError, match="SOMETIMES"):
        ours.update_compatibility("SOMETIMES")
    with pytest.raises(RefClientError):
        ref.update_compatibility("SOMETIMES")
    assert ours.delete_subject(mine) == ref.delete_subject(theirs) == [1, 2]
    assert ours.get_latest_schema(mine) == (None, None, None)


def test_schemas_are_accepted_as_text_and_as_apache_avro_objects() -> None:
    with CachedSchemaRegistryClient({"url": f"mock://{uuid.uuid4().hex}"}) as client:
        first = client.register("s-value", V1)
        assert client.register("s-value", ref_loads(V1)) == first
        assert client.check_registration("s-value", loads(V1)) == first
        assert client.get_by_id(first) == loads(V1)
        assert client.get_by_id(first) is client.get_by_id(first)  # cached
        with pytest.raises(TypeError, match="avro_schema must be a schema"):
            client.register("s-value", 42)


def test_an_incompatible_schema_is_refused_with_client_error_409(
    sr_server: RegistryHttpServer, closing: Any
) -> None:
    sr_server.registry.compatibility_checker = lambda new, previous, level: ["field age was removed"]
    ours = closing(CachedSchemaRegistryClient({"url": sr_server.url}))
    ours.register("c-value", loads(V2))
    with pytest.raises(ClientError, match=r"Incompatible Avro schema \(subject 'c-value'\)") as caught:
        ours.register("c-value", loads(V1))
    assert caught.value.http_code == 409
    ref = closing(RefClient({"url": sr_server.url}))
    with pytest.raises(RefClientError, match="409"):
        ref.register("c-value", ref_loads(V1))
    assert ours.test_compatibility("c-value", loads(V1)) is False
    assert ref.test_compatibility("c-value", ref_loads(V1)) is False


def test_basic_auth_from_user_info_and_from_the_url(sr_server: RegistryHttpServer, closing: Any) -> None:
    sr_server.basic_auth = ("alice", "s3cret-pw")
    port = sr_server.port
    good = closing(
        CachedSchemaRegistryClient(
            {
                "url": sr_server.url,
                "basic.auth.credentials.source": "USER_INFO",
                "basic.auth.user.info": "alice:s3cret-pw",
            }
        )
    )
    schema_id = good.register("a-value", loads(V1))
    in_url = closing(CachedSchemaRegistryClient({"url": f"http://alice:s3cret-pw@127.0.0.1:{port}"}))
    assert in_url.check_registration("a-value", loads(V1)) == schema_id
    assert "s3cret" not in in_url.url and "s3cret" not in repr(in_url)
    wrong = closing(
        CachedSchemaRegistryClient(
            {
                "url": sr_server.url,
                "basic.auth.credentials.source": "USER_INFO",
                "basic.auth.user.info": "alice:wrong-pw",
            }
        )
    )
    with pytest.raises(ClientError) as caught:
        wrong.register("a-value", loads(V2))
    assert caught.value.http_code == 401
    assert "wrong-pw" not in str(caught.value) and "wrong-pw" not in repr(caught.value)


def test_producer_config_keys_reach_the_registry_client(sr_server: RegistryHttpServer, closing: Any) -> None:
    """schema.registry.* keys (here SASL_INHERIT: the client's SASL credentials) configure the registry."""
    sr_server.basic_auth = ("bob", "kafka-pw")
    producer = AvroProducer(
        {
            "bootstrap.servers": "127.0.0.1:1",
            "log_level": 0,
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanisms": "PLAIN",
            "sasl.username": "bob",
            "sasl.password": "kafka-pw",
            "schema.registry.url": sr_server.url,
            "schema.registry.basic.auth.credentials.source": "SASL_INHERIT",
        },
        schema_registry=None,
        default_value_schema=loads(V1),
    )
    producer.produce(topic="sasl", value={"name": "x"})
    assert len(sr_server.registry_requests("POST", "/subjects/sasl-value/versions")) == 1
    ref = closing(
        RefClient(
            {
                "url": sr_server.url,
                "basic.auth.credentials.source": "USER_INFO",
                "basic.auth.user.info": "bob:kafka-pw",
            }
        )
    )
    assert ref.get_latest_schema("sasl-value")[2] == 1
    producer.purge()
    producer.close()


@pytest.mark.parametrize(
    ("conf", "error", "says"),
    [
        ({"url": "mock://x", "no.such.key": 1}, ValueError, "no.such.key"),
        ({"url": 42}, TypeError, "url must be a str"),
        ({"url": "ftp://127.0.0.1"}, ValueError, "url"),
        ({"url": "mock://x", "auto.register.schemas": "maybe"}, ValueError, "auto.register.schemas"),
        (
            {"url": "mock://x", "basic.auth.credentials.source": "USER_INFO"},
            ValueError,
            "basic.auth.user.info",
        ),
    ],
)
def test_a_bad_configuration_names_the_key(conf: dict[str, Any], error: type[Exception], says: str) -> None:
    with pytest.raises(error, match=says):
        CachedSchemaRegistryClient(conf)


def test_the_older_url_string_form_still_works_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match="pass one dict"):
        client = CachedSchemaRegistryClient(f"mock://{uuid.uuid4().hex}")
    assert client.register("u-value", loads(V1)) == client.check_registration("u-value", loads(V1))


def test_a_registry_that_cannot_be_reached_raises_client_error(closing: Any) -> None:
    client = closing(
        CachedSchemaRegistryClient({"url": "http://127.0.0.1:1", "max.retries": 0, "timeout": 2})
    )
    with pytest.raises(ClientError, match="Unable to register schema") as caught:
        client.register("x-value", loads(V1))
    assert caught.value.http_code is None
    with pytest.raises(ClientError, match="Unable to fetch schema id 1"):
        client.get_by_id(1)
