"""What the sync and async clients share: the parsed configuration, the cache, the
authentication and the transport that carries their requests.

The transport is the standard library's (``_stdlib_transport``) unless
``transport="httpx"`` is asked for or an ``httpx.Auth`` is given as ``auth``
(``_httpx_transport``, needing the ``httpx`` extra); ``mock://`` URLs are served
in process (``_inmemory_transport``).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from typing import Any

from .__about__ import __version__
from ._auth import build_auth
from ._config import ClientConfig, parse_client_config
from ._http import Auth
from ._registry_cache import RegistryCache

__all__ = ["TRANSPORTS", "ClientSetup"]

_MOCK_BASE = "http://mock-registry.invalid"
_USER_AGENT = f"kafka-schema-registry/{__version__}"
TRANSPORTS = ("stdlib", "httpx")
"""The transports a client can be built with (``transport=``)."""


def _default_ca_file() -> str | None:
    """``SSL_CERT_FILE``, else certifi's bundle when installed (as httpx does), else the system's."""
    configured = os.environ.get("SSL_CERT_FILE")
    if configured:
        return configured
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()  # type: ignore[no-any-return]


def _ssl_context(config: ClientConfig) -> ssl.SSLContext:
    ca = config.ca_location
    if ca is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(ca, str):
        if not os.path.exists(ca):
            raise ValueError(f"ssl.ca.location: no such file or directory: {ca!r}")
        if os.path.isdir(ca):
            context = ssl.create_default_context(capath=ca)
        else:
            context = ssl.create_default_context(cafile=ca)
    else:
        context = ssl.create_default_context(cafile=_default_ca_file())
    if config.certificate_location is not None:
        try:
            context.load_cert_chain(
                certfile=config.certificate_location,
                keyfile=config.key_location,
                password=config.key_password.reveal() if config.key_password is not None else None,
            )
        except (OSError, ssl.SSLError) as exc:
            raise ValueError(
                f"ssl.certificate.location / ssl.key.location: cannot load the client certificate: {exc}"
            ) from None
    return context


class ClientSetup:
    """Parsed configuration, cache, authentication and transport choice of one client."""

    def __init__(self, conf: Mapping[str, Any], auth: Any, transport: str | None) -> None:
        self.conf = dict(conf)
        self.config = parse_client_config(conf)
        self.cache = RegistryCache(self.config.cache_capacity, self.config.cache_latest_ttl_sec)
        self.timeout = self.config.timeout
        if transport is not None and transport not in TRANSPORTS:
            raise ValueError(f"transport: {transport!r} is not one of {', '.join(TRANSPORTS)}")
        self.httpx_auth: Any = None
        if auth is not None:
            if self.config.basic_auth is not None or self.config.bearer is not None:
                raise ValueError(
                    "auth= is given and basic or bearer auth is configured too: keep one of them"
                )
            if not _is_httpx_auth(auth):
                raise TypeError(
                    f"auth must be an httpx.Auth (pip install kafka-schema-registry[httpx]), "
                    f"not {type(auth).__name__}"
                )
            if transport == "stdlib":
                raise ValueError("auth= takes an httpx.Auth, which needs transport='httpx'")
            transport = "httpx"
            self.httpx_auth = auth
        self.transport = transport or "stdlib"
        self.auth: Auth | None = build_auth(self.config)
        if self.config.mock_scope is not None:
            self.send_bases: tuple[str, ...] = (_MOCK_BASE,)
        else:
            self.send_bases = self.config.urls
        self.preferred_index = 0

    def _in_memory(self) -> Any:
        from ._inmemory_registry import registry_for_scope
        from ._inmemory_transport import InMemoryTransport

        assert self.config.mock_scope is not None
        return InMemoryTransport(registry_for_scope(self.config.mock_scope))

    def _stdlib(self) -> Any:
        from ._stdlib_transport import StdlibTransport

        # Plain-http URLs and no redirects: TLS is never negotiated, and the CA bundle (~20 ms) is not loaded.
        config = self.config
        context = (
            _ssl_context(config) if self._needs_tls(with_proxy=False) else (lambda: _ssl_context(config))
        )
        return StdlibTransport(self.timeout, _USER_AGENT, context, config.proxy)

    def _needs_tls(self, with_proxy: bool) -> bool:
        config = self.config
        return (
            any(url.startswith("https:") for url in config.urls)
            or config.ca_location is not None
            or config.certificate_location is not None
            or (with_proxy and config.proxy is not None)
            or (config.bearer is not None and (config.bearer.token_endpoint or "").startswith("https:"))
        )

    def _httpx_options(self) -> dict[str, Any]:
        from ._httpx_transport import httpx_options

        # httpx wants a context even for plain http: one that trusts no CA (any handshake would fail).
        needs_tls = self._needs_tls(with_proxy=True)
        verify = _ssl_context(self.config) if needs_tls else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return httpx_options(self.timeout, _USER_AGENT, verify, self.config.proxy, self.httpx_auth)

    def sync_transport(self) -> Any:
        """The blocking transport: ``send(HttpRequest) -> HttpResponse`` and ``close()``."""
        if self.config.mock_scope is not None:
            return self._in_memory()
        if self.transport == "httpx":
            from ._httpx_transport import HttpxTransport

            return HttpxTransport(self._httpx_options())
        return self._stdlib()

    def async_transport(self) -> Any:
        """The asyncio transport: ``await asend(HttpRequest)`` and ``await aclose()``."""
        if self.config.mock_scope is not None:
            return self._in_memory()
        if self.transport == "httpx":
            from ._httpx_transport import AsyncHttpxTransport

            return AsyncHttpxTransport(self._httpx_options())
        from ._stdlib_transport import AsyncStdlibTransport

        return AsyncStdlibTransport(self._stdlib())

    def __repr__(self) -> str:
        return f"ClientSetup(urls={self.config.urls!r}, transport={self.transport!r})"


def _is_httpx_auth(auth: object) -> bool:
    try:
        import httpx
    except ImportError:
        return False
    return isinstance(auth, httpx.Auth)
