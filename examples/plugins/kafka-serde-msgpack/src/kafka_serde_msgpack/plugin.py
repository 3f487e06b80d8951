"""The entry point target: contributes the ``msgpack`` serializer and deserializer to kafka-core."""

from __future__ import annotations

from kafka_core import Deserializer, Serializer
from kafka_core.plugins import hookimpl

from ._msgpack_serde import MsgpackDeserializer, MsgpackSerializer

__all__ = ["kafka_deserializers", "kafka_serializers"]


@hookimpl
def kafka_serializers() -> list[type[Serializer]]:
    """Contribute :class:`MsgpackSerializer` as ``msgpack``."""
    return [MsgpackSerializer]


@hookimpl
def kafka_deserializers() -> list[type[Deserializer]]:
    """Contribute :class:`MsgpackDeserializer` as ``msgpack``."""
    return [MsgpackDeserializer]
