"""``confluent_kafka.avro.serializer.message_serializer`` under this package: :class:`MessageSerializer`."""

from __future__ import annotations

from .._message_serializer import MessageSerializer

__all__ = ["MessageSerializer"]
