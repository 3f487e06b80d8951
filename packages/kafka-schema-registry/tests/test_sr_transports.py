"""The HTTP transports over real loopback sockets: keep-alive, stale connections, chunked
answers, proxies (forwarding, CONNECT tunnels, the environment), and the asyncio form."""

from __future__ import annotations

import asyncio
import base64
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka_schema_registry import (
    AsyncSchemaRegistryClient,
    Schema,
    SchemaRegistryClient,
    SchemaRegistryTransportError,
)
from testsupport.http_proxy import ForwardProxy
from testsupport.registry_server import ClientFactory, RegistryHttpServer, ScriptedFault

SCHEMA = Schema('{"type": "string"}', "AVRO")
both_transports = pytest.mark.parametrize("transport", ["stdlib", "httpx"])


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    with ForwardProxy() as running:
        yield running


def test_the_default_transport_is_the_standard_librarys(sr_server: RegistryHttpServer) -> None:
    with SchemaRegistryClient({"url": sr_server.url}) as client:
        assert client._setup.transport == "stdlib"
        assert type(client._http).__module__.endswith("_stdlib_transport")
    with pytest.raises(ValueError, match="transport: 'urllib3' is not one of stdlib, httpx"):
        SchemaRegistryClient({"url": sr_server.url}, transport="urllib3")  # type: ignore[arg-type]


def test_connections_are_kept_alive_and_reused(sr_server: RegistryHttpServer) -> None:
    with SchemaRegistryClient({"url": sr_server.url}) as client:
        ids = [client.register_schema(f"subject-{i}", SCHEMA) for i in range(20)]
    assert len(set(ids)) == 1 and len(sr_server.registry_requests("POST")) == 20
    assert sr_server.connections == 1


class _OneShotServer:
    """Answers one request per connection with keep-alive headers, then drops the connection.

    ``chunked``: the answer is sent with chunked transfer encoding.
    """

    def __init__(self, body: bytes, chunked: bool = False) -> None:
        self.body = body
        self.chunked = chunked
        self.accepted = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve)

    def __enter__(self) -> _OneShotServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _answer(self) -> bytes:
        if not self.chunked:
            return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(self.body), self.body)
        half = len(self.body) // 2
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (self.body[:half], self.body[half:]))
        return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"

    def _serve(self) -> None:
        for _ in range(100):  # bounded: a test makes a handful of connections
            if self._stop.is_set():
                return
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            with conn:
                conn.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(65536)
                    if not data:
                        break
                    request += data
                conn.sendall(self._answer())


def test_a_pooled_connection_the_server_dropped_is_replaced_transparently() -> None:
    with (
        _OneShotServer(b'["a"]') as server,
        SchemaRegistryClient({"url": server.url, "max.retries": 0}) as client,
    ):
        assert client.get_subjects() == ["a"]
        assert client.get_subjects() == ["a"]  # the pooled connection is dead by now
        assert server.accepted == 2


def test_a_chunked_answer_is_read_whole() -> None:
    body = b'["' + b"x" * 5000 + b'", "y"]'
    with _OneShotServer(body, chunked=True) as server, SchemaRegistryClient({"url": server.url}) as client:
        assert client.get_subjects() == ["x" * 5000, "y"]


@both_transports
def test_a_proxy_forwards_plain_http_with_its_credentials(
    sr_server: RegistryHttpServer, proxy: ForwardProxy, transport: Any
) -> None:
    proxy_url = f"http://alice:proxy-pw@127.0.0.1:{proxy.port}"
    with SchemaRegistryClient({"url": sr_server.url, "proxy": proxy_url}, transport=transport) as client:
        schema_id = client.register_schema("via-proxy", SCHEMA)
        assert client.get_schema(schema_id).schema_str == SCHEMA.schema_str
    expected_auth = "Basic " + base64.b64encode(b"alice:proxy-pw").decode()
    sent = [(method, target.split("?")[0], auth) for method, target, auth in proxy.seen]
    assert ("POST", f"{sr_server.url}/subjects/via-proxy/versions", expected_auth) in sent
    assert [path.split("?")[0] for _, path in sr_server.registry_requests("POST")] == [
        "/subjects/via-proxy/versions"
    ]


