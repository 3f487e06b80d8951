"""Hook specifications: what a plugin can contribute.

A plugin is a module (or object) with functions named after these hooks,
decorated with :data:`kafka_core.plugins.hookimpl`. Each hook returns the
things the plugin contributes; each thing carries a ``PLUGIN_NAME`` attribute,
the name users ask for it by (``"string"``, ``"AVRO"``, ``"CEL"``, ...).

A distribution declares the plugin as an entry point in the group
``kafka_core.<kind>`` named after what it provides, for example::

    [project.entry-points."kafka_core.serializer"]
    msgpack = "my_package.plugin"

so that asking for ``msgpack`` imports that module and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pluggy

__all__ = [
    "PROJECT",
    "hookspec",
    "kafka_deserializers",
    "kafka_kms_drivers",
    "kafka_rule_actions",
    "kafka_rule_executors",
    "kafka_schema_formats",
    "kafka_serializers",
    "kafka_subject_name_strategies",
]

#: The pluggy project name shared by the host and every plugin.
PROJECT = "kafka_core"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def kafka_serializers() -> Iterable[Any]:
    """Return serializer classes; each is constructed with keyword options and called ``(obj, ctx)``."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_deserializers() -> Iterable[Any]:
    """Return deserializer classes; each is constructed with keyword options and called ``(data, ctx)``."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_schema_formats() -> Iterable[Any]:
    """Return schema format classes for the Schema Registry (``AVRO``, ``JSON``, ``PROTOBUF``, ...)."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_rule_executors() -> Iterable[Any]:
    """Return data-contract rule executor classes, named by the rule type they run (``CEL``, ...)."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_rule_actions() -> Iterable[Any]:
    """Return data-contract rule action classes (``DLQ``, ...)."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_kms_drivers() -> Iterable[Any]:
    """Return KMS driver classes for field encryption, named by KMS type."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations


@hookspec
def kafka_subject_name_strategies() -> Iterable[Any]:
    """Return subject name strategies: callables ``(ctx, record_name) -> subject`` with a ``PLUGIN_NAME``."""
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations
