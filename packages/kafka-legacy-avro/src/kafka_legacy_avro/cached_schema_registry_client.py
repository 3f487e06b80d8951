"""``confluent_kafka.avro.cached_schema_registry_client`` under this package."""

from __future__ import annotations

from ._registry_client import VALID_LEVELS, CachedSchemaRegistryClient

__all__ = ["VALID_LEVELS", "CachedSchemaRegistryClient"]
