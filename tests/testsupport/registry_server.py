"""The in-memory Schema Registry served over HTTP on a loopback port, with scripted faults.

``RegistryHttpServer`` serves one ``InMemoryRegistry`` (the very object behind
``mock://`` URLs) on 127.0.0.1 and a free port, so the clients run over a real
socket and a real HTTP stack. Tests can script what the next requests get
(``fail_next``: a status, a stall, a malformed body), require basic or bearer
authentication, use the OAuth token endpoint it serves at ``/oauth/token``, and
serve TLS with a certificate from a throwaway CA (``trustme``).

Fixtures: ``sr_server`` (HTTP), ``sr_tls_ca`` (a session CA), ``sr_tls_server``
(HTTPS with a certificate of that CA for 127.0.0.1 and localhost) and
``sr_clients`` (opens sync or async clients, the async ones behind a blocking
facade so that one test body serves both; all closed after the test; the
fixture runs each test once per transport, the built-in one and httpx).
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from kafka_schema_registry._inmemory_registry import InMemoryRegistry

__all__ = [
    "AsyncAsSync",
    "ClientFactory",
    "RegistryHttpServer",
    "ScriptedFault",
    "sr_clients",
    "sr_server",
    "sr_tls_ca",
    "sr_tls_server",
]

_TOKEN_PATH = "/oauth/token"
_MAX_STALL_SEC = 10.0


@dataclass(frozen=True)
class ScriptedFault:
    """What one upcoming request gets instead of the registry's answer.

    ``status``/``body``: answer with them (``body`` raw bytes); ``stall_sec``: wait that
    long first (bounded by 10 s); ``retry_after``: add that ``Retry-After`` header.
    With ``status`` None after a stall, the registry answers normally.
    """

    status: int | None = None
    body: bytes | None = None
    stall_sec: float = 0.0
    retry_after: str | None = None


class RegistryHttpServer:
    """An ``InMemoryRegistry`` on ``http(s)://127.0.0.1:<port>``; a context manager."""

    def __init__(
        self, registry: InMemoryRegistry | None = None, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.registry = registry if registry is not None else InMemoryRegistry()
        self.requests: list[tuple[str, str]] = []
        """Every request received, as (method, path with query), in order."""
        self.connections = 0
        """How many connections were accepted."""
        self.basic_auth: tuple[str, str] | None = None
        """When set, registry requests need these basic credentials (else 401)."""
        self.require_bearer = False
        """When set, registry requests need a bearer token issued by the token endpoint."""
        self.token_lifetime_sec = 3600.0
        self.tokens_issued: list[str] = []
        self.bearer_headers: list[dict[str, str]] = []
        self.oauth_client = ("client-id", "client-secret")
        self._valid_tokens: dict[str, float] = {}
        self._faults: list[ScriptedFault] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        scheme = "http"
        if ssl_context is not None:
            self._httpd.socket = ssl_context.wrap_socket(self._httpd.socket, server_side=True)
            scheme = "https"
        self.port = int(self._httpd.server_address[1])
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.token_url = f"{self.url}{_TOKEN_PATH}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> RegistryHttpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving, release stalled requests, and join the server thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def fail_next(self, *faults: ScriptedFault) -> None:
        """Script what the next registry requests get, one fault per request, in order."""
        with self._lock:
            self._faults.extend(faults)

    def registry_requests(self, method: str | None = None, path_prefix: str = "") -> list[tuple[str, str]]:
        """The registry requests received (not the token endpoint's), filtered."""
        with self._lock:
            return [
                (m, p)
                for m, p in self.requests
                if not p.startswith(_TOKEN_PATH)
                and (method is None or m == method)
                and p.startswith(path_prefix)
            ]

    def accept_tokens_of(self, issuer: RegistryHttpServer) -> None:
        """Accept the bearer tokens ``issuer``'s token endpoint issues (a token endpoint on another host)."""
        self._valid_tokens = issuer._valid_tokens

    def expire_tokens(self) -> None:
        """Make every issued token invalid (the registry then answers 401)."""
        with self._lock:
            self._valid_tokens.clear()

    # -- request handling ------------------------------------------------------------------

    def _next_fault(self) -> ScriptedFault | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def _issue_token(self, authorization: str | None) -> tuple[int, Any]:
        expected = "Basic " + base64.b64encode(":".join(self.oauth_client).encode()).decode()
        if authorization != expected:
            return 401, {"error": "invalid_client"}
        with self._lock:
            token = f"token-{len(self.tokens_issued) + 1}"
            self.tokens_issued.append(token)
            self._valid_tokens[token] = time.monotonic() + self.token_lifetime_sec
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime_sec}

    def _authorized(self, headers: Any) -> bool:
        authorization = headers.get("Authorization")
        if self.basic_auth is not None:
            expected = "Basic " + base64.b64encode(":".join(self.basic_auth).encode()).decode()
            return bool(authorization == expected)
        if self.require_bearer:
            if not authorization or not authorization.startswith("Bearer "):
                return False
            token = authorization[len("Bearer ") :]
            with self._lock:
                self.bearer_headers.append(
                    {
                        k: v
                        for k, v in headers.items()
                        if k.lower() in ("target-sr-cluster", "confluent-identity-pool-id")
                    }
                )
                expiry = self._valid_tokens.get(token)
            return expiry is not None and time.monotonic() < expiry
        return True

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def setup(self) -> None:
                super().setup()
                with server._lock:
                    server.connections += 1

            def _reply(self, status: int, body: bytes | None, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
                self.send_header("Content-Length", str(len(body or b"")))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                with server._lock:
                    server.requests.append((self.command, self.path))
                split = urlsplit(self.path)
                if split.path == _TOKEN_PATH:
                    status, answer = server._issue_token(self.headers.get("Authorization"))
                    self._reply(status, json.dumps(answer).encode())
                    return
                fault = server._next_fault()
                if fault is not None:
                    if fault.stall_sec:
                        server._stop.wait(min(fault.stall_sec, _MAX_STALL_SEC))
                    if fault.status is not None:
                        extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
                        body = fault.body
                        if body is None:
                            body = json.dumps(
                                {"error_code": fault.status, "message": "scripted fault"}
                            ).encode()
                        self._reply(fault.status, body, extra)
                        return
                if not server._authorized(self.headers):
                    self._reply(401, json.dumps({"error_code": 401, "message": "Unauthorized"}).encode())
                    return
                try:
                    body_json = json.loads(raw) if raw else None
                except ValueError:
                    self._reply(400, json.dumps({"error_code": 400, "message": "body is not JSON"}).encode())
                    return
                status, answer = server.registry.handle(
                    self.command, split.path, parse_qs(split.query, keep_blank_values=True), body_json
                )
                self._reply(status, json.dumps(answer).encode() if answer is not None else None)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        return Handler


@pytest.fixture
def sr_server() -> Iterator[RegistryHttpServer]:
    """A fresh in-memory registry on http://127.0.0.1:<free port>, stopped after the test."""
    with RegistryHttpServer() as server:
        yield server


@pytest.fixture(scope="session")
def sr_tls_ca() -> Any:
    """A throwaway certificate authority (``trustme.CA``) for the TLS tests."""
    import trustme

    return trustme.CA()


@pytest.fixture
def sr_tls_server(sr_tls_ca: Any) -> Iterator[RegistryHttpServer]:
    """The registry on https://127.0.0.1:<free port>, with a certificate of ``sr_tls_ca``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    sr_tls_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with RegistryHttpServer(ssl_context=context) as server:
        yield server


class AsyncAsSync:
    """Runs an ``AsyncSchemaRegistryClient``'s coroutine methods to completion on one event loop."""

    def __init__(self, client: Any, runner: asyncio.Runner) -> None:
        self.client = client
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if inspect.iscoroutinefunction(attr):
            return lambda *args, **kwargs: self._runner.run(attr(*args, **kwargs))
        return attr


class ClientFactory:
    """Opens ``SchemaRegistryClient`` or (wrapped in ``AsyncAsSync``) ``AsyncSchemaRegistryClient``.

    Clients use ``transport`` unless the call names one.
    """

    def __init__(self, transport: str = "stdlib") -> None:
        self.transport = transport
        self._runner: asyncio.Runner | None = None
        self._closers: list[Callable[[], None]] = []

    def __call__(self, conf: dict[str, Any], *, is_async: bool = False, **kwargs: Any) -> Any:
        from kafka_schema_registry import AsyncSchemaRegistryClient, SchemaRegistryClient

        kwargs.setdefault("transport", self.transport)
        if not is_async:
            client = SchemaRegistryClient(conf, **kwargs)
            self._closers.append(client.close)
            return client
        if self._runner is None:
            self._runner = asyncio.Runner()
        runner = self._runner
        async_client = AsyncSchemaRegistryClient(conf, **kwargs)
        self._closers.append(lambda: runner.run(async_client.aclose()))
        return AsyncAsSync(async_client, runner)

    def close(self) -> None:
        for close in self._closers:
            close()
        if self._runner is not None:
            self._runner.close()


@pytest.fixture(params=["stdlib", "httpx"])
def sr_clients(request: pytest.FixtureRequest) -> Iterator[ClientFactory]:
    """Open clients with ``sr_clients(conf, is_async=...)``; all are closed after the test.

    Runs the test once with each transport (``sr_clients.transport``).
    """
    factory = ClientFactory(request.param)
    yield factory
    factory.close()
