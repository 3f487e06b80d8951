"""The schema deserializer base: framing, writer and reader schemas, migrations and rules around a format's
decoder.

The framing is read per record (the header ``__key_schema_id`` / ``__value_schema_id``
first, then the payload prefix, magic byte 0 or 1). The plan for a schema id
(compiled writer and reader schemas, migration and read rules) is built once
per schema id, topic and field and cached; later records cost a dict lookup
and the format's decoder.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Generator
from typing import Any, ClassVar

from kafka_core import Deserializer, SerializationContext, SerializationError

from .._model import (
    RuleMode,
    RulePhase,
    Schema,
)
from .framing import (
    MAGIC_BYTE_V0,
    MAGIC_BYTE_V1,
    SchemaId,
    dual_schema_id_deserializer,
    find_schema_id_header,
)
from .registry_io import Steps, run_async, run_sync
from .rule_execution import ScheduledRules
from .schema_resolution import latest_schema, migrations_between, writer_schema
from .schema_serde import AsyncSerdeMixin, SchemaSerde
from .serde_config import DeserializerConfig, parse_deserializer_config

__all__ = ["AsyncDeserializerMixin", "Frame", "ReadPlan", "SchemaDeserializer", "SyncDeserializerMixin"]


class Frame:
    """Where a record's schema id was found, and where its payload starts."""

    __slots__ = ("indexes", "key", "start")

    def __init__(self, key: bytes, start: int, indexes: list[int] | None) -> None:
        #: Magic byte and id (5 bytes) or GUID (17 bytes): the cache key of the writer schema.
        self.key = key
        self.start = start
        self.indexes = indexes

    def schema_id(self) -> tuple[int | None, str | None]:
        """The integer id or the GUID (as a string) of the frame."""
        if self.key[0] == MAGIC_BYTE_V0:
            return int.from_bytes(self.key[1:5], "big"), None
        return None, str(uuid.UUID(bytes=self.key[1:17]))

    def describe(self) -> str:
        schema_id, guid = self.schema_id()
        return f"schema id {schema_id}" if schema_id is not None else f"schema GUID {guid}"


class ReadPlan:
    """How to read records of one writer schema on one topic and field."""

    __slots__ = (
        "cache",
        "domain_rules",
        "encoding_rules",
        "migrations",
        "reader",
        "reader_schema",
        "subject",
        "writer",
        "writer_schema",
    )

    def __init__(
        self, subject: str | None, writer_schema: Schema, writer: Any, reader_schema: Schema, reader: Any
    ) -> None:
        self.subject = subject
        self.writer_schema = writer_schema
        self.writer = writer
        self.reader_schema = reader_schema
        self.reader = reader
        self.migrations: tuple[ScheduledRules, ...] = ()
        self.domain_rules: ScheduledRules | None = None
        self.encoding_rules: ScheduledRules | None = None
        #: Per-format memo (e.g. Protobuf message classes by index path).
        self.cache: dict[Any, Any] = {}


def _where(ctx: SerializationContext | None) -> str:
    return f"topic {ctx.topic!r} {ctx.field}" if ctx is not None else "no topic"


