"""Avro schemas and records for the serdes, on fastavro: loading, compiling with references, encoding,
decoding, and explaining a record that does not match its schema.

The ``bytes`` schema is written and read raw (no Avro length prefix), as the
reference client does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from io import BytesIO
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.validation import ValidationError, validate

from .._model import Schema

__all__ = [
    "CompiledAvro",
    "compile_avro",
    "decode",
    "encode",
    "explain",
    "fast_decoder",
    "fast_encoder",
    "load_avro_schema",
    "to_avro_datum",
]


def load_avro_schema(schema_str: str) -> Schema:
    """A Schema for an Avro declaration; a bare primitive (``"string"``) becomes ``{"type": "string"}``."""
    text = schema_str.strip()
    if not text:
        raise ValueError("the Avro schema string is empty")
    if text[0] not in "{[":
        text = '{"type":' + text + "}"
    return Schema(text, "AVRO")


class CompiledAvro:
    """A parsed Avro schema and what the serdes derive from it once."""

    __slots__ = ("is_bytes", "name", "parsed")

    def __init__(self, parsed: Any, name: str | None, is_bytes: bool) -> None:
        self.parsed = parsed
        self.name = name
        self.is_bytes = is_bytes


def compile_avro(schema: Schema, references: list[tuple[str, Schema]]) -> CompiledAvro:
    """Parse ``schema`` with the named types of its references (dependencies first)."""
    if schema.schema_str is None:
        raise ValueError("the schema has no schema string")
    named: dict[str, Any] = {}
    for _, ref in references:
        if ref.schema_str is not None:
            parse_schema(json.loads(ref.schema_str), named_schemas=named)
    declared = json.loads(schema.schema_str)
    parsed = parse_schema(declared, named_schemas=named)
    name: str | None = None
    if isinstance(parsed, dict):
        name = parsed.get("name", declared.get("type") if isinstance(declared, dict) else None)
    # The reference writes a plain bytes schema raw; a logical type on bytes (decimal) is real Avro.
    is_bytes = parsed == "bytes" or (
        isinstance(parsed, dict) and parsed.get("type") == "bytes" and "logicalType" not in parsed
    )
    return CompiledAvro(parsed, name, is_bytes)


_FIELDS: dict[type, tuple[str, ...]] = {}


def to_avro_datum(value: Any) -> Any:
    """Dataclass instances (nested, in lists and dicts too) as dicts; anything else unchanged."""
    cls = type(value)
    if cls is dict or cls is str or cls is int or cls is float or cls is bool or value is None:
        return value
    names = _FIELDS.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            if isinstance(value, list):
                return [to_avro_datum(v) for v in value]
            return value
        names = tuple(f.name for f in dataclasses.fields(value))
        _FIELDS[cls] = names
    return {name: _convert(getattr(value, name)) for name in names}


def _convert(value: Any) -> Any:
    if isinstance(value, list):
        return [to_avro_datum(v) for v in value]
    if isinstance(value, dict):
        return {k: to_avro_datum(v) for k, v in value.items()}
    return to_avro_datum(value)


def encode(
    value: Any, compiled: CompiledAvro, prefix: bytes, strict: bool, strict_allow_default: bool
) -> bytes:
    """``prefix`` followed by the Avro binary encoding of ``value``."""
    if compiled.is_bytes:
        raw = value if isinstance(value, bytes) else value.encode()
        return prefix + raw if prefix else raw
    out = BytesIO()
    if prefix:
        out.write(prefix)
    if type(value) is not dict:
        value = to_avro_datum(value)
    schemaless_writer(out, compiled.parsed, value, strict=strict, strict_allow_default=strict_allow_default)
    return out.getvalue()


def fast_encoder(
    compiled: CompiledAvro, prefix: bytes, strict: bool, strict_allow_default: bool
) -> Callable[[Any], bytes]:
    """``record -> prefix + encoding`` with everything looked up once."""
    if compiled.is_bytes:
        return lambda value: encode(value, compiled, prefix, strict, strict_allow_default)
    parsed = compiled.parsed
    new_buffer = BytesIO
    convert = to_avro_datum
    start = len(prefix)

    def write(value: Any) -> bytes:
        out = new_buffer(prefix)
        out.seek(start)
        if type(value) is not dict:
            value = convert(value)
        schemaless_writer(out, parsed, value, strict=strict, strict_allow_default=strict_allow_default)
        return out.getvalue()

    return write


def fast_decoder(
    writer: CompiledAvro, reader: CompiledAvro | None, start: int, return_record_name: bool
) -> Callable[[bytes], Any]:
    """``data -> value`` for records whose payload starts at ``start``, with everything looked up once."""
    if writer.is_bytes:
        return lambda data: data[start:]
    writer_schema = writer.parsed
    reader_schema = None if reader is None else reader.parsed
    new_buffer = BytesIO

    def read(data: bytes) -> Any:
        buffer = new_buffer(data)
        buffer.seek(start)
        value = schemaless_reader(buffer, writer_schema, reader_schema, return_record_name)
        if buffer.tell() != len(data):
            raise ValueError("bytes left over after the record")
        return value

    return read


def decode(
    data: bytes, start: int, writer: CompiledAvro, reader: CompiledAvro | None, return_record_name: bool
) -> Any:
    """Decode ``data[start:]`` written with ``writer`` into ``reader``'s form (``None``: the writer's)."""
    if writer.is_bytes:
        return data[start:]
    buffer = BytesIO(data)
    buffer.seek(start)
    value = schemaless_reader(
        buffer, writer.parsed, None if reader is None else reader.parsed, return_record_name
    )
    if buffer.tell() != len(data):
        raise ValueError(f"{len(data) - buffer.tell()} bytes left over after the record")
    return value


def explain(value: Any, compiled: CompiledAvro, exc: Exception, strict: bool) -> str:
    """Why ``value`` does not encode with ``compiled``: the field paths and expected types when known."""
    if compiled.is_bytes:
        return f"a bytes schema needs bytes or str, not {type(value).__name__}"
    try:
        validate(to_avro_datum(value), compiled.parsed, raise_errors=True, strict=strict)
    except ValidationError as invalid:
        problems = []
        for error in invalid.errors:
            path = getattr(error, "field", None) or "<record>"
            schema = getattr(error, "schema", None)
            expected = schema if isinstance(schema, str) else json.dumps(schema)[:120]
            problems.append(f"field {path!r} expected {expected}, got {_show(getattr(error, 'datum', None))}")
        return "the record does not match its schema: " + "; ".join(problems)
    except Exception:  # validation itself failed: report the encoder's error
        pass
    return f"{type(exc).__name__}: {exc}"


def _show(datum: Any) -> str:
    text = repr(datum)
    return f"{type(datum).__name__} {text[:60]}"
