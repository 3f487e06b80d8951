"""The schema serializer base: subject, schema id, rules and framing around a format's encoder.

A format subclasses :class:`SchemaSerializer` and provides how to load, compile
and encode its schemas; the sync and async public classes differ only in how
they run the resolution steps (see :mod:`.registry_io`). After the first record
of a topic and field, a record costs a dict lookup, the format's encoder and
the framing: no registry call, no schema parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, ClassVar

from kafka_core import SerializationContext, SerializationError, Serializer

from .._model import RegisteredSchema, RuleMode, RulePhase, Schema
from .framing import SchemaId, add_schema_id_header, header_schema_id_serializer, prefix_schema_id_serializer
from .registry_io import Steps, call, run_async, run_sync
from .rule_execution import ScheduledRules
from .schema_resolution import latest_schema
from .schema_serde import VALIDATION_RULE_KEYS, AsyncSerdeMixin, SchemaSerde
from .serde_config import SerializerConfig, parse_serializer_config

__all__ = ["AsyncSerializerMixin", "SchemaSerializer", "SyncSerializerMixin", "WriteTarget"]


class WriteTarget:
    """Everything a serializer needs for one topic and field, resolved once."""

    __slots__ = (
        "domain_rules",
        "encoding_rules",
        "fast",
        "header",
        "parsed",
        "prefix",
        "registered",
        "schema",
        "schema_id",
        "subject",
    )

    def __init__(
        self, subject: str, registered: RegisteredSchema, schema: Schema, parsed: Any, schema_id: SchemaId
    ) -> None:
        self.subject = subject
        self.registered = registered
        self.schema = schema
        self.parsed = parsed
        self.schema_id = schema_id
        #: Framing written in front of the payload by the encoder itself (default framing, no encoding rules).
        self.prefix: bytes | None = None
        #: Header value when the id goes into a header (``header_schema_id_serializer``).
        self.header: bytes | None = None
        self.domain_rules: ScheduledRules | None = None
        self.encoding_rules: ScheduledRules | None = None
        #: ``record -> framed bytes`` when nothing but the encoding and the prefix is needed.
        self.fast: Callable[[Any], bytes] | None = None


def _where(ctx: SerializationContext | None) -> str:
    return f"topic {ctx.topic!r} {ctx.field}" if ctx is not None else "no topic"


class SchemaSerializer(SchemaSerde, Serializer):
    """Base of the schema serializers (``(obj, ctx) -> bytes``); see the format classes for the arguments."""

    #: The format's own configuration keys and their defaults.
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {}
    _config: SerializerConfig

    def __init__(
        self,
        schema_registry_client: Any,
        schema_str: str | Schema | None = None,
        to_dict: Callable[[Any, SerializationContext], Any] | None = None,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        self._init_serde(schema_registry_client, rule_conf, rule_registry)
        self._config = parse_serializer_config(
            conf, {**VALIDATION_RULE_KEYS, **self.FORMAT_CONFIG}, rule_registry
        )
        self.configure_validation_rules(self._config.extra)
        self._configure(self._config.extra)
        if to_dict is not None and not callable(to_dict):
            raise ValueError("to_dict must be callable: to_dict(obj, SerializationContext) -> dict")
        self._to_dict = to_dict
        self._schema = self._load_schema(schema_str)
        self._targets: dict[Any, WriteTarget] = {}
        # topic -> the target's fast encoder, for values and for keys, looked up first on every record
        # (keyed by topic alone: hashing the MessageField enum costs more than the encoding of small records).
        self._fast_values: dict[str, Callable[[Any], bytes]] = {}
        self._fast_keys: dict[str, Callable[[Any], bytes]] = {}

    def _forget_resolved(self) -> None:
        super()._forget_resolved()
        self._targets.clear()
        self._fast_values.clear()
        self._fast_keys.clear()

    # -- format hooks ----------------------------------------------------------------------------------------

    def _schema_of(self, obj: Any, ctx: SerializationContext | None) -> Steps[Schema]:
        """The schema to register for ``obj`` (formats deriving it from the record override this)."""
        if self._schema is None:
            raise SerializationError(f"{type(self).__name__} needs a schema")
        return self._schema
        yield  # pragma: no cover - makes this a generator

    def _message_indexes(self, parsed: Any) -> list[int] | None:
        """Protobuf message indexes written after the schema id."""
        return None

    def _encode(self, value: Any, target: WriteTarget, prefix: bytes) -> bytes:
        """``prefix`` followed by ``value`` encoded with ``target.parsed``."""
        raise NotImplementedError

    def _explain(self, value: Any, target: WriteTarget, exc: Exception) -> str:
        """Why ``value`` could not be encoded, naming the field path and the expected type if possible."""
        return f"{type(exc).__name__}: {exc}"

    # -- resolution ------------------------------------------------------------------------------------------

    def _resolve(self, obj: Any, ctx: SerializationContext | None) -> Steps[WriteTarget]:
        config = self._config
        schema = yield from self._schema_of(obj, ctx)
        own = yield from self._compiled_schema(schema)
        subject = yield from self._subject(config.subject_name_strategy, ctx, self._record_name(own))
        if subject is None:
            raise SerializationError(f"{_where(ctx)}: the subject name strategy gave no subject")
        latest = yield from latest_schema(
            subject,
            config.use_schema_id,
            config.use_latest_with_metadata,
            config.use_latest_version,
            self.REGISTRY_FORMAT,
        )
        if latest is not None:
            registered = latest
            parsed = yield from self._compiled_schema(latest.schema)
            written = latest.schema
        else:
            if config.auto_register:
                registered = yield call(
                    "register_schema_full_response", subject, schema, normalize_schemas=config.normalize
                )
            else:
                registered = yield call("lookup_schema", subject, schema, normalize_schemas=config.normalize)
            parsed = own
            written = schema
        schema_id = SchemaId(
            self.SCHEMA_TYPE, registered.schema_id, registered.guid, self._message_indexes(parsed)
        )
        target = WriteTarget(subject, registered, written, parsed, schema_id)
        if latest is not None and ctx is not None:
            rule_set = latest.schema.rule_set
            has_domain_rules = rule_set is not None and bool(rule_set.domain_rules)
            target.domain_rules = self._rules.schedule(
                RulePhase.DOMAIN,
                RuleMode.WRITE,
                subject,
                None,
                latest.schema,
                self._inline_tags(parsed) if has_domain_rules else None,
                self._field_transformer(parsed) if has_domain_rules else None,
            )
            target.encoding_rules = self._rules.schedule(
                RulePhase.ENCODING, RuleMode.WRITE, subject, None, latest.schema
            )
        framer = config.schema_id_serializer
        if target.encoding_rules is None and framer is prefix_schema_id_serializer:
            target.prefix = schema_id.id_to_bytes()
        elif framer is header_schema_id_serializer:
            target.header = schema_id.guid_to_bytes()
        if target.prefix is not None and target.domain_rules is None and self._to_dict is None:
            target.fast = self._fast_encoder(target)
        return target

    def _fast_encoder(self, target: WriteTarget) -> Callable[[Any], bytes] | None:
        """A ``record -> prefix + encoding`` function for ``target``, or None; it may raise on bad records
        (the record is then encoded again the ordinary way, to explain the failure)."""
        return None

    def _remember(self, ctx: SerializationContext | None, target: WriteTarget) -> None:
        if target.fast is None or ctx is None:
            return
        if ctx.field == "value":
            self._fast_values[ctx.topic] = target.fast
        elif ctx.field == "key":
            self._fast_keys[ctx.topic] = target.fast

    def _resolve_failed(self, ctx: SerializationContext | None, exc: Exception) -> SerializationError:
        if isinstance(exc, SerializationError):
            return exc
        return SerializationError(
            f"{_where(ctx)}: cannot resolve the {self.SCHEMA_TYPE} schema to write with:"
            f" {type(exc).__name__}: {exc}"
        )

    @staticmethod
    def _target_key(ctx: SerializationContext | None) -> Any:
        return (ctx.topic, ctx.field) if ctx is not None else None

    # -- per record ------------------------------------------------------------------------------------------

    def _write(self, obj: Any, ctx: SerializationContext | None, target: WriteTarget) -> bytes:
        value: Any = obj
        try:
            if self._to_dict is not None:
                if ctx is None:
                    raise SerializationError("to_dict needs a SerializationContext")
                value = self._to_dict(obj, ctx)
            if target.domain_rules is not None:
                value = self._rules.run(target.domain_rules, ctx, value)  # type: ignore[arg-type]
            prefix = target.prefix
            if prefix is not None:
                return self._encode(value, target, prefix)
            payload = self._encode(value, target, b"")
            if target.encoding_rules is not None:
                payload = self._rules.run(target.encoding_rules, ctx, payload)  # type: ignore[arg-type]
            if target.header is not None:
                if ctx is None:
                    raise SerializationError(
                        "the schema id goes in a header, which needs a SerializationContext"
                    )
                add_schema_id_header(ctx, target.header)
                return payload
            return self._config.schema_id_serializer(payload, ctx, target.schema_id)
        except SerializationError as exc:
            if _where(ctx) in str(exc):
                raise
            raise SerializationError(f"{_where(ctx)} subject {target.subject!r}: {exc}") from exc
        except Exception as exc:
            raise SerializationError(
                f"{_where(ctx)} subject {target.subject!r} schema id "
                f"{target.registered.schema_id}: {self._explain(value, target, exc)}"
            ) from exc


class SyncSerializerMixin:
    """``__call__`` for serializers backed by a synchronous registry client."""

    def __call__(self: Any, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        fast = None
        if ctx is not None:
            field = ctx.field
            if field == "value":
                fast = self._fast_values.get(ctx.topic)
            elif field == "key":
                fast = self._fast_keys.get(ctx.topic)
        if fast is not None and obj is not None:
            try:
                return fast(obj)  # type: ignore[no-any-return]
            except Exception:  # encoded again below, which explains the failure
                pass
        if obj is None:
            return None
        key = self._target_key(ctx)
        target = self._targets.get(key)
        if target is None:
            try:
                target = run_sync(self._resolve(obj, ctx), self._registry)
            except Exception as exc:
                raise self._resolve_failed(ctx, exc) from exc
            self._targets[key] = target
            self._remember(ctx, target)
        return self._write(obj, ctx, target)  # type: ignore[no-any-return]


class AsyncSerializerMixin(AsyncSerdeMixin):
    """``async __call__`` for serializers backed by an ``AsyncSchemaRegistryClient``.

    ``await AsyncXSerializer(...)`` is accepted (as with the reference) and gives the serializer.
    """

    async def _first_target(self: Any, obj: Any, ctx: SerializationContext | None) -> WriteTarget:
        """Resolve the target of ``ctx``'s topic and field (first record there) and keep it."""
        try:
            target = await run_async(self._resolve(obj, ctx), self._registry)
        except Exception as exc:
            raise self._resolve_failed(ctx, exc) from exc
        self._targets[self._target_key(ctx)] = target
        return target  # type: ignore[no-any-return]

    async def __call__(self: Any, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        target = self._targets.get(self._target_key(ctx))
        if target is None:
            target = await self._first_target(obj, ctx)
        fast = target.fast
        if fast is not None:
            try:
                return fast(obj)  # type: ignore[no-any-return]
            except Exception:  # encoded again below, which explains the failure
                pass
        return self._write(obj, ctx, target)  # type: ignore[no-any-return]

    def __await__(self) -> Generator[Any, None, Any]:
        return _itself(self).__await__()


async def _itself(obj: Any) -> Any:
    return obj
