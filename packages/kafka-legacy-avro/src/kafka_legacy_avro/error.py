"""``confluent_kafka.avro.error`` under this package: :class:`ClientError`."""

from __future__ import annotations

from ._errors import ClientError

__all__ = ["ClientError"]
