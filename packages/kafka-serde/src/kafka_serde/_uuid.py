"""UUID serdes: the UUID's canonical 36-character text in UTF-8, like Kafka's Java UUIDSerializer."""

from __future__ import annotations

import re
import uuid

from kafka_core import Deserializer, SerializationContext, Serializer

from ._serde_error import describe_value, serde_error

TYPE_CHECKING = False  # typing is not imported at run time: loading a serde stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = ["UUIDDeserializer", "UUIDSerializer"]

# 8-4-4-4-12 hex digits, nothing else: the form Java's UUID.toString() writes.
_CANONICAL = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_UUID = uuid.UUID


class UUIDSerializer(Serializer):
    """Serializes a :class:`uuid.UUID` as its 36-character lowercase text
    (``xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx``) in UTF-8; None gives None.

    Raises :class:`~kafka_core.SerializationError` for anything but a UUID.
    """

    __slots__ = ()
    PLUGIN_NAME = "uuid"

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if isinstance(obj, _UUID):
            return str(obj).encode("ascii")
        if obj is None:
            return None
        raise serde_error(self, ctx, f"expected uuid.UUID, got {describe_value(obj)}")


class UUIDDeserializer(Deserializer):
    """Deserializes the 36-character text of a UUID (hex digits in either case) to a :class:`uuid.UUID`;
    None gives None.

    Raises :class:`~kafka_core.SerializationError` for anything else (other
    lengths, braces, ``urn:uuid:`` prefixes, missing dashes).
    """

    __slots__ = ()
    PLUGIN_NAME = "uuid"

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> uuid.UUID | None:
        if value is None:
            return None
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise serde_error(self, ctx, f"expected bytes, got {describe_value(value)}")
        data = value if type(value) is bytes else bytes(value)
        if _CANONICAL.fullmatch(data) is None:
            raise serde_error(self, ctx, f"{describe_value(data)} is not a 36-character UUID text")
        return _UUID(int=int(data.replace(b"-", b""), 16))
