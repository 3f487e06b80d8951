"""Parsed Avro schemas as the legacy API hands them out: ``load``, ``loads`` and :class:`AvroSchema`.

The objects stand in for the Apache ``avro`` package's schema objects, which
legacy code received from ``loads``: ``str()`` is the schema's JSON, and
``to_json()``, ``type``, ``name``, ``namespace``, ``fullname``, ``fields``,
``symbols``, ``items``, ``values``, ``schemas`` and ``size`` read as they did.
Schemas are validated with fastavro; they are immutable, hashable and equal
when their JSON is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from fastavro import parse_schema

from ._errors import ClientError

__all__ = ["AvroField", "AvroSchema", "load", "loads", "to_schema"]

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
_NAMED = frozenset({"record", "error", "enum", "fixed"})
_MAX_CACHED_STRINGS = 256


def _fullname(name: str, namespace: str | None) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


def _canonical(node: Any, namespace: str | None, named: dict[str, Any]) -> Any:
    """``node`` with names resolved the way the Apache ``avro`` package writes a schema back out."""
    if isinstance(node, str):
        return node if node in PRIMITIVES else _fullname(node, namespace)
    if isinstance(node, list):
        return [_canonical(branch, namespace, named) for branch in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind in _NAMED:
        full = _fullname(str(node.get("name")), node.get("namespace", namespace))
        space, _, short = full.rpartition(".")
        out: dict[str, Any] = {"type": kind, "name": short}
        if space:
            out["namespace"] = space
        if "fields" in node:
            out["fields"] = [_field(f, space or None, named) for f in node["fields"]]
        for key in ("symbols", "size"):
            if key in node:
                out[key] = node[key]
        for key, value in node.items():
            if key not in out and key != "namespace":
                out[key] = value
        named[full] = out
        return out
    if kind == "array":
        return {**node, "items": _canonical(node.get("items"), namespace, named)}
    if kind == "map":
        return {**node, "values": _canonical(node.get("values"), namespace, named)}
    if len(node) == 1 and kind is not None:
        return _canonical(kind, namespace, named)
    return dict(node)


def _field(field: dict[str, Any], namespace: str | None, named: dict[str, Any]) -> dict[str, Any]:
    # "type" then "name" then the rest, as the Apache avro package writes a field.
    rest = {k: v for k, v in field.items() if k not in ("type", "name")}
    return {"type": _canonical(field.get("type"), namespace, named), "name": field.get("name"), **rest}


class AvroField:
    """One field of a record schema: ``name``, ``type`` (an :class:`AvroSchema`), ``default``, ``doc``."""

    __slots__ = ("_json", "_named", "_type")

    def __init__(self, field_json: Mapping[str, Any], named: Mapping[str, Any]) -> None:
        self._json = field_json
        self._named = named
        self._type: AvroSchema | None = None

    @property
    def name(self) -> str:
        """The field's name."""
        return str(self._json["name"])

    @property
    def type(self) -> AvroSchema:
        """The field's schema."""
        if self._type is None:
            self._type = AvroSchema._nested(self._json["type"], self._named)
        return self._type

    @property
    def has_default(self) -> bool:
        """Whether the field declares a default."""
        return "default" in self._json

    @property
    def default(self) -> Any:
        """The declared default (``None`` when there is none: see ``has_default``)."""
        return self._json.get("default")

    @property
    def doc(self) -> str | None:
        """The field's documentation, if any."""
        return self._json.get("doc")

    def to_json(self) -> dict[str, Any]:
        """The field as a JSON-ready dict."""
        return dict(self._json)

    def __repr__(self) -> str:
        return f"AvroField({self.name!r}, {self.type.fullname or self.type.type!r})"


