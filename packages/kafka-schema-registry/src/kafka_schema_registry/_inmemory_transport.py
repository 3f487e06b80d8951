"""httpx transports that answer from an in-memory registry: what ``mock://`` URLs use.

The transport hands each request to ``InMemoryRegistry.handle`` and turns the
answer into an HTTP response, so a ``mock://`` client runs the same client code
(request building, error decoding, caching) as against a real server.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import httpx

from ._inmemory_registry import InMemoryRegistry

__all__ = ["InMemoryTransport"]

_JSON = "application/vnd.schemaregistry.v1+json"


class InMemoryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A sync and async httpx transport serving ``registry`` (the request's host is ignored)."""

    def __init__(self, registry: InMemoryRegistry) -> None:
        self.registry = registry

    def _answer(self, request: httpx.Request, content: bytes) -> httpx.Response:
        query = parse_qs(request.url.query.decode("ascii"), keep_blank_values=True)
        try:
            body = json.loads(content) if content else None
        except ValueError:
            return httpx.Response(
                400,
                json={"error_code": 400, "message": "Unrecognized request body: not JSON"},
                request=request,
            )
        status, answer = self.registry.handle(
            request.method, request.url.raw_path.split(b"?")[0].decode(), query, body
        )
        if answer is None:
            return httpx.Response(status, request=request)
        return httpx.Response(
            status, content=json.dumps(answer).encode(), headers={"Content-Type": _JSON}, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, request.read())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, await request.aread())
