"""Validation of a Schema Registry client's configuration dict.

``parse_client_config(conf)`` returns a ``ClientConfig`` or raises ``ValueError``
(unknown key, missing or inconsistent value) or ``TypeError`` (wrong value type),
each naming the key. Secret values never appear in the messages or the repr.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["BearerConfig", "BearerSettings", "ClientConfig", "Secret", "parse_client_config"]

_DEFAULT_TIMEOUT = 30.0


class Secret:
    """A secret string: ``reveal()`` gives it; ``repr`` and ``str`` never do."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself, to put on the wire and nowhere else."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class BearerConfig:
    """How bearer tokens are obtained: STATIC_TOKEN, OAUTHBEARER or CUSTOM."""

    source: str
    logical_cluster: str | None = None
    identity_pool: str | None = None
    token: Secret | None = None
    client_id: str | None = None
    client_secret: Secret | None = None
    scope: str | None = None
    token_endpoint: str | None = None
    token_endpoint_query: str | None = None
    custom_function: Callable[[dict[str, Any]], dict[str, Any]] | None = field(default=None, repr=False)
    custom_config: dict[str, Any] | None = field(default=None, repr=False)


BearerSettings = BearerConfig


@dataclass(frozen=True)
class ClientConfig:
    """A validated client configuration (see the docs' configuration table)."""

    urls: tuple[str, ...]
    mock_scope: str | None
    ca_location: str | bool | None
    certificate_location: str | None
    key_location: str | None
    key_password: Secret | None
    basic_auth: tuple[str, Secret] | None
    bearer: BearerConfig | None
    proxy: str | None = field(repr=False)
    timeout: float
    cache_capacity: int
    cache_latest_ttl_sec: float | None
    max_retries: int
    retries_wait_ms: int
    retries_max_wait_ms: int


class _Reader:
    def __init__(self, conf: Mapping[str, Any]) -> None:
        if not isinstance(conf, Mapping):
            raise TypeError(f"Schema Registry client configuration must be a dict, not {type(conf).__name__}")
        self.remaining = dict(conf)

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.remaining.pop(key, None)
        if value is None:
            if required:
                raise ValueError(f"Missing required configuration property {key}")
            return None
        if not isinstance(value, str):
            raise TypeError(f"{key} must be a str, not {type(value).__name__}")
        return value

    def number(self, key: str, default: float | None, *, minimum: float = 0) -> float | None:
        value = self.remaining.pop(key, None)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{key} must be a number, not {type(value).__name__}")
        if value < minimum:
            raise ValueError(f"{key} must be >= {minimum}, not {value}")
        return float(value)

    def integer(self, key: str, default: int) -> int:
        value = self.number(key, default)
        assert value is not None
        return int(value)


def _split_urls(raw: str) -> tuple[tuple[str, ...], str | None, tuple[str, str] | None]:
    urls: list[str] = []
    userinfo: tuple[str, str] | None = None
    mock_scope: str | None = None
    for part in raw.split(","):
        url = part.strip().rstrip("/")
        if not url:
            continue
        parsed = urlsplit(url)
        if parsed.scheme == "mock":
            mock_scope = url[len("mock://") :]
            urls.append(url)
            continue
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(
                f"url: invalid Schema Registry URL {_redact(url)!r} (need http://, https:// or mock://)"
            )
        if parsed.username is not None or parsed.password is not None:
            if userinfo is None:
                userinfo = (unquote(parsed.username or ""), unquote(parsed.password or ""))
            netloc = parsed.hostname if parsed.port is None else f"{parsed.hostname}:{parsed.port}"
            url = urlunsplit((parsed.scheme, netloc, parsed.path, parsed.query, parsed.fragment))
        urls.append(url)
    if not urls:
        raise ValueError("Missing required configuration property url")
    if mock_scope is not None and len(urls) > 1:
        raise ValueError("url: a mock:// URL cannot be combined with other URLs")
    return tuple(urls), mock_scope, userinfo


def _redact(url: str) -> str:
    parsed = urlsplit(url)
    if parsed.password is None and parsed.username is None:
        return url
    host = parsed.hostname or ""
    netloc = f"***@{host}" if parsed.port is None else f"***@{host}:{parsed.port}"
    return urlunsplit((parsed.scheme, netloc, parsed.path, parsed.query, parsed.fragment))


