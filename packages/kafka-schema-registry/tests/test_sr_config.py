"""Client configuration: the reference's keys, clear errors naming the key, secrets kept out of sight,
and a light import."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from kafka_schema_registry import AsyncSchemaRegistryClient, Schema, SchemaRegistryClient
from kafka_schema_registry._config import parse_client_config


@pytest.mark.parametrize("client_class", [SchemaRegistryClient, AsyncSchemaRegistryClient])
@pytest.mark.parametrize(
    ("conf", "error", "named"),
    [
        ({}, ValueError, "url"),
        ({"url": 8081}, TypeError, "url"),
        ({"url": "ftp://127.0.0.1"}, ValueError, "url"),
        ({"url": "http://127.0.0.1", "no.such.key": 1}, ValueError, "no.such.key"),
        ({"url": "http://127.0.0.1", "max.retries": "3"}, TypeError, "max.retries"),
        ({"url": "http://127.0.0.1", "timeout": "slow"}, TypeError, "timeout"),
        (
            {"url": "http://127.0.0.1", "cache.capacity": None, "cache.latest.ttl.sec": "x"},
            TypeError,
            "cache.latest.ttl.sec",
        ),
        ({"url": "http://127.0.0.1", "retries.wait.ms": [1]}, TypeError, "retries.wait.ms"),
        ({"url": "http://127.0.0.1", "ssl.key.location": "/k.pem"}, ValueError, "ssl.certificate.location"),
        ({"url": "http://127.0.0.1", "basic.auth.user.info": "no-colon"}, ValueError, "basic.auth.user.info"),
        (
            {"url": "http://127.0.0.1", "basic.auth.credentials.source": "USER_INFO"},
            ValueError,
            "basic.auth.user.info",
        ),
        (
            {"url": "http://127.0.0.1", "basic.auth.credentials.source": "NOPE"},
            ValueError,
            "basic.auth.credentials.source",
        ),
        (
            {
                "url": "http://127.0.0.1",
                "bearer.auth.credentials.source": "STATIC_TOKEN",
                "bearer.auth.logical.cluster": "c",
            },
            ValueError,
            "bearer.auth.token",
        ),
        (
            {
                "url": "http://127.0.0.1",
                "bearer.auth.credentials.source": "OAUTHBEARER",
                "bearer.auth.logical.cluster": "c",
                "bearer.auth.client.id": "i",
            },
            ValueError,
            "bearer.auth.",
        ),
        (
            {
                "url": "http://127.0.0.1",
                "bearer.auth.credentials.source": "CUSTOM",
                "bearer.auth.custom.provider.function": "not callable",
                "bearer.auth.custom.provider.config": {},
            },
            TypeError,
            "bearer.auth.custom.provider.function",
        ),
    ],
)
def test_bad_configuration_is_rejected_naming_the_key(
    client_class: type[Any], conf: dict[str, Any], error: type[Exception], named: str
) -> None:
    with pytest.raises(error) as info:
        client_class(conf)
    assert named in str(info.value)


def test_secrets_never_appear_in_reprs_or_errors() -> None:
    conf = {
        "url": "https://user:url-pw-123@127.0.0.1:8081",
        "ssl.certificate.location": "/nonexistent/cert.pem",
        "ssl.key.password": "key-pw-456",
    }
    parsed = parse_client_config(conf)
    assert "url-pw-123" not in repr(parsed) and "key-pw-456" not in repr(parsed)
    assert parsed.urls == ("https://127.0.0.1:8081",)
    with pytest.raises((ValueError, OSError)) as info:
        SchemaRegistryClient(conf)
    assert "key-pw-456" not in str(info.value) and "url-pw-123" not in str(info.value)
    token_conf = {
        "url": "http://127.0.0.1:1",
        "bearer.auth.credentials.source": "OAUTHBEARER",
        "bearer.auth.client.id": "id",
        "bearer.auth.client.secret": "client-secret-789",
        "bearer.auth.scope": "s",
        "bearer.auth.issuer.endpoint.url": "http://127.0.0.1:1/token",
        "bearer.auth.logical.cluster": "c",
    }
    client = SchemaRegistryClient(token_conf)
    try:
        assert "client-secret-789" not in repr(client) + repr(parse_client_config(token_conf))
    finally:
        client.close()


def test_url_list_and_mock_scope_are_parsed() -> None:
    parsed = parse_client_config({"url": "http://127.0.0.1:1/, http://127.0.0.1:2"})
    assert parsed.urls == ("http://127.0.0.1:1", "http://127.0.0.1:2")
    assert parse_client_config({"url": "mock://my-scope"}).mock_scope == "my-scope"


def test_mock_url_clients_with_the_same_scope_share_one_registry() -> None:
    with (
        SchemaRegistryClient({"url": "mock://sr-config-shared"}) as writer,
        SchemaRegistryClient({"url": "mock://sr-config-shared"}) as reader,
        SchemaRegistryClient({"url": "mock://sr-config-other"}) as stranger,
    ):
        schema_id = writer.register_schema("s", Schema('"string"'))
        assert reader.get_schema(schema_id) == Schema('"string"')
        assert stranger.get_subjects() == []


def test_import_is_light() -> None:
    code = (
        "import sys, kafka_schema_registry\n"
        "heavy = [m for m in ('httpx', 'authlib', 'h2', 'brotli', 'socksio', 'fastavro', 'confluent_kafka',"
        " 'kafka_schema_registry._oauth') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "from kafka_schema_registry import SchemaRegistryClient\n"
        "SchemaRegistryClient({'url': 'http://127.0.0.1:1'}).close()\n"
        "print(','.join(m for m in ('authlib', 'h2', 'brotli', 'socksio', 'kafka_schema_registry._oauth')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    at_import, with_client = out.stdout.splitlines()
    assert at_import == ""
    assert with_client == ""
