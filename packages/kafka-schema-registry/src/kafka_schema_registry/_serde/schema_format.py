"""What a schema format plugin contributes: its registry schema type and its four serde classes."""

from __future__ import annotations

from typing import Any

__all__ = ["SchemaFormat"]


class SchemaFormat:
    """A schema format (kind ``schema_format``), named by the registry's schema type (``AVRO``, ...)."""

    __slots__ = ("PLUGIN_NAME", "async_deserializer", "async_serializer", "deserializer", "serializer")

    def __init__(
        self,
        schema_type: str,
        serializer: type[Any],
        deserializer: type[Any],
        async_serializer: type[Any],
        async_deserializer: type[Any],
    ) -> None:
        self.PLUGIN_NAME = schema_type
        self.serializer = serializer
        self.deserializer = deserializer
        self.async_serializer = async_serializer
        self.async_deserializer = async_deserializer

    @property
    def schema_type(self) -> str:
        """The registry's ``schemaType`` of the format."""
        return self.PLUGIN_NAME

    def __repr__(self) -> str:
        return f"SchemaFormat({self.PLUGIN_NAME!r})"
