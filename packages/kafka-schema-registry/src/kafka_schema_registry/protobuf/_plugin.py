"""The PROTOBUF format as a plugin: its serializer, deserializer and schema format, through the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kafka_core.plugins import hookimpl

from .._serde.schema_format import SchemaFormat
from ._serdes import (
    AsyncProtobufDeserializer,
    AsyncProtobufSerializer,
    ProtobufDeserializer,
    ProtobufSerializer,
)

__all__ = ["kafka_deserializers", "kafka_schema_formats", "kafka_serializers"]

FORMAT = SchemaFormat(
    "PROTOBUF", ProtobufSerializer, ProtobufDeserializer, AsyncProtobufSerializer, AsyncProtobufDeserializer
)


@hookimpl
def kafka_serializers() -> Iterable[Any]:
    """``ProtobufSerializer`` as ``protobuf``."""
    return [ProtobufSerializer]


@hookimpl
def kafka_deserializers() -> Iterable[Any]:
    """``ProtobufDeserializer`` as ``protobuf``."""
    return [ProtobufDeserializer]


@hookimpl
def kafka_schema_formats() -> Iterable[Any]:
    """The ``PROTOBUF`` schema format."""
    return [FORMAT]