class SchemaDeserializer(SchemaSerde, Deserializer):
    """Base of the schema deserializers (``(data, ctx) -> object``)."""

    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {}
    #: Whether the framing carries Protobuf message indexes.
    HAS_MESSAGE_INDEXES: ClassVar[bool] = False
    _config: DeserializerConfig

    def __init__(
        self,
        schema_registry_client: Any,
        schema_str: str | Schema | None = None,
        from_dict: Callable[[Any, SerializationContext], Any] | None = None,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        self._init_serde(schema_registry_client, rule_conf, rule_registry)
        self._config = parse_deserializer_config(conf, self.FORMAT_CONFIG, rule_registry)
        self.configure_validation_rules(self._config.extra)
        self._configure(self._config.extra)
        if from_dict is not None and not callable(from_dict):
            raise ValueError("from_dict must be callable: from_dict(dict, SerializationContext) -> object")
        self._from_dict = from_dict
        self._schema = self._load_schema(schema_str)
        self._plans: dict[Any, ReadPlan] = {}
        self._default_framing = self._config.schema_id_deserializer is dual_schema_id_deserializer
        # topic -> (framing prefix, data -> value), for values and for keys: the last plain schema seen
        # there, so a record written with it costs a prefix comparison and the decoder.
        self._fast_values: dict[str, tuple[bytes, Callable[[bytes], Any]]] = {}
        self._fast_keys: dict[str, tuple[bytes, Callable[[bytes], Any]]] = {}

    def _forget_resolved(self) -> None:
        super()._forget_resolved()
        self._plans.clear()
        self._fast_values.clear()
        self._fast_keys.clear()

    # -- format hooks ----------------------------------------------------------------------------------------

    def _decode(self, data: bytes, frame: Frame, plan: ReadPlan, migrating: bool) -> Any:
        """Decode ``data[frame.start:]``; with ``migrating``, into the writer's form (migrations follow)."""
        raise NotImplementedError

    # -- framing ---------------------------------------------------------------------------------------------

    def _frame(self, data: bytes, ctx: SerializationContext | None) -> Frame:
        if not self._default_framing:
            schema_id = SchemaId(self.SCHEMA_TYPE)
            buffer = self._config.schema_id_deserializer(data, ctx, schema_id)
            start = buffer.tell() if isinstance(buffer, io.BytesIO) else 0
            if schema_id.id is not None:
                key = bytes((MAGIC_BYTE_V0,)) + schema_id.id.to_bytes(4, "big")
            elif schema_id.guid is not None:
                key = bytes((MAGIC_BYTE_V1,)) + schema_id.guid.bytes
            else:
                raise SerializationError("schema.id.deserializer set neither a schema id nor a GUID")
            if isinstance(buffer, io.BytesIO) and buffer.getbuffer().nbytes != len(data):
                raise SerializationError("schema.id.deserializer must return a buffer over the record's data")
            return Frame(key, start, schema_id.message_indexes)
        header = find_schema_id_header(ctx) if ctx is not None and ctx.headers else None
        source = data if header is None else header
        if not source:
            raise SerializationError("no schema framing: the data is empty")
        magic = source[0]
        if magic == MAGIC_BYTE_V0:
            size = 5
        elif magic == MAGIC_BYTE_V1:
            size = 17
        else:
            raise SerializationError(
                f"unknown magic byte {magic}: not written by a Schema Registry serializer (expected 0 or 1)"
            )
        if len(source) < size:
            raise SerializationError(
                f"truncated framing: {len(source)} bytes, "
                f"a schema {'id' if size == 5 else 'GUID'} needs {size}"
            )
        indexes = None
        end = size
        if self.HAS_MESSAGE_INDEXES:
            from .framing import decode_message_indexes

            indexes, end = decode_message_indexes(source, size)
        return Frame(bytes(source[:size]), end if header is None else 0, indexes)

    # -- resolution ------------------------------------------------------------------------------------------

    def _own_schema(self) -> Steps[Any]:
        if self._schema is None:
            return None
        return (yield from self._compiled_schema(self._schema))

    def _plan(self, frame: Frame, ctx: SerializationContext | None) -> Steps[ReadPlan]:
        config = self._config
        strategy = config.subject_name_strategy
        subject = (yield from self._subject(strategy, ctx, None)) if ctx is not None else None
        schema_id, guid = frame.schema_id()
        written = yield from writer_schema(schema_id, guid, subject, self.REGISTRY_FORMAT)
        writer = yield from self._compiled_schema(written)
        if subject is None and ctx is not None:
            subject = yield from self._subject(strategy, ctx, self._record_name(writer))
        latest = None
        if subject is not None:
            latest = yield from latest_schema(
                subject,
                None,
                config.use_latest_with_metadata,
                config.use_latest_version,
                self.REGISTRY_FORMAT,
            )
        migrations: list[ScheduledRules] = []
        if latest is not None and subject is not None:
            reader_schema = latest.schema
            reader = yield from self._compiled_schema(latest.schema)
            same = latest.schema_id == schema_id if schema_id is not None else latest.guid == guid
            steps = [] if same else (yield from migrations_between(subject, written, latest, schema_id))
            for step in steps:
                scheduled = self._rules.schedule(
                    RulePhase.MIGRATION, step.mode, subject, step.source.schema, step.target.schema
                )
                if scheduled is not None:
                    migrations.append(scheduled)
        elif self._schema is not None:
            reader_schema = self._schema
            reader = yield from self._own_schema()
        else:
            reader_schema, reader = written, writer
        plan = ReadPlan(subject, written, writer, reader_schema, reader)
        plan.migrations = tuple(migrations)
        if subject is not None and ctx is not None:
            plan.encoding_rules = self._rules.schedule(
                RulePhase.ENCODING, RuleMode.READ, subject, None, written
            )
            rule_set = reader_schema.rule_set
            has_domain_rules = rule_set is not None and bool(rule_set.domain_rules)
            plan.domain_rules = self._rules.schedule(
                RulePhase.DOMAIN,
                RuleMode.READ,
                subject,
                None,
                reader_schema,
                self._inline_tags(reader) if has_domain_rules else None,
                self._field_transformer(reader) if has_domain_rules else None,
            )
        return plan

    @staticmethod
    def _plan_key(frame: Frame, ctx: SerializationContext | None) -> Any:
        return (frame.key, ctx.topic, ctx.field) if ctx is not None else (frame.key, None, None)

    def _plan_failed(
        self, frame: Frame, ctx: SerializationContext | None, exc: Exception
    ) -> SerializationError:
        return SerializationError(
            f"{_where(ctx)} {frame.describe()}: cannot resolve the writer schema: {type(exc).__name__}: {exc}"
        )

    # -- per record ------------------------------------------------------------------------------------------

    def _read(self, data: bytes, ctx: SerializationContext | None, frame: Frame, plan: ReadPlan) -> Any:
        try:
            if plan.encoding_rules is not None:
                payload = self._rules.run(plan.encoding_rules, ctx, data[frame.start :])  # type: ignore[arg-type]
                data = bytes(payload)
                frame = Frame(frame.key, 0, frame.indexes)
            migrating = bool(plan.migrations)
            value = self._decode(data, frame, plan, migrating)
            if migrating:
                for scheduled in plan.migrations:
                    value = self._rules.run(scheduled, ctx, value)  # type: ignore[arg-type]
                value = self._after_migration(value, plan)
            if plan.domain_rules is not None:
                value = self._rules.run(plan.domain_rules, ctx, value)  # type: ignore[arg-type]
            if self._from_dict is not None:
                if ctx is None:
                    raise SerializationError("from_dict needs a SerializationContext")
                value = self._from_dict(value, ctx)
            return value
        except SerializationError as exc:
            raise SerializationError(f"{_where(ctx)} {frame.describe()}: {exc}") from exc
        except Exception as exc:
            raise SerializationError(
                f"{_where(ctx)} {frame.describe()}: the payload does not decode with the"
                f" writer schema: {type(exc).__name__}: {exc}"
            ) from exc

    def _fast_decoder(self, plan: ReadPlan, frame: Frame) -> Callable[[bytes], Any] | None:
        """A ``data -> value`` function for records framed like ``frame`` (prefix of ``frame.start`` bytes),
        or None. It may raise on bad data (the record is then read again the ordinary way)."""
        return None

    def _remember(self, data: bytes, ctx: SerializationContext | None, frame: Frame, plan: ReadPlan) -> None:
        """Keep a fast decoder for this topic and field if the plan needs nothing but decoding."""
        if (
            not self._default_framing
            or plan.encoding_rules is not None
            or plan.domain_rules is not None
            or plan.migrations
            or frame.start == 0
        ):
            return
        key = ("fast", bytes(data[: frame.start]))
        decoder = plan.cache.get(key)
        if decoder is None:
            decoder = plan.cache[key] = self._fast_decoder(plan, frame)
        if decoder is not None and ctx is not None:
            if ctx.field == "value":
                self._fast_values[ctx.topic] = (bytes(data[: frame.start]), decoder)
            elif ctx.field == "key":
                self._fast_keys[ctx.topic] = (bytes(data[: frame.start]), decoder)

    def _fast_read(self, data: bytes, ctx: SerializationContext | None) -> tuple[bool, Any]:
        """``(True, value)`` if the fast decoder of the topic and field read ``data``; else (False, None)."""
        if ctx is None:
            return False, None
        field = ctx.field
        if field == "value":
            fast = self._fast_values.get(ctx.topic)
        elif field == "key":
            fast = self._fast_keys.get(ctx.topic)
        else:
            return False, None
        if fast is None or not data.startswith(fast[0]):
            return False, None
        if ctx.headers and find_schema_id_header(ctx) is not None:
            return False, None
        try:
            value = fast[1](data)
        except Exception:  # read again the ordinary way, which explains the failure
            return False, None
        if self._from_dict is not None:
            value = self._from_dict(value, ctx)
        return True, value

    def _after_migration(self, value: Any, plan: ReadPlan) -> Any:
        """Turn a migrated value into the reader's form (formats needing it override this)."""
        return value

    def _framing_failed(self, ctx: SerializationContext | None, exc: Exception) -> SerializationError:
        return SerializationError(f"{_where(ctx)}: cannot read the schema framing: {exc}")


class SyncDeserializerMixin:
    """``__call__`` for deserializers backed by a synchronous registry client."""

    def __call__(self: Any, data: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if data is None:
            return None
        done, value = self._fast_read(data, ctx)
        if done:
            return value
        try:
            frame = self._frame(data, ctx)
        except Exception as exc:
            raise self._framing_failed(ctx, exc) from exc
        key = self._plan_key(frame, ctx)
        plan = self._plans.get(key)
        if plan is None:
            try:
                plan = run_sync(self._plan(frame, ctx), self._registry)
            except Exception as exc:
                raise self._plan_failed(frame, ctx, exc) from exc
            self._plans[key] = plan
        value = self._read(data, ctx, frame, plan)
        self._remember(data, ctx, frame, plan)
        return value


class AsyncDeserializerMixin(AsyncSerdeMixin):
    """``async __call__`` for deserializers backed by an ``AsyncSchemaRegistryClient``."""

    async def __call__(self: Any, data: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if data is None:
            return None
        done, value = self._fast_read(data, ctx)
        if done:
            return value
        try:
            frame = self._frame(data, ctx)
        except Exception as exc:
            raise self._framing_failed(ctx, exc) from exc
        key = self._plan_key(frame, ctx)
        plan = self._plans.get(key)
        if plan is None:
            try:
                plan = await run_async(self._plan(frame, ctx), self._registry)
            except Exception as exc:
                raise self._plan_failed(frame, ctx, exc) from exc
            self._plans[key] = plan
        value = self._read(data, ctx, frame, plan)
        self._remember(data, ctx, frame, plan)
        return value

    def __await__(self) -> Generator[Any, None, Any]:
        return _itself(self).__await__()


async def _itself(obj: Any) -> Any:
    return obj
