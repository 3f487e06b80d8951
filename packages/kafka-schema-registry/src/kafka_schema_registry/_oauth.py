"""OAuth 2 client-credentials bearer authentication (``bearer.auth.credentials.source`` OAUTHBEARER).

Also OAUTHBEARER_AZURE_IMDS: the token of the VM's managed identity, from the
Azure instance metadata endpoint. The token is fetched on first use, shared
by every request, and fetched again once 80% of its lifetime has passed or when
the registry answers 401. One fetch at a time: concurrent threads (or tasks)
wait for it. A failed fetch raises ``OAuthTokenError``; neither the client
secret nor the token ever appears in a message or repr.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncGenerator, Generator
from typing import Any
from urllib.parse import urlencode

from ._auth import bearer_headers
from ._config import BearerConfig
from ._errors import OAuthTokenError
from ._http import Auth, HttpRequest, HttpResponse, basic_authorization

__all__ = ["AzureIMDSAuth", "OAuthClientCredentialsAuth"]

_REFRESH_AT_FRACTION = 0.8


class OAuthClientCredentialsAuth(Auth):
    """An ``Auth`` that obtains and refreshes a client-credentials bearer token."""

    def __init__(self, settings: BearerConfig) -> None:
        assert settings.token_endpoint
        self._settings = settings
        self._token: str | None = None
        self._refresh_at = 0.0
        self._sync_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.fetch_count = 0
        """How many tokens were fetched (for tests and metrics)."""

    def __repr__(self) -> str:
        return (
            f"OAuthClientCredentialsAuth(client_id={self._settings.client_id!r}, "
            f"token_endpoint={self._settings.token_endpoint!r})"
        )

    def _needs_token(self) -> bool:
        return self._token is None or time.monotonic() >= self._refresh_at

    def _token_request(self) -> HttpRequest:
        settings = self._settings
        assert settings.token_endpoint is not None and settings.client_id is not None
        assert settings.client_secret is not None
        return HttpRequest(
            "POST",
            settings.token_endpoint,
            {
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": basic_authorization(settings.client_id, settings.client_secret.reveal()),
            },
            urlencode({"grant_type": "client_credentials", "scope": settings.scope or ""}).encode(),
        )

    def _store(self, response: HttpResponse) -> None:
        endpoint = self._settings.token_endpoint
        if response.status_code != 200:
            raise OAuthTokenError(
                f"token endpoint {endpoint} refused the client credentials", response.status_code
            )
        try:
            answer: Any = json.loads(response.content)
            token = answer["access_token"]
            lifetime = float(answer.get("expires_in", 3600))
            if "expires_on" in answer:  # Azure IMDS: absolute expiry in epoch seconds
                lifetime = float(answer["expires_on"]) - time.time()
            if not isinstance(token, str) or not token:
                raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            raise OAuthTokenError(
                f"token endpoint {endpoint} answered without a valid access_token", response.status_code
            ) from None
        self._token = token
        self._refresh_at = time.monotonic() + lifetime * _REFRESH_AT_FRACTION
        self.fetch_count += 1

    def _authorize(self, request: HttpRequest) -> None:
        assert self._token is not None
        request.headers.update(
            bearer_headers(self._token, self._settings.logical_cluster, self._settings.identity_pool)
        )

    def sync_auth_flow(self, request: HttpRequest) -> Generator[HttpRequest, HttpResponse, None]:
        for attempt in range(2):
            if attempt or self._needs_token():
                stale = self._token if attempt else None
                with self._sync_lock:
                    if self._needs_token() or (attempt and self._token == stale):
                        response = yield self._token_request()
                        self._store(response)
            self._authorize(request)
            response = yield request
            if response.status_code != 401:
                return

    async def async_auth_flow(self, request: HttpRequest) -> AsyncGenerator[HttpRequest, HttpResponse]:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        for attempt in range(2):
            if attempt or self._needs_token():
                stale = self._token if attempt else None
                async with self._async_lock:
                    if self._needs_token() or (attempt and self._token == stale):
                        response = yield self._token_request()
                        self._store(response)
            self._authorize(request)
            response = yield request
            if response.status_code != 401:
                return


class AzureIMDSAuth(OAuthClientCredentialsAuth):
    """The managed identity's token from the Azure instance metadata endpoint (OAUTHBEARER_AZURE_IMDS)."""

    def __repr__(self) -> str:
        return f"AzureIMDSAuth(token_endpoint={self._settings.token_endpoint!r})"

    def _token_request(self) -> HttpRequest:
        settings = self._settings
        assert settings.token_endpoint is not None
        url = settings.token_endpoint
        if settings.token_endpoint_query:  # replaces any query the endpoint had
            url = f"{url.split('?', 1)[0]}?{settings.token_endpoint_query}"
        return HttpRequest("GET", url, {"Metadata": "true", "Accept": "application/json"})
