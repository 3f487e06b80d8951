"""String serdes: text encoded with a codec (UTF-8 by default), like Kafka's StringSerializer."""

from __future__ import annotations

import codecs

from kafka_core import Deserializer, SerializationContext, Serializer

from ._serde_error import describe_value, serde_error

TYPE_CHECKING = False  # typing is not imported at run time: loading a serde stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = ["StringDeserializer", "StringSerializer"]


def _is_utf8(owner: str, codec: str) -> bool:
    """Whether ``codec`` is UTF-8; raise ValueError if it is not a text codec Python knows."""
    try:
        name = codecs.lookup(codec).name
        "".encode(codec)  # rejects bytes-to-bytes codecs such as 'base64'
    except (LookupError, TypeError) as exc:
        raise ValueError(f"{owner}: {codec!r} is not a text codec: {exc}") from exc
    return name == "utf-8"


class _Codec:
    """The ``codec`` attribute of the string serdes; UTF-8 takes the argument-free (faster) path."""

    __slots__ = ("_codec", "_utf8")

    @property
    def codec(self) -> str:
        """The name of the text encoding used (any name :mod:`codecs` knows)."""
        return self._codec

    @codec.setter
    def codec(self, codec: str) -> None:
        self._utf8 = _is_utf8(type(self).__name__, codec)
        self._codec = codec


class StringSerializer(_Codec, Serializer):
    """Serializes ``str`` to bytes with ``codec`` (default UTF-8); None gives None.

    Raises :class:`~kafka_core.SerializationError` when ``obj`` is not a ``str``
    or cannot be encoded with ``codec``; ValueError at construction for an
    unknown codec.
    """

    __slots__ = ()
    PLUGIN_NAME = "string"

    def __init__(self, codec: str = "utf_8") -> None:
        self.codec = codec

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        # Duck-typed (only str has an encode method among the usual types): cheaper than a type check.
        try:
            if self._utf8:
                return obj.encode()  # type: ignore[no-any-return]
            return obj.encode(self._codec)  # type: ignore[no-any-return]
        except UnicodeError as exc:
            raise serde_error(self, ctx, str(exc)) from exc
        except AttributeError:
            raise serde_error(self, ctx, f"expected str, got {describe_value(obj)}") from None


class StringDeserializer(_Codec, Deserializer):
    """Deserializes bytes to ``str`` with ``codec`` (default UTF-8); None gives None.

    Raises :class:`~kafka_core.SerializationError` when the bytes are not valid
    in ``codec``; ValueError at construction for an unknown codec.
    """

    __slots__ = ()
    PLUGIN_NAME = "string"

    def __init__(self, codec: str = "utf_8") -> None:
        self.codec = codec

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> str | None:
        if value is None:
            return None
        try:
            if self._utf8:
                return value.decode()
            return value.decode(self._codec)
        except UnicodeError as exc:
            raise serde_error(self, ctx, str(exc)) from exc
        except AttributeError:  # not bytes or bytearray
            if not isinstance(value, memoryview):
                raise serde_error(self, ctx, f"expected bytes, got {describe_value(value)}") from None
        try:
            return str(value, self._codec)
        except UnicodeError as exc:
            raise serde_error(self, ctx, str(exc)) from exc
