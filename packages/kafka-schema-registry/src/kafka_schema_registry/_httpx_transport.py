"""The optional httpx transport (``pip install kafka-schema-registry[httpx]``, ``transport="httpx"``).

Chosen explicitly, or by passing an ``httpx.Auth`` as ``auth=``: then httpx
applies that auth itself. httpx's errors are turned into the ``_http`` ones
with the original chained, so retries and failover behave as with the
built-in transport.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from ._http import ConnectError, HttpRequest, HttpResponse, HttpTimeout, TransportError

__all__ = ["AsyncHttpxTransport", "HttpxTransport", "httpx_options"]


def httpx_options(
    timeout: float | None, user_agent: str, verify: ssl.SSLContext, proxy: str | None, auth: Any
) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client`` / ``httpx.AsyncClient``."""
    options: dict[str, Any] = {
        "timeout": timeout,
        "auth": auth,
        "follow_redirects": False,
        "headers": {"User-Agent": f"{user_agent} python-httpx/{httpx.__version__}"},
        "verify": verify,
    }
    if proxy is not None:
        options["proxy"] = proxy
    return options


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        raise HttpTimeout(f"{type(exc).__name__}: {exc}") from exc
    except httpx.ConnectError as exc:
        raise ConnectError(str(exc) or type(exc).__name__) from exc
    except httpx.TransportError as exc:
        raise TransportError(f"{type(exc).__name__}: {exc}") from exc


def _response(answer: httpx.Response) -> HttpResponse:
    return HttpResponse(answer.status_code, {k.lower(): v for k, v in answer.headers.items()}, answer.content)


class HttpxTransport:
    """Blocking requests over one ``httpx.Client``."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._client = httpx.Client(**options)

    def __repr__(self) -> str:
        return "HttpxTransport()"

    @property
    def is_closed(self) -> bool:
        """Whether the connections were closed."""
        return self._client.is_closed

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and read its answer whole."""
        with _translated():
            answer = self._client.request(
                request.method, request.url, content=request.content, headers=request.headers
            )
        return _response(answer)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()


class AsyncHttpxTransport:
    """Asyncio requests over one ``httpx.AsyncClient``."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._client = httpx.AsyncClient(**options)

    def __repr__(self) -> str:
        return "AsyncHttpxTransport()"

    @property
    def is_closed(self) -> bool:
        """Whether the connections were closed."""
        return self._client.is_closed

    async def asend(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and read its answer whole."""
        with _translated():
            answer = await self._client.request(
                request.method, request.url, content=request.content, headers=request.headers
            )
        return _response(answer)

    async def aclose(self) -> None:
        """Close the connections."""
        await self._client.aclose()
