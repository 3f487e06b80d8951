"""What schema serializers and deserializers share: the registry client, compiled schemas (compiled once,
with their references), the subject cache, the rule runner, and the format hooks both sides implement."""

from __future__ import annotations

from typing import Any, ClassVar

from kafka_core import SerializationContext, SerializationError

from .._model import Schema
from .registry_io import Steps
from .rule_execution import FieldTransformer, RuleRunner
from .schema_resolution import referenced_schemas, subject_for

__all__ = ["SchemaSerde"]


class SchemaSerde:
    """What serializers and deserializers share: the registry, compiled schemas and rules."""

    #: The registry's schema type of the format (``"AVRO"``, ``"JSON"``, ``"PROTOBUF"``).
    SCHEMA_TYPE: ClassVar[str] = ""
    #: The ``format`` asked of the registry for this format's schemas (Protobuf: ``"serialized"``).
    REGISTRY_FORMAT: ClassVar[str | None] = None

    _registry: Any
    _rules: RuleRunner
    _compiled: dict[Schema, Any]
    _subjects: dict[tuple[Any, ...], str | None]

    def _init_serde(self, client: Any, rule_conf: dict[str, Any] | None, rule_registry: Any) -> None:
        self._registry = client
        plugins = rule_registry
        client_conf: dict[str, Any] = {}
        config = getattr(client, "config", None)
        if callable(config):
            try:
                found = config()
                client_conf = dict(found) if isinstance(found, dict) else {}
            except Exception:  # a client whose config needs I/O (async); executors get none
                client_conf = {}
        self._rules = RuleRunner(plugins, rule_conf, client_conf)
        self._compiled = {}
        self._subjects = {}

    # -- format hooks ----------------------------------------------------------------------------------------

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> Any:
        """Compile ``schema`` (with its referenced schemas, dependencies first) for the format's codec."""
        raise NotImplementedError

    def _record_name(self, parsed: Any) -> str | None:
        """The fully qualified record name of a compiled schema, for the record strategies."""
        return None

    def _field_transformer(self, parsed: Any) -> FieldTransformer | None:
        """The format's walk over a record's fields, for field-level rule executors."""
        return None

    def _inline_tags(self, parsed: Any) -> dict[str, set[str]] | None:
        """Tags written inside the schema, by field path, for rules."""
        return None

    # -- shared steps ----------------------------------------------------------------------------------------

    def _compiled_schema(self, schema: Schema) -> Steps[Any]:
        """The compiled form of ``schema``, compiled once (its references fetched once)."""
        found = self._compiled.get(schema)
        if found is None:
            references = yield from referenced_schemas(schema, self.REGISTRY_FORMAT)
            try:
                found = self._compile(schema, references)
            except SerializationError:
                raise
            except Exception as exc:
                raise SerializationError(f"invalid {self.SCHEMA_TYPE} schema: {exc}") from exc
            self._compiled[schema] = found
        return found

    def _subject(
        self, strategy: Any, ctx: SerializationContext | None, record_name: str | None
    ) -> Steps[str | None]:
        key = (ctx.topic, ctx.field, record_name) if ctx is not None else (None, None, record_name)
        if key in self._subjects:
            return self._subjects[key]
        subject = yield from subject_for(strategy, ctx, record_name)
        self._subjects[key] = subject
        return subject

    def close(self) -> None:
        """Close the rule executors and actions this serde created."""
        self._rules.close()
