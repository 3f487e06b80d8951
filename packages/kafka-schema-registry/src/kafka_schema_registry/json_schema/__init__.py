"""JSON Schema for the Schema Registry: :class:`JSONSerializer`, :class:`JSONDeserializer` and their async
variants, with the reference client's arguments and wire format (install ``kafka-schema-registry[json]``).
"""

from __future__ import annotations

from ._serdes import AsyncJSONDeserializer, AsyncJSONSerializer, JSONDeserializer, JSONSerializer

__all__ = ["AsyncJSONDeserializer", "AsyncJSONSerializer", "JSONDeserializer", "JSONSerializer"]
