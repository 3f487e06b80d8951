"""Avro binary encoding of the legacy wire format, on fastavro.

A record is framed as magic byte ``0``, the 4-byte big-endian schema id, then
the Avro binary encoding of the datum (every schema, ``bytes`` included, is
encoded as Avro: the legacy client never wrote raw bytes).
"""

from __future__ import annotations

import json
import struct
from io import BytesIO
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.validation import ValidationError, validate

from ._schema import AvroSchema

__all__ = ["HEADER_SIZE", "MAGIC_BYTE", "AvroReader", "AvroWriter", "pack_header", "unpack_header"]

MAGIC_BYTE = 0
HEADER_SIZE = 5
_HEADER = struct.Struct(">bI")


def pack_header(schema_id: int) -> bytes:
    """Magic byte and ``schema_id`` as the 5 bytes that start a framed record."""
    return _HEADER.pack(MAGIC_BYTE, schema_id)


def unpack_header(data: bytes) -> tuple[int, int]:
    """``(magic byte, schema id)`` from the first 5 bytes of ``data``."""
    magic, schema_id = _HEADER.unpack_from(data)
    return int(magic), int(schema_id)


def _compile(schema: AvroSchema) -> Any:
    return parse_schema(json.loads(str(schema)))


class AvroWriter:
    """Encodes datums with one schema under one schema id."""

    __slots__ = ("_header", "_parsed", "schema", "schema_id")

    def __init__(self, schema: AvroSchema, schema_id: int) -> None:
        self.schema = schema
        self.schema_id = schema_id
        self._parsed = _compile(schema)
        self._header = pack_header(schema_id)

    def write(self, datum: Any) -> bytes:
        """The framed record; raises ValueError naming the fields that do not match the schema."""
        out = BytesIO()
        out.write(self._header)
        try:
            schemaless_writer(out, self._parsed, datum)
        except Exception as exc:
            raise ValueError(self._explain(datum, exc)) from exc
        return out.getvalue()

    def _explain(self, datum: Any, exc: Exception) -> str:
        where = f"schema {self.schema.fullname or self.schema.type} (id {self.schema_id})"
        try:
            validate(datum, self._parsed, raise_errors=True)
        except ValidationError as invalid:
            problems = []
            for error in invalid.errors:
                field = getattr(error, "field", None) or "<datum>"
                expected = getattr(error, "schema", None)
                shown = expected if isinstance(expected, str) else json.dumps(expected, default=str)[:100]
                got = getattr(error, "datum", None)
                problems.append(
                    f"field {field!r} expected {shown}, got {type(got).__name__} {repr(got)[:60]}"
                )
            return f"the datum does not match {where}: " + "; ".join(problems)
        except Exception:  # validation itself failed: the encoder's error says more
            pass
        return f"the datum does not match {where}: {type(exc).__name__}: {exc}"


class AvroReader:
    """Decodes datums written with one schema, into a reader schema's form when one is given."""

    __slots__ = ("_reader", "_writer", "schema_id")

    def __init__(self, writer: AvroSchema, reader: AvroSchema | None, schema_id: int) -> None:
        self.schema_id = schema_id
        self._writer = _compile(writer)
        self._reader = None if reader is None else _compile(reader)

    def read(self, data: bytes) -> Any:
        """The datum after the 5-byte header of ``data``; raises ValueError if it does not decode."""
        buffer = BytesIO(data)
        buffer.seek(HEADER_SIZE)
        try:
            datum = schemaless_reader(buffer, self._writer, self._reader)
        except Exception as exc:
            raise ValueError(
                f"cannot decode with schema id {self.schema_id}: {type(exc).__name__}: {exc}"
            ) from exc
        if buffer.tell() != len(data):
            raise ValueError(
                f"{len(data) - buffer.tell()} bytes left over after the datum (schema id {self.schema_id})"
            )
        return datum
