"""Schema Registry wire framing: where the schema id of a record is written and read.

Two framings exist. Magic byte ``0`` followed by the 4-byte big-endian schema id
(the default), and magic byte ``1`` followed by the 16-byte schema GUID. Either
goes before the payload, or (GUID only, by default) into the
``__key_schema_id`` / ``__value_schema_id`` header. Protobuf follows the id with
the message-index array: zig-zag varints, a count then the indexes, or the
single byte ``0`` for the first message of the file.

The ``schema.id.serializer`` / ``schema.id.deserializer`` callables below keep
the reference client's signatures, so either side can be configured with them.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from kafka_core import MessageField, SerializationContext, SerializationError

__all__ = [
    "KEY_SCHEMA_ID_HEADER",
    "MAGIC_BYTE_V0",
    "MAGIC_BYTE_V1",
    "VALUE_SCHEMA_ID_HEADER",
    "SchemaId",
    "add_schema_id_header",
    "decode_message_indexes",
    "dual_schema_id_deserializer",
    "encode_message_indexes",
    "find_schema_id_header",
    "header_schema_id_serializer",
    "prefix_schema_id_deserializer",
    "prefix_schema_id_serializer",
    "schema_id_header_name",
]

MAGIC_BYTE_V0 = 0
MAGIC_BYTE_V1 = 1
KEY_SCHEMA_ID_HEADER = "__key_schema_id"
VALUE_SCHEMA_ID_HEADER = "__value_schema_id"
# A message-index array longer than this is corrupt input, not a real schema.
_MAX_INDEXES = 100_000
_MAX_VARINT_BYTES = 10


def schema_id_header_name(ctx: SerializationContext | None) -> str:
    """The header holding the schema id of ``ctx.field``."""
    return (
        KEY_SCHEMA_ID_HEADER if ctx is not None and ctx.field == MessageField.KEY else VALUE_SCHEMA_ID_HEADER
    )


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 63)


def _write_varint(out: bytearray, value: int) -> None:
    value = _zigzag(value) & 0xFFFFFFFFFFFFFFFF
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def encode_message_indexes(indexes: list[int] | tuple[int, ...]) -> bytes:
    """Encode a Protobuf message-index array: ``b"\\x00"`` for ``[0]``, else count then zig-zag varints."""
    if not indexes:
        raise SerializationError("a message-index array cannot be empty")
    if len(indexes) == 1 and indexes[0] == 0:
        return b"\x00"
    out = bytearray()
    _write_varint(out, len(indexes))
    for index in indexes:
        _write_varint(out, index)
    return bytes(out)


def _read_varint(data: bytes | bytearray | memoryview, pos: int) -> tuple[int, int]:
    value = 0
    shift = 0
    end = len(data)
    for _ in range(_MAX_VARINT_BYTES):
        if pos >= end:
            raise SerializationError("truncated message-index array: the payload ends inside a varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return (value >> 1) ^ -(value & 1), pos
        shift += 7
    raise SerializationError("corrupt message-index array: a varint is longer than 10 bytes")


def decode_message_indexes(data: bytes | bytearray | memoryview, pos: int) -> tuple[list[int], int]:
    """Decode the message-index array at ``data[pos:]``; return the indexes and the position after it."""
    count, pos = _read_varint(data, pos)
    if count == 0:
        return [0], pos
    if count < 0 or count > _MAX_INDEXES:
        raise SerializationError(f"corrupt message-index array: invalid length {count}")
    if count > len(data) - pos:
        raise SerializationError(f"truncated message-index array: {count} indexes announced")
    indexes = []
    for _ in range(count):
        index, pos = _read_varint(data, pos)
        indexes.append(index)
    return indexes, pos


class SchemaId:
    """The schema a record was written with: an integer id or a GUID, plus Protobuf message indexes.

    ``from_bytes`` reads the framing from a buffer and returns it positioned at the
    payload; ``id_to_bytes`` / ``guid_to_bytes`` write the two framings.
    """

    __slots__ = ("guid", "id", "message_indexes", "schema_type")

    def __init__(
        self,
        schema_type: str,
        schema_id: int | None = None,
        guid: str | uuid.UUID | None = None,
        message_indexes: list[int] | None = None,
    ) -> None:
        self.schema_type = schema_type
        self.id = schema_id
        self.guid = uuid.UUID(str(guid)) if guid is not None else None
        self.message_indexes = message_indexes

    def __repr__(self) -> str:
        return (
            f"SchemaId({self.schema_type!r}, id={self.id!r}, guid={self.guid!r}, "
            f"indexes={self.message_indexes!r})"
        )

    def from_bytes(self, payload: io.BytesIO) -> io.BytesIO:
        """Read magic byte, id or GUID (and Protobuf message indexes); SerializationError if malformed."""
        data = payload.getbuffer()
        pos = payload.tell()
        try:
            end = self._read(data, pos)
        finally:
            data.release()
        payload.seek(end)
        return payload

    def read(self, data: bytes | bytearray | memoryview) -> int:
        """Read the framing at the start of ``data``; return where the payload starts."""
        return self._read(data, 0)

    def _read(self, data: bytes | bytearray | memoryview, pos: int) -> int:
        if len(data) <= pos:
            raise SerializationError("no schema framing: the data is empty")
        magic = data[pos]
        if magic == MAGIC_BYTE_V0:
            if len(data) < pos + 5:
                raise SerializationError(f"truncated framing: {len(data) - pos} bytes, a schema id needs 5")
            self.id = int.from_bytes(data[pos + 1 : pos + 5], "big")
            pos += 5
        elif magic == MAGIC_BYTE_V1:
            if len(data) < pos + 17:
                raise SerializationError(
                    f"truncated framing: {len(data) - pos} bytes, a schema GUID needs 17"
                )
            self.guid = uuid.UUID(bytes=bytes(data[pos + 1 : pos + 17]))
            pos += 17
        else:
            raise SerializationError(
                f"unknown magic byte {magic}: not written by a Schema Registry serializer (expected 0 or 1)"
            )
        if self.schema_type == "PROTOBUF":
            self.message_indexes, pos = decode_message_indexes(data, pos)
        return pos

    def _indexes(self) -> bytes:
        return b"" if self.message_indexes is None else encode_message_indexes(self.message_indexes)

    def id_to_bytes(self) -> bytes:
        """Magic byte 0, the 4-byte big-endian id, then the message indexes if any."""
        if self.id is None:
            raise SerializationError("the schema id is not set")
        return bytes((MAGIC_BYTE_V0,)) + self.id.to_bytes(4, "big") + self._indexes()

    def guid_to_bytes(self) -> bytes:
        """Magic byte 1, the 16-byte GUID, then the message indexes if any."""
        if self.guid is None:
            raise SerializationError("the schema GUID is not set")
        return bytes((MAGIC_BYTE_V1,)) + self.guid.bytes + self._indexes()


def prefix_schema_id_serializer(
    payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId
) -> bytes:
    """Write the schema id (magic byte 0) before the payload (the default)."""
    return schema_id.id_to_bytes() + payload


def header_schema_id_serializer(
    payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId
) -> bytes:
    """Write the schema GUID (magic byte 1) into the ``__key_schema_id`` / ``__value_schema_id`` header.

    The headers of ``ctx`` (a list of pairs or a dict) are appended to; raises
    SerializationError when there are none to write into.
    """
    if ctx is None:
        raise SerializationError("header_schema_id_serializer needs a SerializationContext")
    add_schema_id_header(ctx, schema_id.guid_to_bytes())
    return payload


def add_schema_id_header(ctx: SerializationContext, value: bytes) -> None:
    """Append the schema id header to ``ctx.headers`` (a list of pairs or a dict)."""
    headers = ctx.headers
    name = schema_id_header_name(ctx)
    if isinstance(headers, list):
        headers.append((name, value))
    elif isinstance(headers, dict):
        headers[name] = value
    elif headers is None:
        raise SerializationError(
            f"topic {ctx.topic!r}: the schema id goes in a header but the message has no headers;"
            " pass headers=[] (or a dict) to produce()"
        )
    else:
        raise SerializationError(
            f"topic {ctx.topic!r}: headers must be a list or a dict, not {type(headers).__name__}"
        )


def find_schema_id_header(ctx: SerializationContext | None) -> Any:
    """The value of the schema id header of ``ctx.field``, or None."""
    if ctx is None:
        return None
    headers = ctx.headers
    if not headers:
        return None
    name = schema_id_header_name(ctx)
    if isinstance(headers, dict):
        return headers.get(name)
    for header in headers:
        if header[0] == name:
            return header[1]
    return None


def dual_schema_id_deserializer(
    payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId
) -> io.BytesIO:
    """Read the schema id from the header if present, else from the payload prefix (the default).

    Returns the payload positioned after the framing.
    """
    header = find_schema_id_header(ctx)
    if header is not None:
        schema_id.from_bytes(io.BytesIO(header))
        return io.BytesIO(payload)
    return schema_id.from_bytes(io.BytesIO(payload))


def prefix_schema_id_deserializer(
    payload: bytes, ctx: SerializationContext | None, schema_id: SchemaId
) -> io.BytesIO:
    """Read the schema id from the payload prefix only."""
    return schema_id.from_bytes(io.BytesIO(payload))
