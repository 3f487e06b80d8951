"""The JSON format as a plugin: its serializer, deserializer and schema format, through the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kafka_core.plugins import hookimpl

from .._serde.schema_format import SchemaFormat
from ._serdes import AsyncJSONDeserializer, AsyncJSONSerializer, JSONDeserializer, JSONSerializer

__all__ = ["kafka_deserializers", "kafka_schema_formats", "kafka_serializers"]

FORMAT = SchemaFormat("JSON", JSONSerializer, JSONDeserializer, AsyncJSONSerializer, AsyncJSONDeserializer)


@hookimpl
def kafka_serializers() -> Iterable[Any]:
    """``JSONSerializer`` as ``json``."""
    return [JSONSerializer]


@hookimpl
def kafka_deserializers() -> Iterable[Any]:
    """``JSONDeserializer`` as ``json``."""
    return [JSONDeserializer]


@hookimpl
def kafka_schema_formats() -> Iterable[Any]:
    """The ``JSON`` schema format."""
    return [FORMAT]
