"""The ``double`` serializer and deserializer, contributed to kafka-core's plugin registry."""

from __future__ import annotations

from kafka_core import Deserializer, Serializer
from kafka_core.plugins import hookimpl

from .._numbers import DoubleDeserializer, DoubleSerializer

__all__ = ["kafka_deserializers", "kafka_serializers"]


@hookimpl
def kafka_serializers() -> list[type[Serializer]]:
    """Contribute :class:`~kafka_serde.DoubleSerializer` as ``double``."""
    return [DoubleSerializer]


@hookimpl
def kafka_deserializers() -> list[type[Deserializer]]:
    """Contribute :class:`~kafka_serde.DoubleDeserializer` as ``double``."""
    return [DoubleDeserializer]
