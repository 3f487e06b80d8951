"""Avro for the Schema Registry: :class:`AvroSerializer`, :class:`AvroDeserializer` and their async
variants, with the reference client's arguments and wire format (install ``kafka-schema-registry[avro]``).
"""

from __future__ import annotations

from ._serdes import AsyncAvroDeserializer, AsyncAvroSerializer, AvroDeserializer, AvroSerializer

__all__ = ["AsyncAvroDeserializer", "AsyncAvroSerializer", "AvroDeserializer", "AvroSerializer"]
