"""The HTTP vocabulary the registry clients speak, independent of the library that carries it.

``HttpRequest`` / ``HttpResponse`` are what an ``Auth`` flow and a transport
exchange; ``TransportError`` (``ConnectError``, ``HttpTimeout``) is what a
transport raises when no answer was had, with the library's exception chained
as ``__cause__``. An ``Auth`` is a generator flow in the shape httpx made
familiar: it yields requests (the call itself, or first a token request) and
receives their responses. ``send_sync`` / ``send_async`` run a request through
an auth flow over a transport.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass, field

__all__ = [
    "Auth",
    "BasicAuth",
    "ConnectError",
    "HttpRequest",
    "HttpResponse",
    "HttpTimeout",
    "TransportError",
    "basic_authorization",
    "send_async",
    "send_sync",
]


class TransportError(Exception):
    """No HTTP answer: the connection failed or broke (the cause is chained)."""


class ConnectError(TransportError):
    """The connection could not be made (refused, unreachable host, failed TLS handshake)."""


class HttpTimeout(TransportError):
    """Connecting, sending or reading took longer than the configured timeout."""


@dataclass
class HttpRequest:
    """One HTTP request: ``url`` is absolute and carries the query; ``headers`` are mutable.

    The repr leaves out the headers and the body, which may carry credentials.
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    content: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class HttpResponse:
    """One HTTP answer, read whole; ``headers`` keys are lower-case."""

    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""


def basic_authorization(user: str, password: str) -> str:
    """The ``Authorization`` header value of HTTP basic authentication."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class Auth:
    """Authentication of a request, as a flow: yield requests, receive their responses.

    Subclasses override ``auth_flow`` (or, when the blocking and the asyncio
    forms must differ, ``sync_auth_flow`` and ``async_auth_flow``).
    """

    def auth_flow(self, request: HttpRequest) -> Generator[HttpRequest, HttpResponse, None]:
        """Send ``request`` unchanged."""
        yield request

    def sync_auth_flow(self, request: HttpRequest) -> Generator[HttpRequest, HttpResponse, None]:
        """The flow of a blocking client (``auth_flow`` unless overridden)."""
        return self.auth_flow(request)

    async def async_auth_flow(self, request: HttpRequest) -> AsyncGenerator[HttpRequest, HttpResponse]:
        """The flow of an asyncio client (``auth_flow`` unless overridden)."""
        flow = self.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return


class BasicAuth(Auth):
    """HTTP basic authentication (the password never appears in a repr)."""

    def __init__(self, user: str, password: str) -> None:
        self._user = user
        self._header = basic_authorization(user, password)

    def __repr__(self) -> str:
        return f"BasicAuth(user={self._user!r})"

    def auth_flow(self, request: HttpRequest) -> Generator[HttpRequest, HttpResponse, None]:
        request.headers["Authorization"] = self._header
        yield request


def send_sync(
    send: Callable[[HttpRequest], HttpResponse], auth: Auth | None, request: HttpRequest
) -> HttpResponse:
    """Send ``request`` with ``send``, through ``auth``'s flow when there is one."""
    if auth is None:
        return send(request)
    flow = auth.sync_auth_flow(request)
    try:
        outgoing = next(flow)
        while True:
            response = send(outgoing)
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return response
    finally:
        flow.close()  # a failed send leaves no lock held inside the flow


async def send_async(
    send: Callable[[HttpRequest], Awaitable[HttpResponse]], auth: Auth | None, request: HttpRequest
) -> HttpResponse:
    """Send ``request`` with ``send``, through ``auth``'s asyncio flow when there is one."""
    if auth is None:
        return await send(request)
    flow = auth.async_auth_flow(request)
    outgoing = await flow.__anext__()
    try:
        while True:
            response = await send(outgoing)
            try:
                outgoing = await flow.asend(response)
            except StopAsyncIteration:
                return response
    finally:
        await flow.aclose()
