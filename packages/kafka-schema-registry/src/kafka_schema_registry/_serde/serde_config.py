"""The configuration of schema serdes: the reference client's keys, checked once at construction.

Unknown keys and values of the wrong type raise ValueError naming the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .framing import dual_schema_id_deserializer, prefix_schema_id_serializer
from .subject_name_strategy import BUILTIN_STRATEGIES, AssociatedNameStrategy, SubjectNameStrategy

if TYPE_CHECKING:
    from kafka_core.plugins import PluginRegistry

__all__ = ["CommonConfig", "DeserializerConfig", "SerializerConfig", "resolve_subject_name_strategy"]

_TYPE_NAMES = {
    "TOPIC": "topic",
    "RECORD": "record",
    "TOPIC_RECORD": "topic_record",
    "ASSOCIATED": "associated",
}


def _bool(conf: dict[str, Any], key: str, default: bool) -> bool:
    value = conf.pop(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be a boolean, not {value!r}")
    return value


def _optional(conf: dict[str, Any], key: str, kind: type, what: str) -> Any:
    value = conf.pop(key, None)
    if value is not None and (not isinstance(value, kind) or (isinstance(value, bool) and kind is int)):
        raise ValueError(f"{key} must be {what}, not {value!r}")
    return value


def _callable(conf: dict[str, Any], key: str, default: Callable[..., Any]) -> Callable[..., Any]:
    value = conf.pop(key, None)
    if value is None:
        return default
    if not callable(value):
        raise ValueError(f"{key} must be callable, not {value!r}")
    return value  # type: ignore[no-any-return]


def resolve_subject_name_strategy(
    strategy: Any, strategy_type: Any, strategy_conf: dict[str, Any] | None, plugins: PluginRegistry | None
) -> SubjectNameStrategy | AssociatedNameStrategy:
    """The strategy: a callable, else a plugin name, else a type; default: associated, as the reference.

    ``strategy`` may be a callable or the name of a ``subject_name_strategy`` plugin;
    ``strategy_type`` one of TOPIC, RECORD, TOPIC_RECORD, ASSOCIATED (or any plugin name).
    Raises ValueError for NONE, a non-callable, or a name nobody provides (then also a
    ``PluginNotFoundError`` saying what to install).
    """
    name: str | None = None
    if strategy is not None:
        if callable(strategy):
            return strategy  # type: ignore[no-any-return]
        if not isinstance(strategy, str):
            raise ValueError(f"subject.name.strategy must be callable or a plugin name, not {strategy!r}")
        name = strategy
    elif strategy_type is not None:
        type_name = str(getattr(strategy_type, "value", strategy_type))
        if type_name.upper() == "NONE":
            raise ValueError("subject.name.strategy.type NONE is only valid as a fallback type")
        name = _TYPE_NAMES.get(type_name.upper(), type_name)
    if name is None:
        return AssociatedNameStrategy(strategy_conf)
    found: Any = None
    for builtin in BUILTIN_STRATEGIES:
        if name.lower() == builtin.PLUGIN_NAME:
            found = builtin
    if found is None:
        from .strategy_plugins import find_strategy  # plugins are looked at only for a name no built-in has

        found = find_strategy(name, plugins)
    if isinstance(found, type):
        found = found(strategy_conf) if issubclass(found, AssociatedNameStrategy) else found()
    if not callable(found):
        raise ValueError(f"the subject name strategy {name!r} is not callable")
    return found  # type: ignore[no-any-return]


@dataclass
class CommonConfig:
    """What serializers and deserializers both configure."""

    use_latest_version: bool
    use_latest_with_metadata: dict[str, str] | None
    subject_name_strategy: Any


@dataclass
class SerializerConfig(CommonConfig):
    """A serializer's configuration."""

    auto_register: bool
    normalize: bool
    use_schema_id: int | None
    schema_id_serializer: Callable[..., bytes]
    extra: dict[str, Any]


@dataclass
class DeserializerConfig(CommonConfig):
    """A deserializer's configuration."""

    schema_id_deserializer: Callable[..., Any]
    extra: dict[str, Any]


def _common(conf: dict[str, Any], plugins: PluginRegistry | None) -> dict[str, Any]:
    latest = _bool(conf, "use.latest.version", False)
    with_metadata = _optional(conf, "use.latest.with.metadata", dict, "a dict")
    strategy_conf = _optional(conf, "subject.name.strategy.conf", dict, "a dict")
    strategy = resolve_subject_name_strategy(
        conf.pop("subject.name.strategy", None),
        conf.pop("subject.name.strategy.type", None),
        strategy_conf,
        plugins,
    )
    return {
        "use_latest_version": latest,
        "use_latest_with_metadata": with_metadata,
        "subject_name_strategy": strategy,
    }


def _leftover(conf: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    extra = {k: conf.pop(k) for k in list(conf) if k in known}
    if conf:
        raise ValueError(f"unrecognized properties: {', '.join(sorted(conf))}")
    for key, default in known.items():
        extra.setdefault(key, default)
    return extra


def parse_serializer_config(
    conf: dict[str, Any] | None, format_keys: dict[str, Any], plugins: PluginRegistry | None
) -> SerializerConfig:
    """Check and split a serializer's ``conf``; ``format_keys`` are the format's own keys and defaults."""
    conf = dict(conf or {})
    auto_register = _bool(conf, "auto.register.schemas", True)
    normalize = _bool(conf, "normalize.schemas", False)
    use_schema_id = _optional(conf, "use.schema.id", int, "an int")
    common = _common(conf, plugins)
    if common["use_latest_version"] and auto_register:
        raise ValueError("use.latest.version and auto.register.schemas cannot both be enabled")
    schema_id_serializer = _callable(conf, "schema.id.serializer", prefix_schema_id_serializer)
    return SerializerConfig(
        auto_register=auto_register,
        normalize=normalize,
        use_schema_id=use_schema_id,
        schema_id_serializer=schema_id_serializer,
        extra=_leftover(conf, format_keys),
        **common,
    )


def parse_deserializer_config(
    conf: dict[str, Any] | None, format_keys: dict[str, Any], plugins: PluginRegistry | None
) -> DeserializerConfig:
    """Check and split a deserializer's ``conf``; ``format_keys`` are the format's own keys and defaults."""
    conf = dict(conf or {})
    common = _common(conf, plugins)
    schema_id_deserializer = _callable(conf, "schema.id.deserializer", dual_schema_id_deserializer)
    return DeserializerConfig(
        schema_id_deserializer=schema_id_deserializer, extra=_leftover(conf, format_keys), **common
    )
