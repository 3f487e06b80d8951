"""Subject name strategies found by name in the plugin registry (imported only when a name is asked for)."""

from __future__ import annotations

from typing import Any

from kafka_core.plugins import PluginNotFoundError, PluginRegistry, default_registry

__all__ = ["UnknownSubjectNameStrategyError", "find_strategy"]


class UnknownSubjectNameStrategyError(PluginNotFoundError, ValueError):
    """No subject name strategy has the name asked for: a ValueError, as the reference raises for an
    unknown strategy type, and a PluginNotFoundError saying what to install."""


def find_strategy(name: str, plugins: PluginRegistry | None) -> Any:
    """The ``subject_name_strategy`` plugin ``name`` of ``plugins`` (default: the process-wide registry)."""
    if plugins is None:
        plugins = default_registry()
    try:
        return plugins.get("subject_name_strategy", name)
    except PluginNotFoundError as exc:
        raise UnknownSubjectNameStrategyError(str(exc)) from exc
