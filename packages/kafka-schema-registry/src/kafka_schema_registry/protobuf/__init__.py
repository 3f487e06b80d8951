"""Protobuf for the Schema Registry: :class:`ProtobufSerializer`, :class:`ProtobufDeserializer` and their
async variants, with the reference client's arguments and wire format
(install ``kafka-schema-registry[protobuf]``), and the conversions between Python values and the
``confluent.type`` messages (``Decimal``, ``Variant``).
"""

from __future__ import annotations

from ._confluent_types import (
    Variant,
    decimal_to_protobuf,
    protobuf_to_decimal,
    protobuf_to_variant,
    variant_to_protobuf,
)
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
    "Variant",
    "decimal_to_protobuf",
    "protobuf_to_decimal",
    "protobuf_to_variant",
    "variant_to_protobuf",
]
