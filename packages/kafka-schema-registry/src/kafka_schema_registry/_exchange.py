"""How one REST call is carried out: retries, backoff, URL failover and answer decoding.

``exchange_plan`` is a generator shared by both clients: it yields ``Send`` (send
the request to URL number ``index``) and ``Wait`` (sleep ``seconds``), receives
the ``HttpResponse`` or the ``TransportError`` of each send, and returns
the final response with the index of the URL that gave it. It retries 408, 429
and 5xx answers (but 501 and 505) and transport errors with exponential backoff
and full jitter, at most ``max.retries`` times; a refused connection moves on to
the next URL at once, and a failed TLS handshake is not retried. When no answer can be had it
raises ``SchemaRegistryTransportError`` naming the URL and the cause.
``decode_answer`` turns a response into JSON or a ``SchemaRegistryError``.
"""

from __future__ import annotations

import json
import random
import ssl
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ._config import ClientConfig
from ._errors import SchemaRegistryError, SchemaRegistryTransportError
from ._http import ConnectError, HttpResponse, HttpTimeout, TransportError
from ._operations import RestRequest

__all__ = [
    "Send",
    "Wait",
    "backoff_seconds",
    "decode_answer",
    "describe_failure",
    "encode_body",
    "exchange_plan",
    "flight_key",
    "is_retriable",
    "is_tls_failure",
    "request_headers",
    "request_url",
]

_NEVER_RETRIED_5XX = frozenset({501, 505})  # Not Implemented, HTTP Version Not Supported: permanent
_ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json"
_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
_MAX_BODY_IN_MESSAGE = 200


@dataclass(frozen=True)
class Send:
    """Send the request to URL number ``index`` of the configured list."""

    index: int


@dataclass(frozen=True)
class Wait:
    """Sleep ``seconds`` before the next attempt."""

    seconds: float


def is_retriable(status_code: int) -> bool:
    """Whether an HTTP status is worth another attempt: 408, 429 and 5xx (but 501 and 505)."""
    return status_code in (408, 429) or (500 <= status_code <= 599 and status_code not in _NEVER_RETRIED_5XX)


def is_tls_failure(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a failed TLS handshake (untrusted certificate, ...): retrying won't help."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 8:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return False


def backoff_seconds(config: ClientConfig, attempt: int) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(wait * 2**attempt, max wait)) milliseconds."""
    ceiling = min(config.retries_wait_ms * (2.0**attempt), float(config.retries_max_wait_ms))
    return random.random() * ceiling / 1000.0


def _retry_after(response: HttpResponse, config: ClientConfig) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, min(seconds, config.retries_max_wait_ms / 1000.0))


def flight_key(request: RestRequest) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
    """A hashable identity of a request: identical shareable requests in flight are sent once."""
    body = json.dumps(request.body, sort_keys=True) if request.body is not None else ""
    return request.method, request.path, request.query, body


def encode_body(request: RestRequest) -> bytes | None:
    """The JSON body of ``request``, encoded."""
    return json.dumps(request.body, separators=(",", ":")).encode() if request.body is not None else None


def request_url(base: str, request: RestRequest) -> str:
    """The absolute URL of ``request`` against the registry at ``base``, query included."""
    url = f"{base}/{request.path}"
    return f"{url}?{urlencode(request.query, quote_via=quote)}" if request.query else url


def request_headers(request: RestRequest) -> dict[str, str]:
    """The headers every registry call carries."""
    headers = {"Accept": _ACCEPT}
    if request.body is not None:
        headers["Content-Type"] = _CONTENT_TYPE
    return headers


def describe_failure(request: RestRequest, url: str, exc: BaseException, timeout: float | None) -> str:
    """A message naming the call, the URL and the cause (never credentials: URLs are redacted)."""
    target = f"{request.method} {url}/{request.path}"
    if isinstance(exc, HttpTimeout):
        limit = f" after {timeout:g}s" if timeout is not None else ""
        return f"{target} timed out{limit} ({exc})"
    cause = str(exc) or type(exc).__name__
    return f"{target} failed: {cause}"


def exchange_plan(
    config: ClientConfig, request: RestRequest, first_index: int, timeout: float | None
) -> Generator[Send | Wait, HttpResponse | TransportError | None, tuple[HttpResponse, int]]:
    """Plan the attempts of ``request``, starting at URL ``first_index``; see the module docstring."""
    count = len(config.urls)
    index = first_index % count
    attempt = 0
    refused_in_round = 0
    while True:
        outcome = yield Send(index)
        assert outcome is not None
        if isinstance(outcome, HttpResponse):
            if not is_retriable(outcome.status_code) or attempt >= config.max_retries:
                return outcome, index
            delay = _retry_after(outcome, config)
            if delay is None:
                delay = backoff_seconds(config, attempt)
        else:
            if isinstance(outcome, ConnectError) and refused_in_round < count - 1:
                refused_in_round += 1
                index = (index + 1) % count
                continue
            if attempt >= config.max_retries or is_tls_failure(outcome):
                raise SchemaRegistryTransportError(
                    describe_failure(request, config.urls[index], outcome, timeout)
                ) from outcome
            index = (index + 1) % count
            delay = backoff_seconds(config, attempt)
        attempt += 1
        refused_in_round = 0
        yield Wait(delay)


def _snippet(content: bytes) -> str:
    text = content[:_MAX_BODY_IN_MESSAGE].decode("utf-8", errors="replace")
    return text + ("..." if len(content) > _MAX_BODY_IN_MESSAGE else "")


def decode_answer(response: HttpResponse, request: RestRequest, url: str) -> Any:
    """Return the JSON of a 2xx answer (None when empty); raise ``SchemaRegistryError`` otherwise."""
    status = response.status_code
    content = response.content
    if 200 <= status <= 299:
        if status == 204 or not content:
            return None
        try:
            return json.loads(content)
        except ValueError:
            raise SchemaRegistryError(
                status,
                SchemaRegistryError.UNKNOWN,
                f"malformed JSON from {request.method} {url}/{request.path}: {_snippet(content)!r}",
            ) from None
    try:
        body = json.loads(content)
        code = body["error_code"]
        message = body["message"]
        if not isinstance(code, int) or not isinstance(message, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise SchemaRegistryError(
            status,
            SchemaRegistryError.UNKNOWN,
            f"Unknown Schema Registry Error from {request.method} {url}/{request.path}: "
            f"{_snippet(content)!r}",
        ) from None
    raise SchemaRegistryError(status, code, message)
