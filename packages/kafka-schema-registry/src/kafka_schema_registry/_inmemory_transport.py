"""The transport of ``mock://`` URLs: requests answered by an in-memory registry, no socket.

Each request goes to ``InMemoryRegistry.handle`` and its answer comes back as
an HTTP response, so a ``mock://`` client runs the same client code (request
building, auth, error decoding, caching) as against a real server.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from ._http import HttpRequest, HttpResponse
from ._inmemory_registry import InMemoryRegistry

__all__ = ["InMemoryTransport"]

_JSON = {"content-type": "application/vnd.schemaregistry.v1+json"}


class InMemoryTransport:
    """Serves ``registry`` to a blocking or an asyncio client (the request's host is ignored)."""

    def __init__(self, registry: InMemoryRegistry) -> None:
        self.registry = registry
        self.is_closed = False

    def __repr__(self) -> str:
        return "InMemoryTransport()"

    def send(self, request: HttpRequest) -> HttpResponse:
        """Answer ``request`` from the registry."""
        if self.is_closed:
            raise RuntimeError("the Schema Registry client is closed")
        parts = urlsplit(request.url)
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            body = json.loads(request.content) if request.content else None
        except ValueError:
            error = {"error_code": 400, "message": "Unrecognized request body: not JSON"}
            return HttpResponse(400, dict(_JSON), json.dumps(error).encode())
        status, answer = self.registry.handle(request.method, parts.path, query, body)
        if answer is None:
            return HttpResponse(status)
        return HttpResponse(status, dict(_JSON), json.dumps(answer).encode())

    def close(self) -> None:
        """Refuse further requests."""
        self.is_closed = True

    async def asend(self, request: HttpRequest) -> HttpResponse:
        """``send`` for an asyncio client."""
        return self.send(request)

    async def aclose(self) -> None:
        """Refuse further requests."""
        self.is_closed = True