class AvroSchema:
    """A parsed, validated Avro schema: build it with :func:`loads` or :func:`load`."""

    __slots__ = ("_hash", "_json", "_named", "_text")

    def __init__(self, schema_json: Any, named: Mapping[str, Any]) -> None:
        """Wrap ``schema_json`` (already canonical); use :func:`loads` to parse text."""
        self._json = schema_json
        self._named = named
        self._text: str | None = None
        self._hash: int | None = None

    @classmethod
    def _nested(cls, node: Any, named: Mapping[str, Any]) -> AvroSchema:
        if isinstance(node, str) and node not in PRIMITIVES:
            node = named.get(node, node)
        return cls(node, named)

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = self._text = json.dumps(self._json)
        return text

    def __repr__(self) -> str:
        return f"<AvroSchema {self.fullname or self.type}>"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, AvroSchema):
            return NotImplemented
        return str(self) == str(other)

    def __hash__(self) -> int:
        value = self._hash
        if value is None:
            value = self._hash = hash(str(self))
        return value

    def to_json(self) -> Any:
        """The schema as JSON-ready data: a str for a primitive, a list for a union, else a dict."""
        return json.loads(str(self))

    @property
    def type(self) -> str:
        """``record``, ``enum``, ``fixed``, ``array``, ``map``, ``union`` or a primitive's name."""
        node = self._json
        if isinstance(node, list):
            return "union"
        if isinstance(node, str):
            return node
        return str(node.get("type"))

    @property
    def name(self) -> str | None:
        """The short name of a named schema (record, enum, fixed); ``None`` otherwise."""
        return self._json.get("name") if isinstance(self._json, dict) and self.type in _NAMED else None

    @property
    def namespace(self) -> str | None:
        """The namespace of a named schema; ``None`` when it has none or is not named."""
        return self._json.get("namespace") if isinstance(self._json, dict) and self.type in _NAMED else None

    @property
    def fullname(self) -> str | None:
        """``namespace.name`` of a named schema, a primitive's type name, ``None`` otherwise."""
        name = self.name
        if name is not None:
            return _fullname(name, self.namespace)
        return self.type if self.type in PRIMITIVES else None

    @property
    def doc(self) -> str | None:
        """The schema's documentation, if any."""
        return self._json.get("doc") if isinstance(self._json, dict) else None

    @property
    def props(self) -> dict[str, Any]:
        """The schema's JSON attributes (``{"type": ...}`` for a primitive or union)."""
        node = self.to_json()
        return node if isinstance(node, dict) else {"type": node}

    @property
    def fields(self) -> list[AvroField]:
        """The fields of a record schema, in order; ``[]`` for other schemas."""
        if self.type not in ("record", "error"):
            return []
        return [AvroField(f, self._named) for f in self._json.get("fields", ())]

    @property
    def fields_dict(self) -> dict[str, AvroField]:
        """The fields of a record schema by name."""
        return {f.name: f for f in self.fields}

    @property
    def symbols(self) -> list[str]:
        """The symbols of an enum schema; ``[]`` for other schemas."""
        return list(self._json.get("symbols", ())) if self.type == "enum" else []

    @property
    def size(self) -> int | None:
        """The size in bytes of a fixed schema; ``None`` for other schemas."""
        return self._json.get("size") if self.type == "fixed" else None

    @property
    def items(self) -> AvroSchema | None:
        """The item schema of an array schema; ``None`` for other schemas."""
        return AvroSchema._nested(self._json["items"], self._named) if self.type == "array" else None

    @property
    def values(self) -> AvroSchema | None:
        """The value schema of a map schema; ``None`` for other schemas."""
        return AvroSchema._nested(self._json["values"], self._named) if self.type == "map" else None

    @property
    def schemas(self) -> list[AvroSchema]:
        """The branches of a union schema; ``[]`` for other schemas."""
        if self.type != "union":
            return []
        return [AvroSchema._nested(branch, self._named) for branch in self._json]


def loads(schema_str: str) -> AvroSchema:
    """Parse the Avro schema ``schema_str`` (JSON text); raises :class:`ClientError` saying what is wrong."""
    if not isinstance(schema_str, str):
        raise TypeError(f"schema_str must be a str of Avro schema JSON, not {type(schema_str).__name__}")
    try:
        declared = json.loads(schema_str)
    except ValueError as exc:
        raise ClientError(f"Schema parse failed: not valid JSON: {exc}") from None
    try:
        parse_schema(declared)
    except Exception as exc:  # fastavro raises several types (UnknownType, SchemaParseException, ...)
        raise ClientError(f"Schema parse failed: {type(exc).__name__}: {exc}") from None
    named: dict[str, Any] = {}
    return AvroSchema(_canonical(declared, None, named), named)


def load(fp: str | os.PathLike[str]) -> AvroSchema:
    """Parse the Avro schema in the file at path ``fp`` (see :func:`loads`)."""
    with open(fp, encoding="utf-8") as f:
        return loads(f.read())


_FROM_TEXT: dict[str, AvroSchema] = {}


def to_schema(schema: Any, what: str) -> AvroSchema:
    """``schema`` as an :class:`AvroSchema`: one already, schema JSON text, or an object whose ``str()`` is.

    Objects of the Apache ``avro`` package qualify. ``what`` names the argument in the TypeError otherwise.
    """
    if isinstance(schema, AvroSchema):
        return schema
    if isinstance(schema, str):
        text = schema
    elif callable(getattr(schema, "to_json", None)):
        text = str(schema)
    else:
        raise TypeError(
            f"{what} must be a schema from load()/loads() or Avro schema JSON, not {type(schema).__name__}"
        )
    found = _FROM_TEXT.get(text)
    if found is None:
        found = loads(text)
        if len(_FROM_TEXT) >= _MAX_CACHED_STRINGS:
            _FROM_TEXT.clear()
        _FROM_TEXT[text] = found
    return found
