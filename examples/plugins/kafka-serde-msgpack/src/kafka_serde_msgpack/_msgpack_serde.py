"""MessagePack serdes: any msgpack-able object to bytes and back."""

from __future__ import annotations

from typing import Any

import msgpack
from kafka_core import Deserializer, SerializationContext, SerializationError, Serializer

__all__ = ["MsgpackDeserializer", "MsgpackSerializer"]


def _error(serde: object, ctx: SerializationContext | None, exc: Exception) -> SerializationError:
    if ctx is None:
        where = "no SerializationContext given"
    else:
        where = f"topic {ctx.topic!r}, field {str(ctx.field)!r}"
    return SerializationError(f"{type(serde).__name__} failed ({where}): {type(exc).__name__}: {exc}")


class MsgpackSerializer(Serializer):
    """Serializes an object (None, bool, int, float, str, bytes, list, tuple, dict) to MessagePack.

    None gives None (a Kafka null, not MessagePack nil). Raises
    :class:`~kafka_core.SerializationError` for an object MessagePack cannot hold.
    """

    __slots__ = ()
    PLUGIN_NAME = "msgpack"

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        try:
            return msgpack.packb(obj, use_bin_type=True)  # type: ignore[no-any-return]
        except Exception as exc:
            raise _error(self, ctx, exc) from exc


class MsgpackDeserializer(Deserializer):
    """Deserializes one MessagePack object (str as str, bin as bytes, arrays as lists).

    None gives None. Raises :class:`~kafka_core.SerializationError` for bytes
    that are not exactly one MessagePack object.
    """

    __slots__ = ()
    PLUGIN_NAME = "msgpack"

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if value is None:
            return None
        try:
            return msgpack.unpackb(value, raw=False)
        except Exception as exc:
            raise _error(self, ctx, exc) from exc
