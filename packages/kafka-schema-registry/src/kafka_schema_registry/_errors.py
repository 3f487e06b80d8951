"""Errors raised by the Schema Registry client.

``SchemaRegistryError`` is raised for every failed registry call. Its subclass
``SchemaRegistryTransportError`` is raised when no HTTP answer could be had
(connection refused, timeout, TLS failure) after the retries and URLs were
exhausted; ``OAuthTokenError`` when a bearer token cannot be fetched.
"""

from __future__ import annotations

__all__ = ["OAuthTokenError", "SchemaRegistryError", "SchemaRegistryTransportError"]


class SchemaRegistryError(Exception):
    """An error answered by the Schema Registry (or a failure to reach it).

    ``http_status_code`` is the HTTP status, ``error_code`` the registry's own code
    (``40401`` subject not found, ...; ``-1`` when unknown) and ``error_message``
    the registry's message.
    """

    UNKNOWN = -1

    def __init__(self, http_status_code: int, error_code: int, error_message: str) -> None:
        super().__init__(http_status_code, error_code, error_message)
        self.http_status_code = http_status_code
        self.error_code = error_code
        self.error_message = error_message

    def __str__(self) -> str:
        return f"{self.error_message} (HTTP status code {self.http_status_code}, SR code {self.error_code})"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.http_status_code!r}, {self.error_code!r}, {self.error_message!r})"
        )


class SchemaRegistryTransportError(SchemaRegistryError):
    """No HTTP answer from any registry URL: connection refused, timeout or TLS failure.

    ``http_status_code`` and ``error_code`` are ``-1``; the message names the URL
    and the cause, which is also chained as ``__cause__``.
    """

    def __init__(self, error_message: str) -> None:
        super().__init__(-1, SchemaRegistryError.UNKNOWN, error_message)

    def __str__(self) -> str:
        return self.error_message


class OAuthTokenError(Exception):
    """A bearer token could not be fetched from the OAuth token endpoint."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message if status_code is None else f"{message} (HTTP {status_code})")
        self.message = message
        self.status_code = status_code
