"""ProtobufSerializer / ProtobufDeserializer and their async variants: the serde base with Protobuf."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from google.protobuf import json_format
from google.protobuf.descriptor import FileDescriptor
from google.protobuf.message import DecodeError
from kafka_core import MessageField, SerializationContext, SerializationError

from .._model import Schema, SchemaReference
from .._serde.deserializer_base import (
    AsyncDeserializerMixin,
    Frame,
    ReadPlan,
    SchemaDeserializer,
    SyncDeserializerMixin,
)
from .._serde.registry_io import Steps, call
from .._serde.rule_execution import FieldTransformer
from .._serde.serializer_base import AsyncSerializerMixin, SchemaSerializer, SyncSerializerMixin, WriteTarget
from .._serde.subject_name_strategy import reference_subject_name_strategy
from ._codec import CompiledProto, compile_proto, is_well_known, message_indexes, schema_string

__all__ = [
    "AsyncProtobufDeserializer",
    "AsyncProtobufSerializer",
    "ProtobufDeserializer",
    "ProtobufSerializer",
]

_VALUE = MessageField.VALUE
# ProtobufSerializer._last_value before any value has been written: no topic is this object.
_NO_VALUE: tuple[object, bytes] = (object(), b"")


def _check_common(extra: dict[str, Any]) -> None:
    if extra["use.deprecated.format"] is not False:
        raise ValueError("use.deprecated.format is no longer supported; leave it False")


def _message_class(message_type: Any, argument: str) -> Any:
    descriptor = getattr(message_type, "DESCRIPTOR", None)
    if descriptor is None or not hasattr(descriptor, "full_name") or not isinstance(message_type, type):
        raise TypeError(f"{argument} must be a generated Protobuf message class, not {message_type!r}")
    return message_type


class _ProtobufSerializer(SchemaSerializer):
    SCHEMA_TYPE = "PROTOBUF"
    REGISTRY_FORMAT = "serialized"
    PLUGIN_NAME: ClassVar[str] = "protobuf"
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {
        "skip.known.types": True,
        "reference.subject.name.strategy": reference_subject_name_strategy,
        "use.deprecated.format": False,
    }

    def __init__(
        self,
        msg_type: Any,
        schema_registry_client: Any,
        conf: dict[str, Any] | None = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        """Serialize instances of the message class ``msg_type``.

        The schema is the message's file; its imports are registered as references
        under ``reference.subject.name.strategy`` (well-known types skipped with
        ``skip.known.types``); the message's index path follows the schema id.
        """
        self._msg_class = _message_class(msg_type, "msg_type")
        super().__init__(schema_registry_client, None, None, conf, rule_conf, rule_registry)
        descriptor = self._msg_class.DESCRIPTOR
        self._indexes = message_indexes(descriptor)
        self._file: FileDescriptor = descriptor.file
        self._registration: Schema | None = None
        # topic -> prefix of the value targets with a fast encoder, for the inlined common case of __call__
        self._value_prefixes: dict[str, bytes] = {}
        # (topic, prefix): the first entry of _value_prefixes written with since the last _forget_resolved
        # (not replaced, so that records alternating between topics pay nothing for it), one tuple so that
        # threads never see a topic with another topic's prefix; checked by identity (cheaper than a lookup).
        self._last_value = _NO_VALUE

    def _forget_resolved(self) -> None:
        super()._forget_resolved()
        self._value_prefixes.clear()
        self._last_value = _NO_VALUE  # after the clear: see _keep_last_value

    def _remember_value_prefix(self, ctx: SerializationContext | None, target: WriteTarget) -> None:
        if target.fast is not None and ctx is not None and ctx.field == "value" and target.prefix is not None:
            self._value_prefixes[ctx.topic] = target.prefix

    def _keep_last_value(self, topic: str, prefix: bytes) -> None:
        if type(topic) is not str:  # identity stands for equality only for plain strings
            return
        self._last_value = (topic, prefix)
        if self._value_prefixes.get(topic) is not prefix:
            # _forget_resolved ran meanwhile (another thread): do not keep a forgotten prefix
            self._last_value = _NO_VALUE

    def _value_fast(self, message: Any, ctx: SerializationContext) -> bytes | None:
        """The common case (a value of the serializer's class, prefix framing, no rules), or None.

        ``ProtobufSerializer.__call__`` carries the same code inlined (a call costs it ~10%).
        """
        last = self._last_value
        if (
            ctx.topic is last[0]
            and (ctx.field is _VALUE or ctx.field == "value")
            and type(message) is self._msg_class
        ):
            try:
                return last[1] + message.SerializeToString()  # type: ignore[no-any-return]
            except Exception:  # encoded again below, which explains the failure
                pass
        elif ctx.field == "value" and type(message) is self._msg_class:
            topic = ctx.topic
            prefix = self._value_prefixes.get(topic)
            if prefix is not None:
                if last is _NO_VALUE:
                    self._keep_last_value(topic, prefix)
                try:
                    return prefix + message.SerializeToString()  # type: ignore[no-any-return]
                except Exception:  # encoded again below, which explains the failure
                    pass
        return None

    def _configure(self, extra: dict[str, Any]) -> None:
        _check_common(extra)
        if not isinstance(extra["skip.known.types"], bool):
            raise ValueError("skip.known.types must be a boolean")
        self._skip_known_types = bool(extra["skip.known.types"])
        strategy = extra["reference.subject.name.strategy"]
        if not callable(strategy):
            raise ValueError("reference.subject.name.strategy must be callable")
        self._reference_subject: Callable[[Any, Any], str | None] = strategy

    def _references(
        self, ctx: SerializationContext | None, file: FileDescriptor
    ) -> Steps[list[SchemaReference]]:
        config = self._config
        found: list[SchemaReference] = []
        for dep in file.dependencies:
            if self._skip_known_types and is_well_known(dep.name):
                continue
            nested = yield from self._references(ctx, dep)
            subject = self._reference_subject(ctx, dep)
            schema = Schema(schema_string(dep), "PROTOBUF", nested)
            if config.auto_register:
                yield call("register_schema", subject, schema, normalize_schemas=config.normalize)
            registered = yield call("lookup_schema", subject, schema, normalize_schemas=config.normalize)
            found.append(SchemaReference(dep.name, subject, registered.version))
        return found

    def _schema_of(self, obj: Any, ctx: SerializationContext | None) -> Steps[Schema]:
        if self._registration is None:
            references = yield from self._references(ctx, self._file)
            self._registration = Schema(schema_string(self._file), "PROTOBUF", references)
        return self._registration

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledProto:
        return compile_proto(schema, references)

    def _field_transformer(self, parsed: CompiledProto) -> FieldTransformer | None:
        from ._fields import protobuf_field_transformer  # only schemas with rules need the walk

        return protobuf_field_transformer()

    def _record_name(self, parsed: CompiledProto) -> str | None:
        return str(self._msg_class.DESCRIPTOR.full_name)

    def _message_indexes(self, parsed: Any) -> list[int] | None:
        return self._indexes

    def _fast_encoder(self, target: WriteTarget) -> Callable[[Any], bytes] | None:
        cls = self._msg_class
        prefix = target.prefix or b""

        def write(message: Any) -> bytes:
            if message.__class__ is not cls:
                raise TypeError("not the serializer's message class")
            return prefix + message.SerializeToString()  # type: ignore[no-any-return]

        return write

    def _encode(self, value: Any, target: WriteTarget, prefix: bytes) -> bytes:
        if not isinstance(value, self._msg_class):
            raise SerializationError(
                f"expected a {self._msg_class.DESCRIPTOR.full_name} message, not {type(value).__name__}"
            )
        return prefix + value.SerializeToString() if prefix else value.SerializeToString()  # type: ignore[no-any-return]


class _ProtobufDeserializer(SchemaDeserializer):
    SCHEMA_TYPE = "PROTOBUF"
    REGISTRY_FORMAT = "serialized"
    PLUGIN_NAME: ClassVar[str] = "protobuf"
    HAS_MESSAGE_INDEXES = True
    FORMAT_CONFIG: ClassVar[dict[str, Any]] = {"use.deprecated.format": False}

    def __init__(
        self,
        message_type: Any,
        conf: dict[str, Any] | None = None,
        schema_registry_client: Any = None,
        rule_conf: dict[str, Any] | None = None,
        rule_registry: Any = None,
    ) -> None:
        """Deserialize into instances of the message class ``message_type``.

        With a registry client, the writer's schema is fetched (once per schema id)
        for the subject, migrations and rules; without one, the payload is parsed
        with ``message_type`` directly. Undecodable payloads raise SerializationError.
        """
        self._msg_class = _message_class(message_type, "message_type")
        super().__init__(schema_registry_client, None, None, conf, rule_conf, rule_registry)

    def _configure(self, extra: dict[str, Any]) -> None:
        _check_common(extra)

    def _compile(self, schema: Schema, references: list[tuple[str, Schema]]) -> CompiledProto:
        return compile_proto(schema, references)

    def _field_transformer(self, parsed: CompiledProto) -> FieldTransformer | None:
        from ._fields import protobuf_field_transformer  # only schemas with rules need the walk

        return protobuf_field_transformer()

    def _plan(self, frame: Frame, ctx: SerializationContext | None) -> Any:
        if self._registry is None:
            return ReadPlan(None, Schema(None, "PROTOBUF"), None, Schema(None, "PROTOBUF"), None)
        return (yield from super()._plan(frame, ctx))

    def _fast_decoder(self, plan: ReadPlan, frame: Frame) -> Callable[[bytes], Any] | None:
        parse, start = self._msg_class.FromString, frame.start
        return lambda data: parse(data[start:])

    def _decode(self, data: bytes, frame: Frame, plan: ReadPlan, migrating: bool) -> Any:
        payload = data[frame.start :] if frame.start else data
        indexes = frame.indexes
        if plan.writer is not None and indexes is not None:
            key = indexes[0] if len(indexes) == 1 else tuple(indexes)
            if key not in plan.cache:
                plan.cache[key] = plan.writer.descriptor(indexes)  # raises if the path is not in the schema
        try:
            if migrating:
                writer = plan.writer.message_class(frame.indexes or [0])
                return json_format.MessageToDict(writer.FromString(payload), True)
            return self._msg_class.FromString(payload)
        except DecodeError as exc:
            raise SerializationError(
                f"the payload is not a valid {self._msg_class.DESCRIPTOR.full_name}: {exc}"
            ) from exc

    def _after_migration(self, value: Any, plan: ReadPlan) -> Any:
        reader: CompiledProto = plan.reader
        name = self._msg_class.DESCRIPTOR.name
        descriptor = reader.file.message_types_by_name.get(name) or reader.descriptor([0])
        target = reader.message_class(message_indexes(descriptor))
        return json_format.ParseDict(value, target())


class ProtobufSerializer(SyncSerializerMixin, _ProtobufSerializer):
    """Protobuf serializer for a ``SchemaRegistryClient``: ``serializer(message, ctx) -> bytes``."""

    def __call__(self, message: Any, ctx: SerializationContext | None = None) -> bytes | None:
        # _value_fast inlined (a value of the serializer's class, prefix framing, no rules): a message
        # serializes in well under a microsecond, so every operation saved shows.
        if ctx is not None:
            last = self._last_value
            if (
                ctx.topic is last[0]
                and (ctx.field is _VALUE or ctx.field == "value")
                and type(message) is self._msg_class
            ):
                try:
                    return last[1] + message.SerializeToString()  # type: ignore[no-any-return]
                except Exception:  # encoded again below, which explains the failure
                    pass
            elif ctx.field == "value" and type(message) is self._msg_class:
                topic = ctx.topic
                prefix = self._value_prefixes.get(topic)
                if prefix is not None:
                    if last is _NO_VALUE:
                        self._keep_last_value(topic, prefix)
                    try:
                        return prefix + message.SerializeToString()  # type: ignore[no-any-return]
                    except Exception:  # encoded again below, which explains the failure
                        pass
        # not super(): its __class__ cell would cost every call above a little
        return SyncSerializerMixin.__call__(self, message, ctx)

    def _remember(self, ctx: SerializationContext | None, target: WriteTarget) -> None:
        super()._remember(ctx, target)
        self._remember_value_prefix(ctx, target)


class AsyncProtobufSerializer(AsyncSerializerMixin, _ProtobufSerializer):  # type: ignore[misc]
    """Protobuf serializer for an ``AsyncSchemaRegistryClient``: ``await serializer(message, ctx)``."""

    # AsyncSerializerMixin.__call__ under the reference's parameter name (written out: a delegating
    # coroutine would cost every record an extra await), after ProtobufSerializer's inlined common case.
    async def __call__(  # type: ignore[override]
        self, message: Any, ctx: SerializationContext | None = None
    ) -> bytes | None:
        if ctx is not None:
            data = self._value_fast(message, ctx)
            if data is not None:
                return data
        if message is None:
            return None
        target = self._targets.get(self._target_key(ctx))
        if target is None:
            target = await self._first_target(message, ctx)
            self._remember_value_prefix(ctx, target)
        fast = target.fast
        if fast is not None:
            try:
                return fast(message)
            except Exception:  # encoded again below, which explains the failure
                pass
        return self._write(message, ctx, target)


class ProtobufDeserializer(SyncDeserializerMixin, _ProtobufDeserializer):
    """Protobuf deserializer for a ``SchemaRegistryClient``: ``deserializer(data, ctx) -> message``."""


class AsyncProtobufDeserializer(AsyncDeserializerMixin, _ProtobufDeserializer):
    """Protobuf deserializer for an ``AsyncSchemaRegistryClient``: ``await deserializer(data, ctx)``."""
