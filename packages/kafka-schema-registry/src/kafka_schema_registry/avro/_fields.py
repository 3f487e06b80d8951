"""The Avro field walk for field-level rules: every field of a record (nested records, arrays, maps and
unions included) is entered with its full name (``Record.field``), type and tags (``confluent:tags`` on
the field, plus the schema metadata's), and its value handed to the rule's field transform."""

from __future__ import annotations

from typing import Any

from .._model import RuleKind
from .._serde.field_context import FieldType
from .._serde.rule_execution import FieldTransform, FieldTransformer, RuleConditionError, RuleContext

__all__ = ["avro_field_transformer", "field_type"]

_PRIMITIVE_TYPES = {
    "null": FieldType.NULL,
    "boolean": FieldType.BOOLEAN,
    "int": FieldType.INT,
    "long": FieldType.LONG,
    "float": FieldType.FLOAT,
    "double": FieldType.DOUBLE,
    "bytes": FieldType.BYTES,
    "string": FieldType.STRING,
    "record": FieldType.RECORD,
    "error": FieldType.RECORD,
    "enum": FieldType.ENUM,
    "array": FieldType.ARRAY,
    "map": FieldType.MAP,
    "fixed": FieldType.FIXED,
}
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "null": (type(None),),
    "boolean": (bool,),
    "int": (int,),
    "long": (int,),
    "float": (float, int),
    "double": (float, int),
    "bytes": (bytes,),
    "string": (str,),
    "enum": (str,),
    "fixed": (bytes,),
    "array": (list,),
    "map": (dict,),
    "record": (dict,),
    "error": (dict,),
}


def _resolve(schema: Any, named: dict[str, Any]) -> Any:
    if isinstance(schema, str) and schema in named:
        return named[schema]
    return schema


def field_type(schema: Any, named: dict[str, Any]) -> FieldType:
    """The FieldType of an Avro (sub)schema."""
    schema = _resolve(schema, named)
    if isinstance(schema, list):
        return FieldType.COMBINED
    if isinstance(schema, dict):
        schema = schema.get("type")
    return _PRIMITIVE_TYPES.get(schema, FieldType.NULL) if isinstance(schema, str) else FieldType.COMBINED


def _branch(union: list[Any], value: Any, named: dict[str, Any]) -> tuple[Any, Any]:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        for branch in union:
            resolved = _resolve(branch, named)
            if isinstance(resolved, dict) and resolved.get("name") == value[0]:
                return resolved, value[1]
    for branch in union:
        resolved = _resolve(branch, named)
        kind = resolved.get("type") if isinstance(resolved, dict) else resolved
        if kind in ("record", "error"):
            if isinstance(value, dict) and all(
                f["name"] in value or "default" in f for f in resolved["fields"]
            ):
                return resolved, value
        elif (
            isinstance(kind, str)
            and isinstance(value, _PYTHON_TYPES.get(kind, ()))
            and not (kind in ("int", "long", "float", "double") and isinstance(value, bool))
        ):
            return resolved, value
    return None, value


def _walk(ctx: RuleContext, schema: Any, value: Any, transform: FieldTransform, named: dict[str, Any]) -> Any:
    schema = _resolve(schema, named)
    if isinstance(schema, list):
        branch, inner = _branch(schema, value, named)
        if branch is None:
            return value
        result = _walk(ctx, branch, inner, transform, named)
        return (value[0], result) if isinstance(value, tuple) else result
    kind = schema.get("type") if isinstance(schema, dict) else schema
    if kind in ("record", "error") and isinstance(value, dict):
        record_name = schema["name"]
        for field in schema["fields"]:
            name = field["name"]
            if name not in value:
                continue
            tags = field.get("confluent:tags")
            ctx.enter_field(
                value,
                f"{record_name}.{name}",
                name,
                field_type(field["type"], named),
                set(tags) if tags else None,
            )
            try:
                new = _walk(ctx, field["type"], value[name], transform, named)
                if ctx.rule.kind == RuleKind.CONDITION:
                    if new is False:
                        raise RuleConditionError(ctx.rule)
                else:
                    value[name] = new
            finally:
                ctx.exit_field()
        return value
    if kind == "array" and isinstance(value, list):
        return [_walk(ctx, schema["items"], item, transform, named) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _walk(ctx, schema["values"], v, transform, named) for k, v in value.items()}
    current = ctx.current_field()
    if current is not None and ctx.applies_to(current):
        current.field_type = field_type(schema, named)
        return transform(ctx, current, value)
    return value


def avro_field_transformer(parsed: Any) -> FieldTransformer:
    """The field walk over records of the parsed schema ``parsed``."""
    named: dict[str, Any] = parsed.get("__named_schemas", {}) if isinstance(parsed, dict) else {}

    def walk(ctx: RuleContext, transform: FieldTransform, message: Any) -> Any:
        return _walk(ctx, parsed, message, transform, named)

    return walk
