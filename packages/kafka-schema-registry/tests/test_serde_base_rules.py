"""The places where data-contract rules run, proved with test executors found through the plugin registry."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_core.plugins import PluginRegistry, hookimpl
from kafka_schema_registry import (
    Metadata,
    MetadataProperties,
    Rule,
    RuleKind,
    RuleMode,
    RuleSet,
    Schema,
    SchemaRegistryClient,
)
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from kafka_schema_registry.rules import RuleContext, RuleExecutor

CTX = SerializationContext("contracts", MessageField.VALUE)
V1 = {"type": "record", "name": "P", "fields": [{"name": "name", "type": "string"}]}
V2 = {"type": "record", "name": "P", "fields": [{"name": "full_name", "type": "string"}]}
CALLS: list[tuple[str, str, str]] = []


class Upper(RuleExecutor):
    """TRANSFORM: upper-cases the field named by the rule's ``field`` param; CONDITION: field is non-empty."""

    PLUGIN_NAME: ClassVar[str] = "TEST_UPPER"

    def transform(self, ctx: RuleContext, message: Any) -> Any:
        CALLS.append((ctx.rule.name or "", ctx.rule_mode.value, ctx.subject))
        field = ctx.get_parameter("field") or "name"
        if ctx.rule.kind == RuleKind.CONDITION:
            return bool(message.get(field))
        return {**message, field: message[field].upper()}


class Reverse(RuleExecutor):
    """ENCODING: reverses the payload bytes (its own inverse)."""

    PLUGIN_NAME: ClassVar[str] = "TEST_REVERSE"

    def transform(self, ctx: RuleContext, message: Any) -> Any:
        CALLS.append((ctx.rule.name or "", ctx.rule_mode.value, ctx.subject))
        return bytes(message)[::-1]


class Rename(RuleExecutor):
    """MIGRATION: renames ``name`` to ``full_name`` on UPGRADE, back on DOWNGRADE."""

    PLUGIN_NAME: ClassVar[str] = "TEST_RENAME"

    def transform(self, ctx: RuleContext, message: Any) -> Any:
        CALLS.append((ctx.rule.name or "", ctx.rule_mode.value, ctx.subject))
        if ctx.rule_mode == RuleMode.UPGRADE:
            return {"full_name": message["name"]}
        return {"name": message["full_name"]}


class TestRules:
    @hookimpl
    def kafka_rule_executors(self) -> list[Any]:
        return [Upper, Reverse, Rename]


@pytest.fixture
def plugins() -> PluginRegistry:
    registry = PluginRegistry(use_entry_points=False)
    registry.register(TestRules())
    CALLS.clear()
    return registry


_scopes = iter(range(10**6))


def register(client: SchemaRegistryClient, schema: dict[str, Any], rules: RuleSet) -> None:
    client.register_schema("contracts-value", Schema(json.dumps(schema), "AVRO", [], None, rules))


