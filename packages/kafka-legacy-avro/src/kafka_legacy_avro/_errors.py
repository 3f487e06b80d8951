"""The legacy API's errors.

``ClientError`` is raised by :class:`CachedSchemaRegistryClient` when the
registry refuses or cannot be reached, and by ``load``/``loads`` for a schema
that does not parse. ``SerializerError`` is raised for a message that cannot
be decoded; its subclasses ``KeySerializerError`` / ``ValueSerializerError``
for a key / value that cannot be encoded.
"""

from __future__ import annotations

__all__ = ["ClientError", "KeySerializerError", "SerializerError", "ValueSerializerError"]


class ClientError(Exception):
    """A Schema Registry call failed, or a schema did not parse.

    ``message`` is the description; ``http_code`` the HTTP status when the
    registry answered (``None`` otherwise).
    """

    def __init__(self, message: str, http_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.http_code = http_code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ClientError(error={self.message})"


class SerializerError(Exception):
    """A message could not be encoded or decoded; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(error={self.message})"


class KeySerializerError(SerializerError):
    """A message key could not be encoded."""


class ValueSerializerError(SerializerError):
    """A message value could not be encoded."""
