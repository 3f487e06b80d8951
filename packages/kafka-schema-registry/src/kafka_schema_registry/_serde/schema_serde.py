"""What schema serializers and deserializers share: the registry client, compiled schemas (compiled once,
with their references), the subject cache, the rule runner, and the format hooks both sides implement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from kafka_core import SerializationContext, SerializationError

from .._model import Schema
from .registry_io import Steps
from .rule_execution import FieldTransformer, RuleRunner
from .schema_resolution import referenced_schemas, subject_for
from .serde_config import CommonConfig, resolve_subject_name_strategy

__all__ = ["VALIDATION_RULE_KEYS", "AsyncSerdeMixin", "SchemaSerde"]

#: The configuration keys of inline validation rules, with their defaults (serializers take them).
VALIDATION_RULE_KEYS: dict[str, Any] = {
    "validation.rules.execution": "DISABLED",
    "validation.rules.fail.fast": False,
    "validation.rules.executor": None,
}
_EXECUTIONS = ("DISABLED", "BEFORE_DOMAIN_RULES", "AFTER_DOMAIN_RULES")


class SchemaSerde:
    """What serializers and deserializers share: the registry, compiled schemas and rules."""

    #: The registry's schema type of the format (``"AVRO"``, ``"JSON"``, ``"PROTOBUF"``).
    SCHEMA_TYPE: ClassVar[str] = ""
    #: The ``format`` asked of the registry for this format's schemas (Protobuf: ``"serialized"``).
    REGISTRY_FORMAT: ClassVar[str | None] = None

    _registry: Any
    _owns_registry: bool
    _rule_registry: Any
    _rules: RuleRunner
    _compiled: dict[Schema, Any]
    _subjects: dict[tuple[Any, ...], str | None]
    _cluster_id_resolver: Callable[[], Any] | None
    _validation_rules_execution: str
    _validation_rules_fail_fast: bool
    _validation_rule_executor: Any
    _config: CommonConfig

    def _init_serde(self, client: Any, rule_conf: dict[str, Any] | None, rule_registry: Any) -> None:
        self._registry = client
        self._owns_registry = False
        self._rule_registry = rule_registry
        self._cluster_id_resolver = None
        self._validation_rules_execution = "DISABLED"
        self._validation_rules_fail_fast = False
        self._validation_rule_executor = None
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
        subject = yield from subject_for(strategy, ctx, record_name, self._cluster_id_resolver)
        self._subjects[key] = subject
        return subject

    def _forget_resolved(self) -> None:
        """Drop what was resolved per topic (subjects, schemas to write or read with)."""
        self._subjects.clear()

    # -- format hooks ----------------------------------------------------------------------------------------

    def _configure(self, extra: dict[str, Any]) -> None:
        """Take the format's own configuration keys."""

    def _load_schema(self, schema_str: str | Schema | None) -> Schema | None:
        """The schema given at construction as a :class:`Schema` (None if the format derives it later)."""
        if schema_str is None or isinstance(schema_str, Schema):
            return schema_str
        if isinstance(schema_str, str):
            return Schema(schema_str, self.SCHEMA_TYPE)
        raise TypeError(f"schema_str must be a str or a Schema, not {type(schema_str).__name__}")

    # -- the reference's serde methods -----------------------------------------------------------------------

    def configure_subject_name_strategy(
        self,
        subject_name_strategy_type: Any = None,
        subject_name_strategy_conf: dict[str, Any] | None = None,
        subject_name_strategy: Any = None,
    ) -> None:
        """Replace the subject name strategy, as the ``subject.name.strategy*`` keys of ``conf`` set it.

        ``subject_name_strategy`` (a callable or a plugin name) wins over
        ``subject_name_strategy_type`` (TOPIC, RECORD, TOPIC_RECORD, ASSOCIATED, or a plugin
        name); with neither, the associated strategy (falling back to TOPIC) is used.
        ``subject_name_strategy_conf`` configures the associated strategy. Subjects and
        schemas resolved with the previous strategy are forgotten. Raises ValueError for a
        strategy that is not callable, the NONE type, a name nobody provides, or a conf that
        is not a dict.
        """
        if subject_name_strategy_conf is not None and not isinstance(subject_name_strategy_conf, dict):
            raise ValueError(f"subject.name.strategy.conf must be a dict, not {subject_name_strategy_conf!r}")
        strategy = resolve_subject_name_strategy(
            subject_name_strategy, subject_name_strategy_type, subject_name_strategy_conf, self._rule_registry
        )
        self._config.subject_name_strategy = strategy
        self._forget_resolved()

    def configure_validation_rules(self, conf: dict[str, Any]) -> None:
        """Take (pop) the inline validation rule keys out of ``conf`` and check them.

        ``validation.rules.execution`` is DISABLED, BEFORE_DOMAIN_RULES or
        AFTER_DOMAIN_RULES (a str or an enum member with that value);
        ``validation.rules.fail.fast`` a bool; ``validation.rules.executor`` is kept as
        given. Raises ValueError for a bad value, and for an execution other than DISABLED:
        inline validation rules are not supported yet.
        """
        execution = conf.pop("validation.rules.execution", "DISABLED")
        name = getattr(execution, "value", execution)
        if not isinstance(name, str) or name not in _EXECUTIONS:
            raise ValueError(
                f"validation.rules.execution must be one of {', '.join(_EXECUTIONS)}, not {execution!r}"
            )
        fail_fast = conf.pop("validation.rules.fail.fast", False)
        if not isinstance(fail_fast, bool):
            raise ValueError(f"validation.rules.fail.fast must be a boolean, not {fail_fast!r}")
        executor = conf.pop("validation.rules.executor", None)
        if name != "DISABLED":
            raise ValueError(
                "validation.rules.execution: inline validation rules are not supported yet; use DISABLED"
            )
        self._validation_rules_execution = name
        self._validation_rules_fail_fast = fail_fast
        self._validation_rule_executor = executor

    def set_cluster_id_resolver(self, resolver: Callable[[], Any]) -> None:
        """Receive a callable giving the Kafka cluster id; the associated strategy calls it when needed.

        It is called (never here) on a subject lookup that asks the registry, as the
        resource namespace of the associations, unless
        ``subject.name.strategy.kafka.cluster.id`` is configured. A resolver that raises
        or gives no id makes that lookup raise SerializationError (tried again on the
        next record). Other strategies ignore it; the last resolver set wins.
        """
        self._cluster_id_resolver = resolver

    def own_schema_registry_client(self) -> None:
        """Make this serde close its Schema Registry client when it is closed (``close()`` /
        ``aclose()``); a client the application supplied is otherwise never closed."""
        self._owns_registry = True

    def _take_owned_registry(self, method: str) -> Callable[[], Any] | None:
        """The owned client's ``method`` (once: ownership ends here), or None."""
        if not self._owns_registry or self._registry is None:
            return None
        closer = getattr(self._registry, method, None)
        if closer is None:
            return None
        self._owns_registry = False
        return closer  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close the rule executors and actions this serde created, and the Schema Registry client if it
        owns it (:meth:`own_schema_registry_client`) and it closes synchronously (an async client is
        closed by ``aclose()``). Safe to call more than once."""
        try:
            self._rules.close()
        finally:
            closer = self._take_owned_registry("close")
            if closer is not None:
                closer()


class AsyncSerdeMixin(SchemaSerde):
    """What the async serdes add: ``aclose()`` and an awaitable cluster-id resolver."""

    def set_async_cluster_id_resolver(self, resolver: Callable[[], Awaitable[Any]]) -> None:
        """Receive a coroutine function giving the Kafka cluster id; awaited as
        :meth:`set_cluster_id_resolver` describes (a plain callable works too)."""
        self._cluster_id_resolver = resolver

    async def aclose(self) -> None:
        """Close the rule executors and actions this serde created, and the Schema Registry client if it
        owns it (``aclose()``, else ``close()``). Safe to call more than once."""
        try:
            self._rules.close()
        finally:
            closer = self._take_owned_registry("aclose") or self._take_owned_registry("close")
            if closer is not None:
                result = closer()
                if hasattr(result, "__await__"):
                    await result
