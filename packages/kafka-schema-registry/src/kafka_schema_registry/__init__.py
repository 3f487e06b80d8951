"""kafka-schema-registry: the Schema Registry client (sync and async), its model types
and the in-memory ``mock://`` registry.

``import kafka_schema_registry`` loads only the model types and errors; the
clients (and their HTTP transport) load on first use of ``SchemaRegistryClient`` or
``AsyncSchemaRegistryClient``; the subject name strategies and the schema-id
framing functions load with the serde base.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .__about__ import __version__
from ._errors import OAuthTokenError, SchemaRegistryError, SchemaRegistryTransportError
from ._model import (
    Association,
    AssociationCreateOrUpdateInfo,
    AssociationCreateOrUpdateRequest,
    AssociationInfo,
    AssociationResponse,
    ConfigCompatibilityLevel,
    Metadata,
    MetadataProperties,
    MetadataTags,
    RegisteredSchema,
    Rule,
    RuleKind,
    RuleMode,
    RuleParams,
    RulePhase,
    RuleSet,
    Schema,
    SchemaReference,
    SchemaVersion,
    ServerConfig,
)

if TYPE_CHECKING:
    from ._async_client import AsyncSchemaRegistryClient
    from ._sync_client import SchemaRegistryClient

__all__ = [
    "Association",
    "AssociationCreateOrUpdateInfo",
    "AssociationCreateOrUpdateRequest",
    "AssociationInfo",
    "AssociationResponse",
    "AsyncSchemaRegistryClient",
    "ConfigCompatibilityLevel",
    "Metadata",
    "MetadataProperties",
    "MetadataTags",
    "OAuthTokenError",
    "RegisteredSchema",
    "Rule",
    "RuleKind",
    "RuleMode",
    "RuleParams",
    "RulePhase",
    "RuleSet",
    "Schema",
    "SchemaReference",
    "SchemaRegistryClient",
    "SchemaRegistryError",
    "SchemaRegistryTransportError",
    "SchemaVersion",
    "ServerConfig",
    "__version__",
    "dual_schema_id_deserializer",
    "header_schema_id_serializer",
    "prefix_schema_id_deserializer",
    "prefix_schema_id_serializer",
    "record_subject_name_strategy",
    "reference_subject_name_strategy",
    "topic_record_subject_name_strategy",
    "topic_subject_name_strategy",
]

# Loaded on first access (PEP 562): the clients pull in http.client, the strategies the serde base.
_LAZY = {
    "SchemaRegistryClient": "._sync_client",
    "AsyncSchemaRegistryClient": "._async_client",
    "topic_subject_name_strategy": "._serde",
    "topic_record_subject_name_strategy": "._serde",
    "record_subject_name_strategy": "._serde",
    "reference_subject_name_strategy": "._serde",
    "header_schema_id_serializer": "._serde",
    "prefix_schema_id_serializer": "._serde",
    "dual_schema_id_deserializer": "._serde",
    "prefix_schema_id_deserializer": "._serde",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
