"""Subject name strategies: the reference's four, by callable, by type and by plugin name."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_core.plugins import PluginNotFoundError, PluginRegistry, hookimpl
from kafka_schema_registry import Schema, SchemaReference, SchemaRegistryClient
from kafka_schema_registry import record_subject_name_strategy as root_record_strategy
from kafka_schema_registry._serde import (
    AssociatedNameStrategy,
    record_subject_name_strategy,
    reference_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)
from kafka_schema_registry.avro import AvroSerializer

CTX = SerializationContext("orders", MessageField.KEY)
RECORD = json.dumps(
    {"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "int"}]}
)


def test_strategies_form_reference_subjects() -> None:
    assert topic_subject_name_strategy(CTX, "shop.Order") == "orders-key"
    assert topic_record_subject_name_strategy(CTX, "shop.Order") == "orders-shop.Order"
    assert topic_record_subject_name_strategy(CTX, None) is None
    assert record_subject_name_strategy(None, "shop.Order") == "shop.Order"
    assert reference_subject_name_strategy(None, SchemaReference("a/b.proto", "x", 1)) == "a/b.proto"
    assert root_record_strategy is record_subject_name_strategy
    with pytest.raises(ValueError, match="SerializationContext"):
        topic_subject_name_strategy(None, "x")


@pytest.mark.parametrize(
    "conf,subject",
    [
        ({}, "orders-key"),  # associated (the default) falls back to the topic strategy
        ({"subject.name.strategy.type": "RECORD"}, "shop.Order"),
        ({"subject.name.strategy.type": "TOPIC_RECORD"}, "orders-shop.Order"),
        ({"subject.name.strategy": record_subject_name_strategy}, "shop.Order"),
        ({"subject.name.strategy": "topic_record"}, "orders-shop.Order"),
        (
            {
                "subject.name.strategy.type": "ASSOCIATED",
                "subject.name.strategy.conf": {"subject.name.strategy.fallback.type": "RECORD"},
            },
            "shop.Order",
        ),
    ],
)
def test_serializer_registers_under_the_strategy_subject(conf: dict[str, Any], subject: str) -> None:
    client = SchemaRegistryClient({"url": "mock://subjects-" + str(abs(hash(json.dumps(str(conf)))))})
    AvroSerializer(client, RECORD, conf=conf)({"id": 1}, CTX)
    assert client.get_subjects() == [subject]


def test_associated_without_fallback_is_an_error() -> None:
    strategy = AssociatedNameStrategy({"subject.name.strategy.fallback.type": "NONE"})
    with pytest.raises(SerializationError, match="no subject is associated"):
        strategy(CTX, "shop.Order")


class PrefixStrategy:
    PLUGIN_NAME: ClassVar[str] = "prefixed"

    def __call__(self, ctx: SerializationContext | None, record_name: str | None) -> str | None:
        return f"team-a.{record_name}"


class StrategyPlugin:
    @hookimpl
    def kafka_subject_name_strategies(self) -> list[Any]:
        return [PrefixStrategy]


def test_third_party_strategy_by_name_from_the_plugin_registry() -> None:
    plugins = PluginRegistry(use_entry_points=False)
    plugins.register(StrategyPlugin())
    client = SchemaRegistryClient({"url": "mock://subjects-plugin"})
    AvroSerializer(client, RECORD, conf={"subject.name.strategy": "prefixed"}, rule_registry=plugins)(
        {"id": 1}, CTX
    )
    assert client.get_subjects() == ["team-a.shop.Order"]
    assert client.get_latest_version("team-a.shop.Order").schema == Schema(RECORD, "AVRO")
    with pytest.raises(PluginNotFoundError, match="nope"):
        AvroSerializer(client, RECORD, conf={"subject.name.strategy": "nope"}, rule_registry=plugins)
