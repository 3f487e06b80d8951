"""JSONSerializer / JSONDeserializer and their async variants: the serde base with JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from kafka_core import SerializationContext, SerializationError

from .._model import Schema
from .._serde.deserializer_base import (
    AsyncDeserializerMixin,
    Frame,
    ReadPlan,
    SchemaDeserializer,
    SyncDeserializerMixin,
)
from .._serde.rule_execution import FieldTransformer
from .._serde.schema_serde import VALIDATION_RULE_KEYS
from .._serde.serializer_base import AsyncSerializerMixin, SchemaSerializer, SyncSerializerMixin, WriteTarget
from ._codec import CompiledJson, compact_dumps, compile_json, encode
from ._validators import engine_for

__all__ = ["AsyncJSONDeserializer", "AsyncJSONSerializer", "JSONDeserializer", "JSONSerializer"]

# The reference's deserializer does not take the validation rule keys; ours accepts them (base checks them).
_RULE_KEYS = {**VALIDATION_RULE_KEYS, "validate.engine": "jsonschema"}


def _validate_flag(extra: dict[str, Any]) -> bool:
    value = extra["validate"]
    if not isinstance(value, bool):
        raise ValueError(f"validate must be a boolean, not {value!r}")
    return value


class _JSONSerializer(SchemaSerializer):
    SCHEMA_TYPE = "JSON"
    PLUGIN_NAME: ClassVar[str] = "json"
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {"validate": True, **_RULE_KEYS}

    def __init__(
        self,
        schema_str: str | Schema | None,
        schema_registry_client: Any,
        to_dict: Callable[[Any, SerializationContext], Any] | None = None,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
        json_encode: Callable[[Any], str | bytes] | None = None,
    ) -> None:
        """Serialize records (dicts, lists, scalars) as JSON checked against the JSON Schema ``schema_str``.

        ``validate`` (on by default) checks every record with a validator built once
        per schema; a rejected record raises SerializationError naming the field path.
        ``json_encode(value) -> str | bytes`` replaces the compact UTF-8 encoder.
        """
        if json_encode is not None and not callable(json_encode):
            raise ValueError("json_encode must be callable")
        self._json_encode = json_encode
        super().__init__(schema_registry_client, schema_str, to_dict, conf, rule_conf, rule_registry)
        if self._schema is None:
            raise TypeError("schema_str must be a JSON Schema string or a Schema")

    def _configure(self, extra: dict[str, Any]) -> None:
        self._validate = _validate_flag(extra)
        self._engine = engine_for(extra["validate.engine"])

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledJson:
        return compile_json(schema, references, self._engine)

    def _record_name(self, parsed: CompiledJson) -> str | None:
        return parsed.title

    def _field_transformer(self, parsed: CompiledJson) -> FieldTransformer | None:
        from ._fields import json_field_transformer  # only schemas with rules need the walk

        return json_field_transformer(parsed)

    def _fast_encoder(self, target: WriteTarget) -> Callable[[Any], bytes] | None:
        if self._json_encode is not None:
            return None
        prefix = target.prefix or b""
        dumps = compact_dumps
        if not self._validate:
            return lambda value: prefix + dumps(value).encode()
        is_valid = target.parsed.validator.is_valid

        def write(value: Any) -> bytes:
            if not is_valid(value):
                raise ValueError("invalid record")
            return prefix + dumps(value).encode()

        return write

    def _encode(self, value: Any, target: WriteTarget, prefix: bytes) -> bytes:
        if self._validate:
            validator = target.parsed.validator
            if not validator.is_valid(value):
                raise SerializationError(f"the record does not match its schema: {validator.explain(value)}")
        if self._json_encode is None:
            return encode(value, prefix)
        text = self._json_encode(value)
        raw = text.encode() if isinstance(text, str) else bytes(text)
        return prefix + raw


class _JSONDeserializer(SchemaDeserializer):
    SCHEMA_TYPE = "JSON"
    PLUGIN_NAME: ClassVar[str] = "json"
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {"validate": True, **_RULE_KEYS}

    def __init__(
        self,
        schema_str: str | Schema | None,
        from_dict: Callable[[Any, SerializationContext], Any] | None = None,
        schema_registry_client: Any = None,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
        json_decode: Callable[[bytes], Any] | None = None,
    ) -> None:
        """Deserialize JSON records, validated (``validate``, on by default) against the reader schema.

        The reader schema is ``schema_str`` if given, else the writer's (which needs
        ``schema_registry_client``). Undecodable or invalid records raise
        SerializationError naming the topic, the schema id and the field path.
        """
        if json_decode is not None and not callable(json_decode):
            raise ValueError("json_decode must be callable")
        self._json_decode = json_decode or json.loads
        super().__init__(schema_registry_client, schema_str, from_dict, conf, rule_conf, rule_registry)

    def _configure(self, extra: dict[str, Any]) -> None:
        self._validate = _validate_flag(extra)
        self._engine = engine_for(extra["validate.engine"])

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledJson:
        return compile_json(schema, references, self._engine)

    def _record_name(self, parsed: CompiledJson) -> str | None:
        return parsed.title

    def _field_transformer(self, parsed: CompiledJson) -> FieldTransformer | None:
        from ._fields import json_field_transformer  # only schemas with rules need the walk

        return json_field_transformer(parsed)

    def _plan(self, frame: Frame, ctx: SerializationContext | None) -> Any:
        if self._registry is None and self._schema is not None:
            # Without a registry, the configured schema reads every record (as the reference does).
            own = yield from self._own_schema()
            return ReadPlan(None, self._schema, own, self._schema, own)
        return (yield from super()._plan(frame, ctx))

    def _fast_decoder(self, plan: ReadPlan, frame: Frame) -> Callable[[bytes], Any] | None:
        loads, start = self._json_decode, frame.start
        if not self._validate:
            return lambda data: loads(data[start:])
        is_valid = plan.reader.validator.is_valid

        def read(data: bytes) -> Any:
            value = loads(data[start:])
            if not is_valid(value):
                raise ValueError("invalid record")
            return value

        return read

    def _decode(self, data: bytes, frame: Frame, plan: ReadPlan, migrating: bool) -> Any:
        value = self._json_decode(data[frame.start :] if frame.start else data)
        if self._validate and not migrating:
            self._check(value, plan)
        return value

    def _after_migration(self, value: Any, plan: ReadPlan) -> Any:
        if self._validate:
            self._check(value, plan)
        return value

    @staticmethod
    def _check(value: Any, plan: ReadPlan) -> None:
        if not plan.reader.validator.is_valid(value):
            problem = plan.reader.validator.explain(value)
            raise SerializationError(f"the record does not match the reader schema: {problem}")


class JSONSerializer(SyncSerializerMixin, _JSONSerializer):
    """JSON Schema serializer for a ``SchemaRegistryClient``: ``serializer(record, ctx) -> bytes``."""


class AsyncJSONSerializer(AsyncSerializerMixin, _JSONSerializer):  # type: ignore[misc]
    """JSON Schema serializer for an ``AsyncSchemaRegistryClient``: ``await serializer(record, ctx)``."""


class JSONDeserializer(SyncDeserializerMixin, _JSONDeserializer):
    """JSON Schema deserializer for a ``SchemaRegistryClient``: ``deserializer(data, ctx) -> object``."""


class AsyncJSONDeserializer(AsyncDeserializerMixin, _JSONDeserializer):
    """JSON Schema deserializer for an ``AsyncSchemaRegistryClient``: ``await deserializer(data, ctx)``."""