@both_transports
def test_a_proxy_tunnels_https_with_connect(
    sr_tls_server: RegistryHttpServer, sr_tls_ca: Any, proxy: ForwardProxy, tmp_path: Path, transport: Any
) -> None:
    ca_file = tmp_path / "ca.pem"
    sr_tls_ca.cert_pem.write_to_path(str(ca_file))
    conf = {"url": sr_tls_server.url, "proxy": proxy.url, "ssl.ca.location": str(ca_file)}
    with SchemaRegistryClient(conf, transport=transport) as client:
        assert client.get_subjects() == []
    assert proxy.seen[0][:2] == ("CONNECT", f"127.0.0.1:{sr_tls_server.port}")


def test_the_environment_names_the_proxy_and_no_proxy_bypasses_it(
    sr_server: RegistryHttpServer, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with SchemaRegistryClient({"url": sr_server.url}) as client:
        assert client.get_subjects() == []
    assert [(m, t.split("?")[0]) for m, t, _ in proxy.seen] == [("GET", f"{sr_server.url}/subjects")]
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with SchemaRegistryClient({"url": sr_server.url}) as client:
        assert client.get_subjects() == []
    assert len(proxy.seen) == 1 and len(sr_server.registry_requests("GET")) == 2


def test_proxy_credentials_never_appear_in_errors() -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        dead_port = closed.getsockname()[1]
    conf = {
        "url": "http://127.0.0.1:9",
        "proxy": f"http://alice:proxy-pw@127.0.0.1:{dead_port}",
        "max.retries": 0,
    }
    with SchemaRegistryClient(conf) as client:
        assert "proxy-pw" not in repr(client) and "proxy-pw" not in repr(client._http)
        with pytest.raises(SchemaRegistryTransportError) as info:
            client.get_subjects()
    assert "proxy-pw" not in str(info.value) and "http://127.0.0.1:9/subjects" in str(info.value)


def test_a_proxy_the_standard_library_cannot_speak_to_is_refused_naming_the_remedy() -> None:
    with pytest.raises(ValueError, match=r"proxy: https:// proxies need the httpx transport"):
        SchemaRegistryClient({"url": "http://127.0.0.1:9", "proxy": "https://127.0.0.1:3128"})


def test_the_async_client_keeps_the_loop_running_while_a_request_waits(sr_server: RegistryHttpServer) -> None:
    sr_server.fail_next(ScriptedFault(stall_sec=0.5))
    ticks = 0

    async def tick(done: asyncio.Event) -> None:
        nonlocal ticks
        while not done.is_set() and ticks < 1000:
            ticks += 1
            await asyncio.sleep(0.01)

    async def main() -> list[str]:
        done = asyncio.Event()
        ticker = asyncio.create_task(tick(done))
        async with AsyncSchemaRegistryClient({"url": sr_server.url}) as client:
            subjects = await client.get_subjects()
        done.set()
        await ticker
        return subjects

    assert asyncio.run(main()) == []
    assert ticks >= 10  # a blocked loop would not have ticked during the 0.5 s stall


def test_closed_clients_refuse_requests(sr_server: RegistryHttpServer, sr_clients: ClientFactory) -> None:
    client = SchemaRegistryClient({"url": sr_server.url}, transport=sr_clients.transport)  # type: ignore[arg-type]
    assert client.get_subjects() == []
    client.close()
    with pytest.raises(RuntimeError):
        client.get_subjects()


def test_requests_and_auth_never_show_credentials_in_reprs() -> None:
    from kafka_schema_registry._http import BasicAuth, HttpRequest

    auth = BasicAuth("alice", "pw-secret")
    request = next(auth.sync_auth_flow(HttpRequest("GET", "http://127.0.0.1:9/subjects")))
    encoded = base64.b64encode(b"alice:pw-secret").decode()
    assert request.headers["Authorization"] == f"Basic {encoded}"  # the header is there ...
    shown = repr(request) + repr(auth)
    assert "pw-secret" not in shown and encoded not in shown  # ... and never shown
