"""What the sync and async clients share: the parsed configuration, the cache,
and the options of their httpx client (TLS, proxy, timeout, auth, transport).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from typing import Any

import httpx

from .__about__ import __version__
from ._auth import build_auth
from ._config import ClientConfig, parse_client_config
from ._registry_cache import RegistryCache

__all__ = ["ClientSetup"]

_MOCK_BASE = "http://mock-registry.invalid"
_USER_AGENT = f"kafka-schema-registry/{__version__} (python-httpx/{httpx.__version__})"


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
        import certifi

        context = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or certifi.where())
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
    """Parsed configuration, cache and httpx options of one client."""

    def __init__(self, conf: Mapping[str, Any], auth: httpx.Auth | None) -> None:
        self.conf = dict(conf)
        self.config = parse_client_config(conf)
        self.cache = RegistryCache(self.config.cache_capacity, self.config.cache_latest_ttl_sec)
        self.timeout = self.config.timeout
        self.auth = build_auth(self.config, auth)
        if self.config.mock_scope is not None:
            self.send_bases: tuple[str, ...] = (_MOCK_BASE,)
        else:
            self.send_bases = self.config.urls
        self.preferred_index = 0

    def http_options(self) -> dict[str, Any]:
        """Keyword arguments for ``httpx.Client`` (or ``httpx.AsyncClient``)."""
        options: dict[str, Any] = {
            "timeout": self.timeout,
            "auth": self.auth,
            "follow_redirects": False,
            "headers": {"User-Agent": _USER_AGENT},
        }
        if self.config.mock_scope is not None:
            from ._inmemory_registry import registry_for_scope
            from ._inmemory_transport import InMemoryTransport

            options["transport"] = InMemoryTransport(registry_for_scope(self.config.mock_scope))
            return options
        if (
            any(url.startswith("https:") for url in self.config.urls)
            or self.config.ca_location is not None
            or self.config.certificate_location is not None
            or self.config.proxy is not None
        ):
            options["verify"] = _ssl_context(self.config)
        else:
            # Plain-http URLs and no redirects: TLS is never negotiated. A verifying context that
            # trusts no CA (any TLS handshake would fail) spares loading the CA bundle (~20 ms).
            options["verify"] = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if self.config.proxy is not None:
            options["proxy"] = self.config.proxy
        return options

    def __repr__(self) -> str:
        return f"ClientSetup(urls={self.config.urls!r})"
