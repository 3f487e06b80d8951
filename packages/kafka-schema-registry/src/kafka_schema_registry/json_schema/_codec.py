"""JSON Schema for the serdes, on jsonschema: compiling a schema with its registered references into a
validator (once per schema), encoding as compact UTF-8 JSON, and explaining rejected records.

The draft is the one the schema declares in ``$schema`` (4, 6, 7, 2019-09,
2020-12); without one, 2020-12, as the reference client does. Referenced
schemas are registered under their reference names, so ``$ref`` to them resolves
without any network access.
"""

from __future__ import annotations

import json
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .._model import Schema
from ._validators import Engine

__all__ = ["CompiledJson", "compact_dumps", "compile_json", "encode"]

#: ``value -> str``: compact JSON keeping non-ASCII (the reference client's text).
compact_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_dumps = compact_dumps


class CompiledJson:
    """A parsed JSON schema, its validator and its title (the record name)."""

    __slots__ = ("registry", "schema", "title", "validator")

    def __init__(
        self, schema: Any, validator: Any, title: str | None, registry: Registry[Any] | None = None
    ) -> None:
        self.schema = schema
        self.validator = validator
        self.title = title
        #: The referenced schemas by reference name, for resolving ``$ref`` outside the validator.
        self.registry = registry


def _refuse_retrieval(uri: str) -> Resource[Any]:
    raise LookupError(f"$ref {uri!r} is not a registered schema reference of this schema")


def compile_json(schema: Schema, references: list[tuple[str, Schema]], engine: Engine) -> CompiledJson:
    """Parse ``schema``, check it against its draft's meta-schema, and build its validator once."""
    if schema.schema_str is None:
        raise ValueError("the schema has no schema string")
    parsed = json.loads(schema.schema_str)
    registry: Registry[Any] = Registry(retrieve=_refuse_retrieval)  # type: ignore[call-arg]
    contents: list[tuple[str, Any]] = []
    for name, ref in references:
        if ref.schema_str is not None:
            content = json.loads(ref.schema_str)
            contents.append((name, content))
            registry = registry.with_resource(
                name, Resource.from_contents(content, default_specification=DRAFT7)
            )
    validator = engine(parsed, contents, registry)
    title = parsed.get("title") if isinstance(parsed, dict) else None
    return CompiledJson(parsed, validator, title, registry)


def encode(value: Any, prefix: bytes) -> bytes:
    """``prefix`` followed by ``value`` as compact UTF-8 JSON (the reference client's bytes)."""
    return prefix + _dumps(value).encode() if prefix else _dumps(value).encode()
