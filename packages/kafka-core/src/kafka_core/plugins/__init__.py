"""The plugin host: how serdes, schema formats, rules, KMS drivers and subject
name strategies are found by name.

Plugins implement the hooks of :mod:`kafka_core.plugins.specs` with
:data:`hookimpl` and are declared as entry points in the group
``kafka_core.<kind>``. :func:`default_registry` is the process-wide registry the
clients use; tests build their own :class:`PluginRegistry`.
"""

from __future__ import annotations

import threading
from typing import Any

import pluggy

from . import specs
from ._registry import (
    KINDS,
    PluginConflictError,
    PluginError,
    PluginFailure,
    PluginInfo,
    PluginLoadError,
    PluginNotFoundError,
    PluginRegistry,
)

__all__ = [
    "KINDS",
    "PluginConflictError",
    "PluginError",
    "PluginFailure",
    "PluginInfo",
    "PluginLoadError",
    "PluginNotFoundError",
    "PluginRegistry",
    "default_registry",
    "get_plugin",
    "hookimpl",
    "specs",
]

#: Marker for plugin functions implementing a hook of :mod:`kafka_core.plugins.specs`.
hookimpl = pluggy.HookimplMarker(specs.PROJECT)

_default: PluginRegistry | None = None
_default_lock = threading.Lock()


def default_registry() -> PluginRegistry:
    """The process-wide registry, created (empty, lazy) on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = PluginRegistry()
    return _default


def get_plugin(kind: str, name: str) -> Any:
    """Shortcut for ``default_registry().get(kind, name)``."""
    return default_registry().get(kind, name)
