"""The plugin registry with explicitly registered plugins (no entry points involved)."""

from __future__ import annotations

from typing import Any

import pytest
from kafka_core.plugins import (
    KINDS,
    PluginConflictError,
    PluginError,
    PluginNotFoundError,
    PluginRegistry,
    default_registry,
    get_plugin,
    hookimpl,
)


def named(name: str) -> type:
    """A fresh class carrying ``PLUGIN_NAME = name``."""
    return type(f"Contribution_{name}", (), {"PLUGIN_NAME": name})


class SerdePlugin:
    """A plugin object contributing the given serializers and deserializers."""

    def __init__(self, serializers: list[Any], deserializers: list[Any] | None = None) -> None:
        self.serializers = serializers
        self.deserializers = deserializers or []

    @hookimpl
    def kafka_serializers(self) -> list[Any]:
        return self.serializers

    @hookimpl
    def kafka_deserializers(self) -> list[Any]:
        return self.deserializers


def test_registered_contributions_are_found_by_kind_and_name_ignoring_case() -> None:
    registry = PluginRegistry(use_entry_points=False)
    ser, de = named("Fancy"), named("fancy")
    registry.register(SerdePlugin([ser], [de]), distribution="fancy-serde", version="1.2")
    assert registry.get("serializer", "fancy") is ser
    assert registry.get("serializer", "FANCY") is ser
    assert registry.get("deserializer", "Fancy") is de
    assert [(i.kind, i.name, i.distribution, i.version) for i in registry.installed()] == [
        ("deserializer", "fancy", "fancy-serde", "1.2"),
        ("serializer", "Fancy", "fancy-serde", "1.2"),
    ]
    assert list(registry.names("serializer")) == ["Fancy"]


def test_every_kind_has_its_hook() -> None:
    contributions = {kind: named(f"{kind}-thing") for kind in KINDS}

    class EveryKind:
        pass

    plugin = EveryKind()
    for kind, hook_name in KINDS.items():
        def hook(value: Any = contributions[kind]) -> list[Any]:
            return [value]
        setattr(plugin, hook_name, hookimpl(hook))
    registry = PluginRegistry(use_entry_points=False)
    registry.register(plugin, distribution="everything")
    for kind, obj in contributions.items():
        assert registry.get(kind, f"{kind}-thing") is obj


def test_registering_the_same_plugin_twice_is_harmless() -> None:
    registry = PluginRegistry(use_entry_points=False)
    plugin = SerdePlugin([named("once")])
    registry.register(plugin)
    registry.register(plugin)
    assert len(registry.installed()) == 1


def test_two_plugins_claiming_one_name_is_an_error_naming_both_and_registers_nothing() -> None:
    registry = PluginRegistry(use_entry_points=False)
    first = named("shared")
    registry.register(SerdePlugin([first]), distribution="dist-one", version="1")
    second = SerdePlugin([named("Shared"), named("extra")])
    with pytest.raises(PluginConflictError) as info:
        registry.register(second, distribution="dist-two", version="2")
    assert "serializer 'Shared' is provided by two distributions: dist-one and dist-two" in str(info.value)
    assert info.value.distributions == ("dist-one", "dist-two")
    assert (info.value.kind, info.value.name) == ("serializer", "Shared")
    assert registry.get("serializer", "shared") is first
    with pytest.raises(PluginNotFoundError):
        registry.get("serializer", "extra")


def test_a_contribution_without_plugin_name_is_refused() -> None:
    registry = PluginRegistry(use_entry_points=False)
    with pytest.raises(PluginError, match=r"nameless-dist: serializer .* has no PLUGIN_NAME"):
        registry.register(SerdePlugin([named("fine"), object()]), distribution="nameless-dist")
    with pytest.raises(PluginNotFoundError):
        registry.get("serializer", "fine")


def test_a_misspelt_hook_is_refused() -> None:
    class Misspelt:
        @hookimpl
        def kafka_serialisers(self) -> list[Any]:
            return [named("british")]

    registry = PluginRegistry(use_entry_points=False)
    with pytest.raises(PluginError, match=r"typo-dist: .*kafka_serialisers"):
        registry.register(Misspelt(), distribution="typo-dist")
    # the refused plugin does not linger: a correct one registers fine afterwards
    registry.register(SerdePlugin([named("ok")]))
    assert registry.get("serializer", "ok").PLUGIN_NAME == "ok"


def test_unknown_kind_is_an_error_listing_the_kinds() -> None:
    expected = "unknown plugin kind 'serialiser'; kinds are serializer, deserializer"
    with pytest.raises(PluginError, match=expected):
        PluginRegistry(use_entry_points=False).get("serialiser", "string")


@pytest.mark.parametrize(
    ("kind", "name", "advice"),
    [
        ("serializer", "avro", "pip install 'kafka-schema-registry[avro]'"),
        ("deserializer", "PROTOBUF", "pip install 'kafka-schema-registry[protobuf]'"),
        ("schema_format", "json", "pip install 'kafka-schema-registry[json]'"),
        ("rule_executor", "CEL", "install a distribution that provides the rule_executor 'CEL'"),
        ("serializer", "string", "pip install 'kafka-serde'"),
        ("serializer", "fancy", "install a distribution that provides the serializer 'fancy'"),
    ],
)
def test_a_missing_name_says_what_to_install(kind: str, name: str, advice: str) -> None:
    with pytest.raises(PluginNotFoundError) as info:
        PluginRegistry(use_entry_points=False).get(kind, name)
    assert str(info.value) == f"no {kind} named {name!r} is installed; {advice}"
    assert isinstance(info.value, LookupError)


def test_default_registry_is_one_per_process_and_backs_get_plugin() -> None:
    assert default_registry() is default_registry()
    with pytest.raises(PluginNotFoundError, match="no serializer named 'no-such-serde-anywhere'"):
        get_plugin("serializer", "no-such-serde-anywhere")
