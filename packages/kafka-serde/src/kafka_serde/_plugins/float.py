"""The ``float`` serializer and deserializer, contributed to kafka-core's plugin registry."""

from __future__ import annotations

from kafka_core import Deserializer, Serializer
from kafka_core.plugins import hookimpl

from .._numbers import FloatDeserializer, FloatSerializer

__all__ = ["kafka_deserializers", "kafka_serializers"]


@hookimpl
def kafka_serializers() -> list[type[Serializer]]:
    """Contribute :class:`~kafka_serde.FloatSerializer` as ``float``."""
    return [FloatSerializer]


@hookimpl
def kafka_deserializers() -> list[type[Deserializer]]:
    """Contribute :class:`~kafka_serde.FloatDeserializer` as ``float``."""
    return [FloatDeserializer]
