"""Authentication of registry calls, as ``_http.Auth`` flows built from the configuration.

Basic authentication (USER_INFO, URL, SASL_INHERIT) uses ``BasicAuth``.
Bearer authentication sets ``Authorization: Bearer ...`` and the Confluent
Cloud headers ``target-sr-cluster`` and ``Confluent-Identity-Pool-Id``: from a
static token, from a CUSTOM function called before each request, or from an
OAuth token endpoint (``_oauth``, imported only when configured).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from ._config import BearerConfig, ClientConfig
from ._http import Auth, BasicAuth, HttpRequest, HttpResponse

__all__ = ["BearerFieldsAuth", "bearer_headers", "build_auth"]


def bearer_headers(token: str, logical_cluster: str | None, identity_pool: str | None) -> dict[str, str]:
    """The headers of a bearer-authenticated call."""
    headers = {"Authorization": f"Bearer {token}"}
    if logical_cluster is not None:
        headers["target-sr-cluster"] = logical_cluster
    if identity_pool is not None:
        headers["Confluent-Identity-Pool-Id"] = identity_pool
    return headers


class BearerFieldsAuth(Auth):
    """Bearer auth from a function returning the reference's bearer fields.

    The function returns a dict with ``bearer.auth.token`` and
    ``bearer.auth.logical.cluster`` (and optionally ``bearer.auth.identity.pool.id``);
    a missing field raises ``ValueError`` naming it.
    """

    def __init__(self, fields: Callable[[], dict[str, Any]]) -> None:
        self._fields = fields

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def auth_flow(self, request: HttpRequest) -> Generator[HttpRequest, HttpResponse, None]:
        fields = self._fields()
        missing = [k for k in ("bearer.auth.token", "bearer.auth.logical.cluster") if k not in fields]
        if missing:
            raise ValueError(f"bearer auth fields missing from the provider's answer: {', '.join(missing)}")
        request.headers.update(
            bearer_headers(
                str(fields["bearer.auth.token"]),
                str(fields["bearer.auth.logical.cluster"]),
                fields.get("bearer.auth.identity.pool.id"),
            )
        )
        yield request


def _static_fields(bearer: BearerConfig) -> Callable[[], dict[str, Any]]:
    assert bearer.token is not None
    fields: dict[str, Any] = {
        "bearer.auth.token": bearer.token.reveal(),
        "bearer.auth.logical.cluster": bearer.logical_cluster,
    }
    if bearer.identity_pool is not None:
        fields["bearer.auth.identity.pool.id"] = bearer.identity_pool
    return lambda: fields


def build_auth(config: ClientConfig) -> Auth | None:
    """The ``Auth`` the configuration asks for (None when it asks for none)."""
    if config.basic_auth is not None:
        user, password = config.basic_auth
        return BasicAuth(user, password.reveal())
    bearer = config.bearer
    if bearer is None:
        return None
    if bearer.source == "STATIC_TOKEN":
        return BearerFieldsAuth(_static_fields(bearer))
    if bearer.source == "CUSTOM":
        function, custom_config = bearer.custom_function, bearer.custom_config
        assert function is not None and custom_config is not None
        return BearerFieldsAuth(lambda: function(custom_config))
    from ._oauth import AzureIMDSAuth, OAuthClientCredentialsAuth

    if bearer.source == "OAUTHBEARER":
        return OAuthClientCredentialsAuth(bearer)
    return AzureIMDSAuth(bearer)
