"""The Protobuf field walk for field-level rules: every set field of a message (nested messages and
repeated fields included; map fields are left alone) is entered with its full name (``shop.Order.id``),
type and the schema metadata's tags, and scalar values handed to the rule's field transform."""

from __future__ import annotations

from typing import Any

from google.protobuf.descriptor import FieldDescriptor

from .._model import RuleKind
from .._serde.field_context import FieldType
from .._serde.rule_execution import FieldTransform, FieldTransformer, RuleConditionError, RuleContext

__all__ = ["protobuf_field_transformer"]

_F = FieldDescriptor
_TYPES = {
    _F.TYPE_STRING: FieldType.STRING,
    _F.TYPE_BYTES: FieldType.BYTES,
    _F.TYPE_BOOL: FieldType.BOOLEAN,
    _F.TYPE_DOUBLE: FieldType.DOUBLE,
    _F.TYPE_FLOAT: FieldType.FLOAT,
    _F.TYPE_ENUM: FieldType.ENUM,
    _F.TYPE_INT32: FieldType.INT,
    _F.TYPE_SINT32: FieldType.INT,
    _F.TYPE_UINT32: FieldType.INT,
    _F.TYPE_FIXED32: FieldType.INT,
    _F.TYPE_SFIXED32: FieldType.INT,
    _F.TYPE_INT64: FieldType.LONG,
    _F.TYPE_SINT64: FieldType.LONG,
    _F.TYPE_UINT64: FieldType.LONG,
    _F.TYPE_FIXED64: FieldType.LONG,
    _F.TYPE_SFIXED64: FieldType.LONG,
    _F.TYPE_MESSAGE: FieldType.RECORD,
    _F.TYPE_GROUP: FieldType.RECORD,
}


def _is_map(fd: FieldDescriptor) -> bool:
    return fd.message_type is not None and fd.message_type.GetOptions().map_entry


def _repeated(fd: FieldDescriptor) -> bool:
    repeated = getattr(fd, "is_repeated", None)  # protobuf >= 5.28; older ones only have ``label``
    if repeated is None:
        return bool(fd.label == _F.LABEL_REPEATED)
    return bool(repeated)


def _walk(ctx: RuleContext, message: Any, transform: FieldTransform) -> Any:
    for fd in message.DESCRIPTOR.fields:
        if _is_map(fd):
            continue
        repeated = _repeated(fd)
        if fd.message_type is not None:
            if repeated:
                for item in getattr(message, fd.name):
                    _enter(ctx, message, fd, FieldType.RECORD, lambda item=item: _walk(ctx, item, transform))
            elif message.HasField(fd.name):
                sub = getattr(message, fd.name)
                _enter(ctx, message, fd, FieldType.RECORD, lambda sub=sub: _walk(ctx, sub, transform))
            continue
        _enter(
            ctx,
            message,
            fd,
            _TYPES.get(fd.type, FieldType.NULL),
            lambda fd=fd: _leaf(ctx, message, fd, transform),
        )
    return message


def _enter(ctx: RuleContext, message: Any, fd: FieldDescriptor, kind: FieldType, body: Any) -> None:
    ctx.enter_field(message, fd.full_name, fd.name, kind, None)
    try:
        body()
    finally:
        ctx.exit_field()


def _leaf(ctx: RuleContext, message: Any, fd: FieldDescriptor, transform: FieldTransform) -> None:
    current = ctx.current_field()
    if current is None or not ctx.applies_to(current):
        return
    if _repeated(fd):
        values = [transform(ctx, current, v) for v in getattr(message, fd.name)]
        if ctx.rule.kind == RuleKind.CONDITION:
            if any(v is False for v in values):
                raise RuleConditionError(ctx.rule)
            return
        container = getattr(message, fd.name)
        del container[:]
        container.extend(values)
        return
    new = transform(ctx, current, getattr(message, fd.name))
    if ctx.rule.kind == RuleKind.CONDITION:
        if new is False:
            raise RuleConditionError(ctx.rule)
    else:
        setattr(message, fd.name, new)


def protobuf_field_transformer() -> FieldTransformer:
    """The field walk over Protobuf messages (the message carries its own descriptor)."""

    def walk(ctx: RuleContext, transform: FieldTransform, message: Any) -> Any:
        return _walk(ctx, message, transform)

    return walk
