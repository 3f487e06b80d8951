"""The ``integer`` serializer and deserializer, contributed to kafka-core's plugin registry."""

from __future__ import annotations

from kafka_core import Deserializer, Serializer
from kafka_core.plugins import hookimpl

from .._numbers import IntegerDeserializer, IntegerSerializer

__all__ = ["kafka_deserializers", "kafka_serializers"]


@hookimpl
def kafka_serializers() -> list[type[Serializer]]:
    """Contribute :class:`~kafka_serde.IntegerSerializer` as ``integer``."""
    return [IntegerSerializer]


@hookimpl
def kafka_deserializers() -> list[type[Deserializer]]:
    """Contribute :class:`~kafka_serde.IntegerDeserializer` as ``integer``."""
    return [IntegerDeserializer]
