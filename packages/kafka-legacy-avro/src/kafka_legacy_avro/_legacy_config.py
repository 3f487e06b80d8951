"""Splitting a legacy client configuration into the Kafka client's and the Schema Registry's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._registry_client import CachedSchemaRegistryClient

__all__ = ["PREFIX", "split_config"]

PREFIX = "schema.registry."


def split_config(config: Mapping[str, Any], schema_registry: Any) -> tuple[dict[str, Any], Any]:
    """``(Kafka client config, registry client)`` from a legacy ``config``.

    The ``schema.registry.*`` keys, prefix removed, configure a new
    :class:`CachedSchemaRegistryClient` unless ``schema_registry`` is given
    (then ``schema.registry.url`` is a ValueError). With
    ``schema.registry.basic.auth.credentials.source`` SASL_INHERIT, the
    registry gets the client's ``sasl.mechanism`` (or ``sasl.mechanisms``),
    ``sasl.username`` and ``sasl.password``.
    """
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a dict, not {type(config).__name__}")
    sr_conf = {key[len(PREFIX) :]: value for key, value in config.items() if key.startswith(PREFIX)}
    kafka_conf = {key: value for key, value in config.items() if not key.startswith(PREFIX)}
    source = sr_conf.get("basic.auth.credentials.source")
    if isinstance(source, str) and source.upper() == "SASL_INHERIT":
        for target, keys in (
            ("sasl.mechanism", ("sasl.mechanism", "sasl.mechanisms")),
            ("sasl.username", ("sasl.username",)),
            ("sasl.password", ("sasl.password",)),
        ):
            for key in keys:
                if config.get(key) is not None:
                    sr_conf.setdefault(target, config[key])
                    break
    if schema_registry is None:
        if not sr_conf.get("url"):
            raise ValueError(
                "config needs schema.registry.url (or pass a registry client as schema_registry)"
            )
        try:
            return kafka_conf, CachedSchemaRegistryClient(sr_conf)
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"{exc} (keys of config starting with {PREFIX!r}, prefix removed)") from None
    if sr_conf.get("url") is not None:
        raise ValueError("Cannot pass schema_registry along with schema.registry.url config")
    return kafka_conf, schema_registry
