"""Protobuf for the Schema Registry: :class:`ProtobufSerializer`, :class:`ProtobufDeserializer` and their
async variants, with the reference client's arguments and wire format
(install ``kafka-schema-registry[protobuf]``).
"""

from __future__ import annotations

from ._serdes import (
    AsyncProtobufDeserializer,
    AsyncProtobufSerializer,
    ProtobufDeserializer,
    ProtobufSerializer,
)

__all__ = [
    "AsyncProtobufDeserializer",
    "AsyncProtobufSerializer",
    "ProtobufDeserializer",
    "ProtobufSerializer",
]
