"""The AVRO format as a plugin: its serializer, deserializer and schema format, through the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kafka_core.plugins import hookimpl

from .._serde.schema_format import SchemaFormat
from ._serdes import AsyncAvroDeserializer, AsyncAvroSerializer, AvroDeserializer, AvroSerializer

__all__ = ["kafka_deserializers", "kafka_schema_formats", "kafka_serializers"]

FORMAT = SchemaFormat("AVRO", AvroSerializer, AvroDeserializer, AsyncAvroSerializer, AsyncAvroDeserializer)


@hookimpl
def kafka_serializers() -> Iterable[Any]:
    """``AvroSerializer`` as ``avro``."""
    return [AvroSerializer]


@hookimpl
def kafka_deserializers() -> Iterable[Any]:
    """``AvroDeserializer`` as ``avro``."""
    return [AvroDeserializer]


@hookimpl
def kafka_schema_formats() -> Iterable[Any]:
    """The ``AVRO`` schema format."""
    return [FORMAT]
