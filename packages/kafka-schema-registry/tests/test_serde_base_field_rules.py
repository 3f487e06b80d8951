"""Field-level rules walk each format's fields: tags (inline and from metadata) select the fields a field
executor transforms, on write and on read."""

from __future__ import annotations

import io
import json
from typing import Any, ClassVar

import fastavro
import pytest
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_core.plugins import PluginRegistry, hookimpl
from kafka_schema_registry import (
    Metadata,
    MetadataTags,
    Rule,
    RuleKind,
    RuleMode,
    RuleSet,
    Schema,
    SchemaRegistryClient,
)
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
from kafka_schema_registry.json_schema import JSONSerializer
from kafka_schema_registry.protobuf import ProtobufSerializer
from kafka_schema_registry.rules import FieldRuleExecutor, FieldTransform, RuleContext
from testsupport.proto_messages import proto_messages

CTX = SerializationContext("people", MessageField.VALUE)
SEEN: list[str] = []


class Mask(FieldRuleExecutor):
    """Replaces each selected string field with ``*`` of the same length (write) / appends ``!`` (read)."""

    PLUGIN_NAME: ClassVar[str] = "TEST_MASK"

    def new_transform(self, ctx: RuleContext) -> FieldTransform:
        def transform(rule_ctx: RuleContext, field: Any, value: Any) -> Any:
            SEEN.append(f"{field.full_name}:{field.type_name()}")
            if not isinstance(value, str):
                return value
            return "*" * len(value) if rule_ctx.rule_mode == RuleMode.WRITE else value + "!"

        return transform


class NonNegative(FieldRuleExecutor):
    PLUGIN_NAME: ClassVar[str] = "TEST_NON_NEGATIVE"

    def new_transform(self, ctx: RuleContext) -> FieldTransform:
        return lambda rule_ctx, field, value: not isinstance(value, int) or value >= 0


class Executors:
    @hookimpl
    def kafka_rule_executors(self) -> list[Any]:
        return [Mask, NonNegative]


@pytest.fixture
def plugins() -> PluginRegistry:
    registry = PluginRegistry(use_entry_points=False)
    registry.register(Executors())
    SEEN.clear()
    return registry


MASK = RuleSet(
    domain_rules=[Rule("mask", None, RuleKind.TRANSFORM, RuleMode.WRITEREAD, "TEST_MASK", ["PII"])]
)
LATEST = {"auto.register.schemas": False, "use.latest.version": True}
_scopes = iter(range(10**6))


def client() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": f"mock://field-rules-{next(_scopes)}"})


def test_avro_inline_and_metadata_tags_select_fields(plugins: PluginRegistry) -> None:
    schema = {
        "type": "record",
        "name": "Person",
        "fields": [
            {"name": "name", "type": "string", "confluent:tags": ["PII"]},
            {"name": "city", "type": "string"},
            {"name": "email", "type": ["null", "string"]},
            {
                "name": "kids",
                "type": {
                    "type": "array",
                    "items": {
                        "type": "record",
                        "name": "Kid",
                        "fields": [{"name": "nick", "type": "string"}],
                    },
                },
            },
        ],
    }
    c = client()
    metadata = Metadata(MetadataTags({"Person.email": ["PII"], "Kid.*": ["PII"]}), None, None)
    c.register_schema("people-value", Schema(json.dumps(schema), "AVRO", [], metadata, MASK))
    record = {"name": "Ann", "city": "Oslo", "email": "a@b", "kids": [{"nick": "Bo"}]}
    data = AvroSerializer(c, json.dumps(schema), conf=LATEST, rule_registry=plugins)(dict(record), CTX)
    assert data is not None
    plain = fastavro.schemaless_reader(io.BytesIO(data[5:]), fastavro.parse_schema(schema), None)
    assert plain == {"name": "***", "city": "Oslo", "email": "***", "kids": [{"nick": "**"}]}
    assert sorted(set(SEEN)) == ["Kid.nick:STRING", "Person.email:STRING", "Person.name:STRING"]
    read = AvroDeserializer(c, rule_registry=plugins)(data, CTX)
    assert read == {"name": "***!", "city": "Oslo", "email": "***!", "kids": [{"nick": "**!"}]}


def test_avro_field_condition_fails_the_record(plugins: PluginRegistry) -> None:
    schema = {"type": "record", "name": "P", "fields": [{"name": "age", "type": "int"}]}
    c = client()
    c.register_schema(
        "people-value",
        Schema(
            json.dumps(schema),
            "AVRO",
            [],
            None,
            RuleSet(
                domain_rules=[
                    Rule(
                        "age",
                        "ages are not negative",
                        RuleKind.CONDITION,
                        RuleMode.WRITE,
                        "TEST_NON_NEGATIVE",
                    )
                ]
            ),
        ),
    )
    ser = AvroSerializer(c, json.dumps(schema), conf=LATEST, rule_registry=plugins)
    assert ser({"age": 3}, CTX) is not None
    with pytest.raises(SerializationError, match="ages are not negative"):
        ser({"age": -3}, CTX)


def test_json_fields_through_refs_and_arrays(plugins: PluginRegistry) -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "confluent:tags": ["PII"]},
            "home": {"$ref": "#/$defs/Address"},
            "aliases": {"type": "array", "items": {"type": "string"}},
        },
        "$defs": {
            "Address": {
                "type": "object",
                "properties": {
                    "street": {"type": "string", "confluent:tags": ["PII"]},
                    "city": {"type": "string"},
                },
            }
        },
    }
    c = client()
    metadata = Metadata(MetadataTags({"$.aliases": ["PII"]}), None, None)
    c.register_schema("people-value", Schema(json.dumps(schema), "JSON", [], metadata, MASK))
    record = {"name": "Ann", "home": {"street": "Main", "city": "Oslo"}, "aliases": ["A", "Annie"]}
    data = JSONSerializer(json.dumps(schema), c, conf=LATEST, rule_registry=plugins)(record, CTX)
    assert data is not None and json.loads(data[5:]) == {
        "name": "***",
        "home": {"street": "****", "city": "Oslo"},
        "aliases": ["*", "*****"],
    }
    assert "$.home.street:STRING" in SEEN


def test_protobuf_fields_selected_by_metadata_tags(plugins: PluginRegistry) -> None:
    order_cls, money_cls = proto_messages().Order, proto_messages().Money
    c = client()
    ProtobufSerializer(order_cls, c)(order_cls(id="x"), CTX)  # registers the schema and its import
    registered = c.get_latest_version("people-value")
    metadata = Metadata(MetadataTags({"shop.Order.id": ["PII"], "shop.Money.currency": ["PII"]}), None, None)
    c.register_schema(
        "people-value",
        Schema(registered.schema.schema_str, "PROTOBUF", registered.schema.references, metadata, MASK),
    )
    c.clear_latest_caches()
    order = order_cls(id="o-77", total=money_cls(units=5, currency="EUR"))
    data = ProtobufSerializer(order_cls, c, conf=LATEST, rule_registry=plugins)(order, CTX)
    assert data is not None
    back = order_cls.FromString(data[6:])
    assert (back.id, back.total.currency, back.total.units) == ("****", "***", 5)
