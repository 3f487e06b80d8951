"""``confluent_kafka.avro.serializer`` under this package: the serializer errors."""

from __future__ import annotations

from .._errors import KeySerializerError, SerializerError, ValueSerializerError

__all__ = ["KeySerializerError", "SerializerError", "ValueSerializerError"]
