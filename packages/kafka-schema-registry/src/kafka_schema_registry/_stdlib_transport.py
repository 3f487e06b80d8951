"""The default HTTP transport: the standard library's ``http.client``, with pooled keep-alive connections.

``StdlibTransport`` is thread-safe: a request takes an idle connection to its
host (or opens one), and gives it back when the answer was read whole and the
server keeps it open. A reused connection the server closed meanwhile is
replaced once, transparently, and the other idle connections to that host are
dropped with it. TLS uses the ``ssl.SSLContext`` given (or built by the function given, on the
first https request); an HTTP
proxy (from the ``proxy`` setting, else the ``http_proxy`` / ``https_proxy`` /
``no_proxy`` environment, as httpx does) forwards plain-http requests and
tunnels https ones with CONNECT. ``AsyncStdlibTransport`` runs it on a small
thread pool, so an event loop never waits on a socket.

Failures raise the ``_http`` errors: ``ConnectError`` (refused, unreachable,
TLS handshake), ``HttpTimeout`` and ``TransportError``, with the cause chained.
"""

from __future__ import annotations

import http.client
import os
import ssl
import threading
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from ._http import ConnectError, HttpRequest, HttpResponse, HttpTimeout, TransportError, basic_authorization

__all__ = ["AsyncStdlibTransport", "ProxyRoute", "StdlibTransport", "proxy_from_environment"]

_MAX_IDLE_PER_HOST = 8
_ASYNC_THREADS = 8
# A pooled connection the server has since closed fails like this before any answer is read.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)

_Key = tuple[str, str, int]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


class ProxyRoute:
    """An HTTP proxy: where it listens and the ``Proxy-Authorization`` it needs (never shown)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(
                f"proxy: {parts.scheme}:// proxies need the httpx transport "
                "(pip install kafka-schema-registry[httpx], then transport='httpx'); "
                "the built-in one speaks to http:// proxies"
            )
        self.host = parts.hostname
        self.port = parts.port or 80
        self.authorization: str | None = None
        if parts.username is not None:
            self.authorization = basic_authorization(unquote(parts.username), unquote(parts.password or ""))

    def __repr__(self) -> str:
        return f"ProxyRoute(host={self.host!r}, port={self.port})"


def proxy_from_environment(scheme: str, host: str) -> ProxyRoute | None:
    """The proxy the environment names for ``scheme://host`` (None when none, or ``no_proxy`` matches)."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import urllib.request  # only when some *_proxy variable is set

    proxies = urllib.request.getproxies_environment()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
        return None
    return ProxyRoute(url)


