"""AvroSerializer / AvroDeserializer and their async variants: the serde base with the Avro codec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from kafka_core import SerializationContext

from .._model import Schema
from .._serde.deserializer_base import (
    AsyncDeserializerMixin,
    Frame,
    ReadPlan,
    SchemaDeserializer,
    SyncDeserializerMixin,
)
from .._serde.rule_execution import FieldTransformer
from .._serde.serializer_base import AsyncSerializerMixin, SchemaSerializer, SyncSerializerMixin, WriteTarget
from ._codec import (
    CompiledAvro,
    compile_avro,
    decode,
    encode,
    explain,
    fast_decoder,
    fast_encoder,
    load_avro_schema,
)

__all__ = ["AsyncAvroDeserializer", "AsyncAvroSerializer", "AvroDeserializer", "AvroSerializer"]


class _AvroSerializer(SchemaSerializer):
    SCHEMA_TYPE = "AVRO"
    PLUGIN_NAME: ClassVar[str] = "avro"
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {
        "validate.strict": False,
        "validate.strict.allow.default": False,
    }

    def __init__(
        self,
        schema_registry_client: Any,
        schema_str: str | Schema | None = None,
        to_dict: Callable[[Any, SerializationContext], Any] | None = None,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        """Serialize records (dicts, or dataclass instances) with the Avro schema ``schema_str``.

        ``to_dict(obj, ctx)`` converts other objects first. ``conf`` takes the keys of
        the reference client (see ``docs/formats_avro.rst``). Raises ValueError for a
        bad configuration; a record that does not match the schema raises
        SerializationError naming the field path and the expected type.
        """
        super().__init__(schema_registry_client, schema_str, to_dict, conf, rule_conf, rule_registry)
        if self._schema is None:
            raise TypeError("schema_str must be an Avro schema string or a Schema")

    def _configure(self, extra: dict[str, Any]) -> None:
        for key in ("validate.strict", "validate.strict.allow.default"):
            if not isinstance(extra[key], bool):
                raise ValueError(f"{key} must be a boolean, not {extra[key]!r}")
        self._strict = bool(extra["validate.strict"])
        self._strict_allow_default = bool(extra["validate.strict.allow.default"])

    def _load_schema(self, schema_str: str | Schema | None) -> Schema | None:
        if isinstance(schema_str, str):
            return load_avro_schema(schema_str)
        return super()._load_schema(schema_str)

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledAvro:
        return compile_avro(schema, references)

    def _record_name(self, parsed: CompiledAvro) -> str | None:
        return parsed.name

    def _field_transformer(self, parsed: CompiledAvro) -> FieldTransformer | None:
        from ._fields import avro_field_transformer  # only schemas with rules need the walk

        return avro_field_transformer(parsed.parsed)

    def _encode(self, value: Any, target: WriteTarget, prefix: bytes) -> bytes:
        return encode(value, target.parsed, prefix, self._strict, self._strict_allow_default)

    def _fast_encoder(self, target: WriteTarget) -> Callable[[Any], bytes] | None:
        return fast_encoder(target.parsed, target.prefix or b"", self._strict, self._strict_allow_default)

    def _explain(self, value: Any, target: WriteTarget, exc: Exception) -> str:
        return explain(value, target.parsed, exc, self._strict)


class _AvroDeserializer(SchemaDeserializer):
    SCHEMA_TYPE = "AVRO"
    PLUGIN_NAME: ClassVar[str] = "avro"
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        schema_registry_client: Any,
        schema_str: str | Schema | None = None,
        from_dict: Callable[[Any, SerializationContext], Any] | None = None,
        return_record_name: bool = False,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        """Deserialize Avro records written with any registered schema, into ``schema_str``'s form if given.

        Records come back as dicts (``from_dict(dict, ctx)`` converts them); with
        ``return_record_name`` a union of records gives ``(record name, record)``.
        Bad framing, an unknown schema id or an undecodable payload raise
        SerializationError naming the topic, the schema id and the cause.
        """
        if not isinstance(return_record_name, bool):
            raise ValueError("return_record_name must be a boolean")
        self._return_record_name = return_record_name
        super().__init__(schema_registry_client, schema_str, from_dict, conf, rule_conf, rule_registry)

    def _load_schema(self, schema_str: str | Schema | None) -> Schema | None:
        if isinstance(schema_str, str):
            return load_avro_schema(schema_str)
        return super()._load_schema(schema_str)

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledAvro:
        return compile_avro(schema, references)

    def _record_name(self, parsed: CompiledAvro) -> str | None:
        return parsed.name

    def _field_transformer(self, parsed: CompiledAvro) -> FieldTransformer | None:
        from ._fields import avro_field_transformer  # only schemas with rules need the walk

        return avro_field_transformer(parsed.parsed)

    def _fast_decoder(self, plan: ReadPlan, frame: Frame) -> Callable[[bytes], Any] | None:
        reader = None if plan.reader is plan.writer else plan.reader
        return fast_decoder(plan.writer, reader, frame.start, self._return_record_name)

    def _decode(self, data: bytes, frame: Frame, plan: ReadPlan, migrating: bool) -> Any:
        writer = plan.writer
        reader = None if migrating or plan.reader is writer else plan.reader
        return decode(data, frame.start, writer, reader, self._return_record_name)


class AvroSerializer(SyncSerializerMixin, _AvroSerializer):
    """Avro serializer for a ``SchemaRegistryClient``: ``serializer(record, ctx) -> bytes``."""


class AsyncAvroSerializer(AsyncSerializerMixin, _AvroSerializer):  # type: ignore[misc]
    """Avro serializer for an ``AsyncSchemaRegistryClient``: ``await serializer(record, ctx) -> bytes``."""


class AvroDeserializer(SyncDeserializerMixin, _AvroDeserializer):
    """Avro deserializer for a ``SchemaRegistryClient``: ``deserializer(data, ctx) -> dict | object``."""


class AsyncAvroDeserializer(AsyncDeserializerMixin, _AvroDeserializer):
    """Avro deserializer for an ``AsyncSchemaRegistryClient``: ``await deserializer(data, ctx)``."""
