"""Bytes serdes: the payload as it is."""

from __future__ import annotations

from kafka_core import Deserializer, SerializationContext, Serializer

from ._serde_error import describe_value, serde_error

TYPE_CHECKING = False  # typing is not imported at run time: loading a serde stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = ["BytesDeserializer", "BytesSerializer"]

_BUFFERS = (bytearray, memoryview)


class BytesSerializer(Serializer):
    """Passes ``bytes`` through unchanged; ``bytearray`` and ``memoryview`` are copied to ``bytes``;
    None gives None.

    Raises :class:`~kafka_core.SerializationError` for anything else (``str`` included).
    """

    __slots__ = ()
    PLUGIN_NAME = "bytes"

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if type(obj) is bytes or obj is None:
            return obj
        if isinstance(obj, (bytes, *_BUFFERS)):
            return bytes(obj)
        raise serde_error(self, ctx, f"expected bytes, bytearray or memoryview, got {describe_value(obj)}")


class BytesDeserializer(Deserializer):
    """Returns the payload as ``bytes``, unchanged; None gives None.

    Raises :class:`~kafka_core.SerializationError` for input that is not bytes-like.
    """

    __slots__ = ()
    PLUGIN_NAME = "bytes"

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> bytes | None:
        if type(value) is bytes or value is None:
            return value
        if isinstance(value, (bytes, *_BUFFERS)):
            return bytes(value)
        raise serde_error(self, ctx, f"expected bytes, got {describe_value(value)}")
