"""The JSON Schema field walk for field-level rules: object properties (through ``$ref``, ``allOf``,
``anyOf``, ``oneOf``) and array items are entered with their path (``$.address.street``), type and tags
(``confluent:tags`` on the property schema, plus the schema metadata's)."""

from __future__ import annotations

from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .._model import RuleKind
from .._serde.field_context import FieldType
from .._serde.rule_execution import FieldTransform, FieldTransformer, RuleConditionError, RuleContext
from ._codec import CompiledJson

__all__ = ["json_field_transformer"]

_TYPES = {
    "object": FieldType.RECORD,
    "array": FieldType.ARRAY,
    "string": FieldType.STRING,
    "integer": FieldType.LONG,
    "number": FieldType.DOUBLE,
    "boolean": FieldType.BOOLEAN,
    "null": FieldType.NULL,
}
_MAX_DEPTH = 64


def _field_type(schema: Any) -> FieldType:
    if not isinstance(schema, dict):
        return FieldType.NULL
    if "enum" in schema or "const" in schema:
        return FieldType.ENUM
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if isinstance(kind, str):
        return _TYPES.get(kind, FieldType.NULL)
    return FieldType.COMBINED if any(k in schema for k in ("allOf", "anyOf", "oneOf")) else FieldType.NULL


class _Walker:
    def __init__(self, compiled: CompiledJson) -> None:
        registry: Registry[Any] = compiled.registry or Registry()
        root = Resource.from_contents(compiled.schema, default_specification=DRAFT7)
        self._resolver = registry.resolver_with_root(root)
        self._root = compiled.schema

    def _deref(self, schema: Any, resolver: Any, depth: int) -> tuple[Any, Any]:
        while isinstance(schema, dict) and "$ref" in schema and depth < _MAX_DEPTH:
            resolved = resolver.lookup(schema["$ref"])
            schema, resolver = resolved.contents, resolved.resolver
            depth += 1
        return schema, resolver

    def walk(
        self,
        ctx: RuleContext,
        schema: Any,
        resolver: Any,
        path: str,
        value: Any,
        transform: FieldTransform,
        depth: int = 0,
    ) -> Any:
        if depth > _MAX_DEPTH:
            return value
        schema, resolver = self._deref(schema, resolver, depth)
        if not isinstance(schema, dict):
            return value
        for combinator in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(combinator, ()):
                value = self.walk(ctx, sub, resolver, path, value, transform, depth + 1)
        properties = schema.get("properties")
        if isinstance(value, dict) and isinstance(properties, dict):
            for name, sub in properties.items():
                if name not in value:
                    continue
                target, _ = self._deref(sub, resolver, depth)
                tags = target.get("confluent:tags") if isinstance(target, dict) else None
                ctx.enter_field(
                    value, f"{path}.{name}", name, _field_type(target), set(tags) if tags else None
                )
                try:
                    new = self.walk(ctx, sub, resolver, f"{path}.{name}", value[name], transform, depth + 1)
                    if ctx.rule.kind == RuleKind.CONDITION:
                        if new is False:
                            raise RuleConditionError(ctx.rule)
                    else:
                        value[name] = new
                finally:
                    ctx.exit_field()
            return value
        items = schema.get("items")
        if isinstance(value, list) and isinstance(items, dict):
            return [self.walk(ctx, items, resolver, path, v, transform, depth + 1) for v in value]
        if isinstance(value, (dict, list)):
            return value
        current = ctx.current_field()
        if current is not None and ctx.applies_to(current):
            return transform(ctx, current, value)
        return value


def json_field_transformer(compiled: CompiledJson) -> FieldTransformer:
    """The field walk over records of ``compiled``."""
    walker = _Walker(compiled)

    def walk(ctx: RuleContext, transform: FieldTransform, message: Any) -> Any:
        return walker.walk(ctx, walker._root, walker._resolver, "$", message, transform)

    return walk
