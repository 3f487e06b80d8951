"""The formats are plugins: each found by name through the hooks, like a third party's; the Avro import stays
light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kafka_core import MessageField, SerializationContext
from kafka_core.plugins import PluginRegistry
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry._serde import _plugin as strategies_plugin
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from kafka_schema_registry.avro import _plugin as avro_plugin
from kafka_schema_registry.json_schema import JSONSerializer
from kafka_schema_registry.json_schema import _plugin as json_plugin
from kafka_schema_registry.protobuf import ProtobufSerializer
from kafka_schema_registry.protobuf import _plugin as protobuf_plugin


@pytest.fixture
def plugins() -> PluginRegistry:
    registry = PluginRegistry(use_entry_points=False)
    for module in (avro_plugin, json_plugin, protobuf_plugin, strategies_plugin):
        registry.register(module, distribution="kafka-schema-registry")
    return registry


def test_formats_found_by_name(plugins: PluginRegistry) -> None:
    assert plugins.get("serializer", "avro") is AvroSerializer
    assert plugins.get("deserializer", "AVRO") is AvroDeserializer
    assert plugins.get("serializer", "json") is JSONSerializer
    assert plugins.get("serializer", "protobuf") is ProtobufSerializer
    assert plugins.get("schema_format", "PROTOBUF").async_serializer.__name__ == "AsyncProtobufSerializer"
    assert sorted(plugins.names("subject_name_strategy")) == ["associated", "record", "topic", "topic_record"]


def test_serializer_built_by_name_with_keyword_options(plugins: PluginRegistry) -> None:
    cls = plugins.get("serializer", "avro")
    client = SchemaRegistryClient({"url": "mock://plugins-by-name"})
    ser = cls(schema_registry_client=client, schema_str='"string"', conf={"auto.register.schemas": True})
    assert ser("x", SerializationContext("t", MessageField.VALUE)) == b"\x00\x00\x00\x00\x01\x02x"


def test_importing_avro_loads_no_other_format_or_oauth_or_rules_library() -> None:
    code = (
        "import sys; import kafka_schema_registry.avro; print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    modules = set(json.loads(loaded.stdout.replace("'", '"')))
    assert "fastavro" in modules
    assert not modules & {"jsonschema", "referencing", "google", "authlib", "celpy", "jsonata", "httpx"}