def _identity_pool(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    raise TypeError(
        f"bearer.auth.identity.pool.id must be a str or a list of str, not {type(value).__name__}"
    )


def _bearer(reader: _Reader) -> BearerConfig | None:
    source = reader.string("bearer.auth.credentials.source")
    if source is None:
        return None
    source = source.upper()
    if source == "CUSTOM":
        function = reader.remaining.pop("bearer.auth.custom.provider.function", None)
        custom_config = reader.remaining.pop("bearer.auth.custom.provider.config", None)
        if function is None or custom_config is None:
            raise ValueError(
                "bearer.auth.credentials.source CUSTOM needs bearer.auth.custom.provider.function "
                "and bearer.auth.custom.provider.config"
            )
        if not callable(function):
            raise TypeError("bearer.auth.custom.provider.function must be callable")
        if not isinstance(custom_config, dict):
            raise TypeError(
                f"bearer.auth.custom.provider.config must be a dict, not {type(custom_config).__name__}"
            )
        return BearerConfig(source, custom_function=function, custom_config=custom_config)
    logical_cluster = reader.string("bearer.auth.logical.cluster", required=True)
    identity_pool = _identity_pool(reader.remaining.pop("bearer.auth.identity.pool.id", None))
    if source == "STATIC_TOKEN":
        token = reader.string("bearer.auth.token", required=True)
        return BearerConfig(
            source, logical_cluster, identity_pool, token=Secret(token) if token is not None else None
        )
    if source == "OAUTHBEARER":
        return BearerConfig(
            source,
            logical_cluster,
            identity_pool,
            client_id=reader.string("bearer.auth.client.id", required=True),
            client_secret=Secret(reader.string("bearer.auth.client.secret", required=True) or ""),
            scope=reader.string("bearer.auth.scope", required=True),
            token_endpoint=reader.string("bearer.auth.issuer.endpoint.url", required=True),
        )
    if source == "OAUTHBEARER_AZURE_IMDS":
        return BearerConfig(
            source,
            logical_cluster,
            identity_pool,
            token_endpoint=reader.string("bearer.auth.issuer.endpoint.url")
            or "http://169.254.169.254/metadata/identity/oauth2/token",
            token_endpoint_query=reader.string("bearer.auth.issuer.endpoint.query"),
        )
    raise ValueError(
        f"bearer.auth.credentials.source: unknown source {source!r} "
        "(use STATIC_TOKEN, OAUTHBEARER, OAUTHBEARER_AZURE_IMDS or CUSTOM)"
    )


def parse_client_config(conf: Mapping[str, Any]) -> ClientConfig:
    """Validate ``conf`` (the reference client's keys) into a ``ClientConfig``."""
    reader = _Reader(conf)
    raw_url = reader.string("url", required=True)
    assert raw_url is not None
    urls, mock_scope, url_userinfo = _split_urls(raw_url)

    ca = reader.remaining.pop("ssl.ca.location", None)
    if ca is not None and not isinstance(ca, (str, bool)):
        raise TypeError(
            f"ssl.ca.location must be a str (or False to disable verification), not {type(ca).__name__}"
        )
    cert = reader.string("ssl.certificate.location")
    key = reader.string("ssl.key.location")
    key_password = reader.string("ssl.key.password")
    if (key is not None or key_password is not None) and cert is None:
        raise ValueError(
            "ssl.certificate.location is required when ssl.key.location or ssl.key.password is set"
        )

    source = (reader.string("basic.auth.credentials.source") or "URL").upper()
    user_info = reader.string("basic.auth.user.info")
    sasl_mechanism = reader.string("sasl.mechanism")
    sasl_username = reader.string("sasl.username")
    sasl_password = reader.string("sasl.password")
    basic_auth: tuple[str, str] | None
    if source == "URL":
        if user_info is not None and url_userinfo is not None:
            raise ValueError("basic.auth.user.info is set and the url also holds credentials: keep only one")
        basic_auth = url_userinfo
        if user_info is not None:
            basic_auth = _user_info(user_info)
    elif source == "USER_INFO":
        if user_info is None:
            raise ValueError("basic.auth.credentials.source USER_INFO needs basic.auth.user.info")
        basic_auth = _user_info(user_info)
    elif source == "SASL_INHERIT":
        if sasl_mechanism is not None and sasl_mechanism.upper() == "GSSAPI":
            raise ValueError(
                "basic.auth.credentials.source SASL_INHERIT does not support sasl.mechanism GSSAPI"
            )
        if sasl_username is None or sasl_password is None:
            raise ValueError(
                "basic.auth.credentials.source SASL_INHERIT needs sasl.username and sasl.password"
            )
        basic_auth = (sasl_username, sasl_password)
    else:
        raise ValueError(
            f"basic.auth.credentials.source: unknown source {source!r} (use URL, USER_INFO or SASL_INHERIT)"
        )

    bearer = _bearer(reader)
    if bearer is not None and basic_auth is not None:
        raise ValueError("basic and bearer authentication are both configured: keep only one")

    proxy = reader.string("proxy")
    timeout = reader.number("timeout", _DEFAULT_TIMEOUT, minimum=0.001)
    assert timeout is not None
    cache_capacity = reader.integer("cache.capacity", 1000)
    ttl = reader.number("cache.latest.ttl.sec", None)
    max_retries = reader.integer("max.retries", 3)
    wait_ms = reader.integer("retries.wait.ms", 1000)
    max_wait_ms = reader.integer("retries.max.wait.ms", 20000)

    if reader.remaining:
        raise ValueError(f"Unrecognized properties: {', '.join(sorted(map(str, reader.remaining)))}")
    return ClientConfig(
        urls=urls,
        mock_scope=mock_scope,
        ca_location=ca,
        certificate_location=cert,
        key_location=key,
        key_password=Secret(key_password) if key_password is not None else None,
        basic_auth=(basic_auth[0], Secret(basic_auth[1])) if basic_auth is not None else None,
        bearer=bearer,
        proxy=proxy,
        timeout=timeout,
        cache_capacity=cache_capacity,
        cache_latest_ttl_sec=ttl,
        max_retries=max_retries,
        retries_wait_ms=wait_ms,
        retries_max_wait_ms=max_wait_ms,
    )


def _user_info(value: str) -> tuple[str, str]:
    user, sep, password = value.partition(":")
    if not sep:
        raise ValueError("basic.auth.user.info must be in the form {username}:{password}")
    return user, password
