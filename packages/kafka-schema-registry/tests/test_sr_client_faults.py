"""Retries, timeouts, failover, malformed answers, authentication and TLS, over a real loopback socket."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from kafka_schema_registry import OAuthTokenError, Schema, SchemaRegistryError, SchemaRegistryTransportError
from testsupport.broker import free_port
from testsupport.registry_server import ClientFactory, RegistryHttpServer, ScriptedFault

SCHEMA = Schema('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}')
FAST_RETRIES = {"retries.wait.ms": 1, "retries.max.wait.ms": 5}

sync_and_async = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@sync_and_async
def test_a_500_is_retried_then_succeeds(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    client = sr_clients({"url": sr_server.url, **FAST_RETRIES}, is_async=is_async)
    sr_server.fail_next(ScriptedFault(500), ScriptedFault(503))
    assert client.register_schema("s", SCHEMA) == 1
    assert len(sr_server.registry_requests("POST")) == 3


@sync_and_async
def test_retries_are_bounded_by_max_retries(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    client = sr_clients({"url": sr_server.url, "max.retries": 2, **FAST_RETRIES}, is_async=is_async)
    sr_server.fail_next(*[ScriptedFault(503)] * 5)
    with pytest.raises(SchemaRegistryError) as info:
        client.get_subjects()
    assert info.value.http_status_code == 503
    assert len(sr_server.registry_requests()) == 3


def test_a_429_waits_for_retry_after(sr_server: RegistryHttpServer, sr_clients: ClientFactory) -> None:
    client = sr_clients({"url": sr_server.url, "retries.wait.ms": 1, "retries.max.wait.ms": 2000})
    sr_server.fail_next(ScriptedFault(429, retry_after="0.3"))
    started = time.monotonic()
    assert client.get_subjects() == []
    assert time.monotonic() - started >= 0.25
    assert len(sr_server.registry_requests()) == 2


def test_a_4xx_is_raised_at_once_with_the_servers_code(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory
) -> None:
    client = sr_clients({"url": sr_server.url, **FAST_RETRIES})
    with pytest.raises(SchemaRegistryError) as info:
        client.get_latest_version("missing")
    assert (info.value.http_status_code, info.value.error_code) == (404, 40401)
    assert len(sr_server.registry_requests()) == 1


@sync_and_async
def test_a_stalled_server_times_out_with_the_url_named(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    client = sr_clients({"url": sr_server.url, "timeout": 0.3, "max.retries": 0}, is_async=is_async)
    sr_server.fail_next(ScriptedFault(stall_sec=3.0))
    started = time.monotonic()
    with pytest.raises(SchemaRegistryTransportError) as info:
        client.get_subjects()
    assert time.monotonic() - started < 2.5
    assert sr_server.url in str(info.value)
    assert "timed out" in str(info.value)
    assert isinstance(info.value, SchemaRegistryError)


@sync_and_async
def test_a_refused_first_url_fails_over_to_the_next(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    client = sr_clients({"url": f"{dead},{sr_server.url}", **FAST_RETRIES}, is_async=is_async)
    assert client.register_schema("s", SCHEMA) == 1
    assert client.get_versions("s") == [1]


def test_every_url_refused_names_a_url(sr_clients: ClientFactory) -> None:
    dead = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
    client = sr_clients({"url": ",".join(dead), "max.retries": 1, **FAST_RETRIES})
    with pytest.raises(SchemaRegistryTransportError) as info:
        client.get_subjects()
    assert any(url in str(info.value) for url in dead)


def test_malformed_json_is_a_clear_error(sr_server: RegistryHttpServer, sr_clients: ClientFactory) -> None:
    client = sr_clients({"url": sr_server.url, "max.retries": 0})
    sr_server.fail_next(ScriptedFault(200, body=b"{not json"))
    with pytest.raises(SchemaRegistryError) as info:
        client.get_subjects()
    assert "malformed" in str(info.value).lower()
    sr_server.fail_next(ScriptedFault(500, body=b"<html>oops</html>"))
    with pytest.raises(SchemaRegistryError) as info:
        client.get_subjects()
    assert (info.value.http_status_code, info.value.error_code) == (500, -1)
    sr_server.fail_next(ScriptedFault(200, body=b'{"id": "one"}'))
    with pytest.raises(SchemaRegistryError):
        client.register_schema("s", SCHEMA)


def test_basic_auth_wrong_password_is_a_401_and_never_shown(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory
) -> None:
    sr_server.basic_auth = ("alice", "s3cret-pw")
    wrong = sr_clients(
        {
            "url": sr_server.url,
            "basic.auth.credentials.source": "USER_INFO",
            "basic.auth.user.info": "alice:wrong-pw",
        }
    )
    with pytest.raises(SchemaRegistryError) as info:
        wrong.get_subjects()
    assert info.value.http_status_code == 401
    assert "wrong-pw" not in str(info.value) + repr(info.value) + repr(wrong)
    right = sr_clients({"url": sr_server.url, "basic.auth.user.info": "alice:s3cret-pw"})
    assert right.get_subjects() == []
    in_url = sr_server.url.replace("http://", "http://alice:s3cret-pw@")
    from_url = sr_clients({"url": in_url})
    assert from_url.get_subjects() == []
    assert "s3cret-pw" not in repr(from_url)
    sasl = sr_clients(
        {
            "url": sr_server.url,
            "basic.auth.credentials.source": "SASL_INHERIT",
            "sasl.username": "alice",
            "sasl.password": "s3cret-pw",
        }
    )
    assert sasl.get_subjects() == []


@sync_and_async
def test_any_httpx_auth_can_be_given(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    sr_server.basic_auth = ("bob", "pw")
    auth = httpx.BasicAuth("bob", "pw")
    if sr_clients.transport == "stdlib":  # an httpx.Auth needs the httpx transport
        with pytest.raises(ValueError, match="transport='httpx'"):
            sr_clients({"url": sr_server.url}, auth=auth, is_async=is_async)
        return
    client = sr_clients({"url": sr_server.url}, auth=auth, is_async=is_async)
    assert client.get_subjects() == []
    assert client._setup.transport == "httpx"
    # without naming a transport, an httpx.Auth picks httpx
    implied = sr_clients({"url": sr_server.url}, auth=auth, is_async=is_async, transport=None)
    assert implied.get_subjects() == [] and implied._setup.transport == "httpx"


def _oauth_conf(server: RegistryHttpServer, secret: str = "client-secret") -> dict[str, Any]:
    return {
        "url": server.url,
        "bearer.auth.credentials.source": "OAUTHBEARER",
        "bearer.auth.client.id": "client-id",
        "bearer.auth.client.secret": secret,
        "bearer.auth.scope": "schema_registry",
        "bearer.auth.issuer.endpoint.url": server.token_url,
        "bearer.auth.logical.cluster": "lsrc-1",
        "bearer.auth.identity.pool.id": "pool-1",
        **FAST_RETRIES,
    }


@sync_and_async
def test_oauth_token_is_fetched_once_and_refreshed_before_expiry(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory, is_async: bool
) -> None:
    sr_server.require_bearer = True
    sr_server.token_lifetime_sec = 0.5
    client = sr_clients(_oauth_conf(sr_server), is_async=is_async)
    for _ in range(3):
        assert client.get_subjects() == []
    assert sr_server.tokens_issued == ["token-1"]
    assert sr_server.bearer_headers[-1] == {
        "target-sr-cluster": "lsrc-1",
        "Confluent-Identity-Pool-Id": "pool-1",
    }
    time.sleep(0.45)  # past 80% of the token's life
    assert client.get_subjects() == []
    assert sr_server.tokens_issued == ["token-1", "token-2"]
    assert "client-secret" not in repr(client)


@sync_and_async
def test_an_https_token_endpoint_works_for_a_plain_http_registry(
    sr_server: RegistryHttpServer,
    sr_tls_server: RegistryHttpServer,
    sr_tls_ca: Any,
    sr_clients: ClientFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    is_async: bool,
) -> None:
    ca_file = tmp_path / "ca.pem"
    sr_tls_ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # trusted the way a deployment trusts its CA
    sr_server.require_bearer = True
    sr_server.accept_tokens_of(sr_tls_server)
    conf = {**_oauth_conf(sr_server), "bearer.auth.issuer.endpoint.url": sr_tls_server.token_url}
    client = sr_clients(conf, is_async=is_async)
    assert client.get_subjects() == []
    assert sr_tls_server.tokens_issued == ["token-1"] and sr_server.tokens_issued == []


def test_oauth_token_rejected_by_the_registry_is_fetched_again(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory
) -> None:
    sr_server.require_bearer = True
    client = sr_clients(_oauth_conf(sr_server))
    assert client.get_subjects() == []
    sr_server.expire_tokens()
    assert client.get_subjects() == []
    assert sr_server.tokens_issued == ["token-1", "token-2"]


def test_oauth_wrong_client_secret_fails_without_showing_it(
    sr_server: RegistryHttpServer, sr_clients: ClientFactory
) -> None:
    sr_server.require_bearer = True
    client = sr_clients(_oauth_conf(sr_server, secret="bad-secret-value"))
    with pytest.raises((OAuthTokenError, SchemaRegistryError)) as info:
        client.get_subjects()
    assert "bad-secret-value" not in str(info.value) + repr(info.value)
    assert sr_server.tokens_issued == []


def test_static_and_custom_bearer_tokens(sr_server: RegistryHttpServer, sr_clients: ClientFactory) -> None:
    token = httpx.post(sr_server.token_url, auth=sr_server.oauth_client).json()["access_token"]
    sr_server.require_bearer = True
    static = sr_clients(
        {
            "url": sr_server.url,
            "bearer.auth.credentials.source": "STATIC_TOKEN",
            "bearer.auth.token": token,
            "bearer.auth.logical.cluster": "lsrc-2",
        }
    )
    assert static.get_subjects() == []
    assert sr_server.bearer_headers[-1] == {"target-sr-cluster": "lsrc-2"}
    assert token not in repr(static)
    seen: list[dict[str, Any]] = []

    def provider(conf: dict[str, Any]) -> dict[str, Any]:
        seen.append(conf)
        return {"bearer.auth.token": token, "bearer.auth.logical.cluster": "lsrc-3"}

    custom = sr_clients(
        {
            "url": sr_server.url,
            "bearer.auth.credentials.source": "CUSTOM",
            "bearer.auth.custom.provider.function": provider,
            "bearer.auth.custom.provider.config": {"tenant": "t1"},
        }
    )
    assert custom.get_subjects() == []
    assert seen == [{"tenant": "t1"}]
    assert sr_server.bearer_headers[-1] == {"target-sr-cluster": "lsrc-3"}


@sync_and_async
def test_tls_with_the_ca_is_accepted_and_without_it_refused(
    sr_tls_server: RegistryHttpServer,
    sr_tls_ca: Any,
    sr_clients: ClientFactory,
    tmp_path: Path,
    is_async: bool,
) -> None:
    ca_file = tmp_path / "ca.pem"
    sr_tls_ca.cert_pem.write_to_path(str(ca_file))
    trusted = sr_clients({"url": sr_tls_server.url, "ssl.ca.location": str(ca_file)}, is_async=is_async)
    assert trusted.register_schema("s", SCHEMA) == 1
    untrusted = sr_clients({"url": sr_tls_server.url, "max.retries": 0}, is_async=is_async)
    with pytest.raises(SchemaRegistryTransportError) as info:
        untrusted.get_subjects()
    assert "certificate" in str(info.value).lower()