class StdlibTransport:
    """Blocking HTTP/1.1 over ``http.client``; see the module docstring."""

    def __init__(
        self,
        timeout: float | None,
        user_agent: str,
        ssl_context: ssl.SSLContext | Callable[[], ssl.SSLContext],
        proxy: str | None = None,
    ) -> None:
        self._timeout = timeout
        self._user_agent = user_agent
        self._ssl = ssl_context
        self._proxy = ProxyRoute(proxy) if proxy is not None else None
        self._idle: dict[_Key, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"StdlibTransport(timeout={self._timeout!r})"

    @property
    def is_closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._closed

    def close(self) -> None:
        """Close every idle connection; later requests raise ``RuntimeError``."""
        with self._lock:
            self._closed = True
            idle = [conn for conns in self._idle.values() for conn in conns]
            self._idle.clear()
        for conn in idle:
            conn.close()

    def _context(self) -> ssl.SSLContext:
        context = self._ssl
        if not isinstance(context, ssl.SSLContext):  # built on the first https request
            context = self._ssl = context()
        return context

    def _route(self, scheme: str, host: str) -> ProxyRoute | None:
        return self._proxy if self._proxy is not None else proxy_from_environment(scheme, host)

    def _open(self, key: _Key) -> http.client.HTTPConnection:
        scheme, host, port = key
        route = self._route(scheme, host)
        conn: http.client.HTTPConnection
        if scheme == "https":
            if route is None:
                conn = http.client.HTTPSConnection(host, port, timeout=self._timeout, context=self._context())
            else:
                conn = http.client.HTTPSConnection(
                    route.host, route.port, timeout=self._timeout, context=self._context()
                )
                tunnel_headers = {"Proxy-Authorization": route.authorization} if route.authorization else None
                conn.set_tunnel(host, port, headers=tunnel_headers)
        elif route is None:
            conn = http.client.HTTPConnection(host, port, timeout=self._timeout)
        else:
            conn = _ForwardingConnection(route, host, port, self._timeout)
        try:
            conn.connect()
        except TimeoutError as exc:
            conn.close()
            raise HttpTimeout(f"connecting to {host}:{port} timed out") from exc
        except (OSError, ssl.CertificateError) as exc:
            conn.close()
            raise ConnectError(f"cannot connect to {host}:{port}: {exc}") from exc
        return conn

    def _take(self, key: _Key) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the Schema Registry client is closed")
            idle = self._idle.get(key)
            if idle:
                return idle.pop(), True
        return self._open(key), False

    def _drop_idle(self, key: _Key) -> None:
        with self._lock:
            idle = self._idle.pop(key, [])
        for conn in idle:
            conn.close()

    def _give_back(self, key: _Key, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if not self._closed and len(idle) < _MAX_IDLE_PER_HOST:
                idle.append(conn)
                return
        conn.close()

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and read its answer whole."""
        parts = urlsplit(request.url)
        scheme = parts.scheme
        host = parts.hostname or ""
        key = (scheme, host, parts.port or (443 if scheme == "https" else 80))
        target = parts.path or "/"
        if parts.query:
            target = f"{target}?{parts.query}"
        headers = {"User-Agent": self._user_agent, **request.headers}
        for attempt in range(2):
            conn, reused = self._take(key) if attempt == 0 else (self._open(key), False)
            try:
                conn.request(request.method, target, body=request.content, headers=headers)
                answer = conn.getresponse()
                content = answer.read()
            except _STALE as exc:
                conn.close()
                if reused and attempt == 0:
                    # The server closed the idle connection, and likely its idle siblings: once more, fresh.
                    self._drop_idle(key)
                    continue
                raise TransportError(f"the connection to {host}:{key[2]} broke: {exc}") from exc
            except TimeoutError as exc:
                conn.close()
                raise HttpTimeout(f"no answer from {host}:{key[2]} in time") from exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise TransportError(f"the exchange with {host}:{key[2]} failed: {exc!r}") from exc
            response = HttpResponse(answer.status, {k.lower(): v for k, v in answer.getheaders()}, content)
            if answer.will_close:
                conn.close()
            else:
                self._give_back(key, conn)
            return response
        raise AssertionError("unreachable")  # pragma: no cover


class _ForwardingConnection(http.client.HTTPConnection):
    """A plain-http request through an HTTP proxy: sent to the proxy with the absolute URL."""

    def __init__(self, route: ProxyRoute, host: str, port: int, timeout: float | None) -> None:
        super().__init__(route.host, route.port, timeout=timeout)
        name = f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets
        self._origin = name if port == 80 else f"{name}:{port}"
        self._authorization = route.authorization

    def request(
        self, method: str, url: str, body: object = None, headers: object = None, **kw: object
    ) -> None:  # type: ignore[override]
        merged = dict(headers or {})  # type: ignore[call-overload]
        merged.setdefault("Host", self._origin)
        if self._authorization is not None:
            merged["Proxy-Authorization"] = self._authorization
        super().request(method, f"http://{self._origin}{url}", body=body, headers=merged)  # type: ignore[arg-type]


class AsyncStdlibTransport:
    """``StdlibTransport`` for asyncio: each request runs on one of a few worker threads."""

    def __init__(self, transport: StdlibTransport) -> None:
        self._transport = transport
        self._executor: ThreadPoolExecutor | None = None

    def __repr__(self) -> str:
        return f"AsyncStdlibTransport({self._transport!r})"

    @property
    def is_closed(self) -> bool:
        """Whether ``aclose()`` was called."""
        return self._transport.is_closed

    async def asend(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` on a worker thread and await its answer."""
        import asyncio  # here, not at the top: blocking clients never load asyncio

        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(_ASYNC_THREADS, thread_name_prefix="schema-registry-http")
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._transport.send, request)

    async def aclose(self) -> None:
        """Close the connections and stop the worker threads (requests in flight finish first)."""
        import asyncio

        self._transport.close()
        if self._executor is not None:
            executor, self._executor = self._executor, None
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)