def test_domain_and_encoding_rules_run_at_their_places(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    register(
        c,
        V1,
        RuleSet(
            domain_rules=[
                Rule("up", None, RuleKind.TRANSFORM, RuleMode.WRITE, "TEST_UPPER"),
                Rule("check", None, RuleKind.CONDITION, RuleMode.WRITEREAD, "TEST_UPPER"),
            ],
            encoding_rules=[Rule("rev", None, RuleKind.TRANSFORM, RuleMode.WRITEREAD, "TEST_REVERSE")],
        ),
    )
    conf = {"auto.register.schemas": False, "use.latest.version": True}
    data = AvroSerializer(c, json.dumps(V1), conf=conf, rule_registry=plugins)({"name": "ann"}, CTX)
    assert data is not None
    # the payload after the 5-byte prefix is the reversed Avro encoding of the upper-cased record
    assert data[:5] == b"\x00\x00\x00\x00\x01" and data[5:] == b"\x06ANN"[::-1]
    assert CALLS == [
        ("up", "WRITE", "contracts-value"),
        ("check", "WRITE", "contracts-value"),
        ("rev", "WRITE", "contracts-value"),
    ]
    CALLS.clear()
    de = AvroDeserializer(c, conf={"use.latest.version": True}, rule_registry=plugins)
    assert de(data, CTX) == {"name": "ANN"}
    assert CALLS == [("rev", "READ", "contracts-value"), ("check", "READ", "contracts-value")]


def test_failed_condition_raises_and_nothing_is_written(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    register(
        c,
        V1,
        RuleSet(
            domain_rules=[
                Rule("non-empty", "name must not be empty", RuleKind.CONDITION, RuleMode.WRITE, "TEST_UPPER")
            ]
        ),
    )
    ser = AvroSerializer(
        c,
        json.dumps(V1),
        conf={"auto.register.schemas": False, "use.latest.version": True},
        rule_registry=plugins,
    )
    with pytest.raises(SerializationError, match=r"non-empty.*name must not be empty"):
        ser({"name": ""}, CTX)


def test_rule_parameters_fall_back_to_metadata_properties(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    schema = {
        "type": "record",
        "name": "Q",
        "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}],
    }
    c.register_schema(
        "contracts-value",
        Schema(
            json.dumps(schema),
            "AVRO",
            [],
            Metadata(None, MetadataProperties({"field": "b"}), None),
            RuleSet(domain_rules=[Rule("up", None, RuleKind.TRANSFORM, RuleMode.WRITE, "TEST_UPPER")]),
        ),
    )
    ser = AvroSerializer(
        c,
        json.dumps(schema),
        conf={"auto.register.schemas": False, "use.latest.version": True},
        rule_registry=plugins,
    )
    assert AvroDeserializer(c)(ser({"a": "x", "b": "y"}, CTX), CTX) == {"a": "x", "b": "Y"}


def test_missing_executor_fails_the_record_naming_the_type(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    register(
        c, V1, RuleSet(domain_rules=[Rule("cel", None, RuleKind.CONDITION, RuleMode.WRITE, "NOT_INSTALLED")])
    )
    ser = AvroSerializer(
        c,
        json.dumps(V1),
        conf={"auto.register.schemas": False, "use.latest.version": True},
        rule_registry=plugins,
    )
    with pytest.raises(SerializationError, match="NOT_INSTALLED"):
        ser({"name": "x"}, CTX)


def test_migration_rules_run_between_versions_on_read(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    c.set_compatibility("contracts-value", "NONE")
    register(c, V1, RuleSet())
    old = AvroSerializer(c, json.dumps(V1), conf={"auto.register.schemas": False, "use.latest.version": True})
    data_v1 = old({"name": "ann"}, CTX)
    register(
        c,
        V2,
        RuleSet(migration_rules=[Rule("rename", None, RuleKind.TRANSFORM, RuleMode.UPDOWN, "TEST_RENAME")]),
    )
    c.clear_latest_caches()
    new = AvroSerializer(c, json.dumps(V2), conf={"auto.register.schemas": False, "use.latest.version": True})
    data_v2 = new({"full_name": "bob"}, CTX)
    latest = AvroDeserializer(c, conf={"use.latest.version": True}, rule_registry=plugins)
    assert latest(data_v1, CTX) == {"full_name": "ann"}
    assert CALLS == [("rename", "UPGRADE", "contracts-value")]
    v1_reader = AvroDeserializer(c, conf={"use.latest.with.metadata": {}}, rule_registry=plugins)
    assert v1_reader(data_v2, CTX) == {"full_name": "bob"}


def test_downgrade_migration_reads_new_records_in_the_old_shape(plugins: PluginRegistry) -> None:
    c = SchemaRegistryClient({"url": f"mock://rules-{next(_scopes)}"})
    c.set_compatibility("contracts-value", "NONE")
    old_metadata = Metadata(None, MetadataProperties({"app": "v1"}), None)
    c.register_schema("contracts-value", Schema(json.dumps(V1), "AVRO", [], old_metadata, RuleSet()))
    new_metadata = Metadata(None, MetadataProperties({"app": "v2"}), None)  # else v1's is inherited
    c.register_schema(
        "contracts-value",
        Schema(
            json.dumps(V2),
            "AVRO",
            [],
            new_metadata,
            RuleSet(
                migration_rules=[Rule("rename", None, RuleKind.TRANSFORM, RuleMode.UPDOWN, "TEST_RENAME")]
            ),
        ),
    )
    new = AvroSerializer(c, json.dumps(V2), conf={"auto.register.schemas": False, "use.latest.version": True})
    data_v2 = new({"full_name": "bob"}, CTX)
    v1_reader = AvroDeserializer(c, conf={"use.latest.with.metadata": {"app": "v1"}}, rule_registry=plugins)
    assert v1_reader(data_v2, CTX) == {"name": "bob"}
    assert CALLS == [("rename", "DOWNGRADE", "contracts-value")]
