"""The plugin registry: lazy, cached discovery of contributions by kind and name.

Nothing is imported at construction. Asking for ``(kind, name)`` looks at the
entry points of group ``kafka_core.<kind>`` named ``name`` and imports only
those. Built-in plugins of our own distributions are found the same way.
"""

from __future__ import annotations

import importlib.metadata as metadata
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pluggy

from . import specs

__all__ = [
    "KINDS",
    "PluginConflictError",
    "PluginError",
    "PluginFailure",
    "PluginInfo",
    "PluginLoadError",
    "PluginNotFoundError",
    "PluginRegistry",
]

#: Plugin kinds and the hook that contributes each.
KINDS: dict[str, str] = {
    "serializer": "kafka_serializers",
    "deserializer": "kafka_deserializers",
    "schema_format": "kafka_schema_formats",
    "rule_executor": "kafka_rule_executors",
    "rule_action": "kafka_rule_actions",
    "kms_driver": "kafka_kms_drivers",
    "subject_name_strategy": "kafka_subject_name_strategies",
}

_SERDE = "kafka-serde"
_SR = "kafka-schema-registry"
# Where the well-known names come from, for the "not installed" message.
_INSTALL_HINTS: dict[str, str] = {
    **{n: _SERDE for n in ("string", "integer", "double", "long", "float", "uuid", "bytes")},
    "avro": f"{_SR}[avro]",
    "json": f"{_SR}[json]",
    "protobuf": f"{_SR}[protobuf]",
    "cel": f"{_SR}[rules-cel]",
    "cel_field": f"{_SR}[rules-cel]",
    "jsonata": f"{_SR}[rules-jsonata]",
    "encrypt": f"{_SR}[rules-encryption]",
    "encrypt_payload": f"{_SR}[rules-encryption]",
    "dlq": f"{_SR}[rules]",
    "topic": _SR,
    "record": _SR,
    "topic_record": _SR,
    "associated": _SR,
}


class PluginError(Exception):
    """Base of the plugin host's errors."""


class PluginNotFoundError(PluginError, LookupError):
    """No installed plugin provides the name asked for."""


class PluginConflictError(PluginError):
    """Two plugins claim the same kind and name."""


class PluginLoadError(PluginError, ImportError):
    """The only plugin providing a name failed to load."""


@dataclass(frozen=True)
class PluginInfo:
    """One contribution: its kind, name, the object, and who provides it."""

    kind: str
    name: str
    obj: Any
    distribution: str
    version: str


@dataclass(frozen=True)
class PluginFailure:
    """An entry point that could not be loaded, and why."""

    kind: str
    name: str
    distribution: str
    version: str
    cause: str


def _key(name: str) -> str:
    return name.lower()


def _dist_of(ep: metadata.EntryPoint) -> tuple[str, str]:
    dist = ep.dist
    if dist is None:  # pragma: no cover - entry points always come from a distribution here
        return ("<unknown>", "")
    return (str(dist.metadata["Name"]), str(dist.version))


class PluginRegistry:
    """Finds and holds plugin contributions.

    ``use_entry_points=False`` gives a registry that knows only what is passed
    to :meth:`register` (what tests use).
    """

    def __init__(self, *, use_entry_points: bool = True) -> None:
        self._use_entry_points = use_entry_points
        self._pm = pluggy.PluginManager(specs.PROJECT)
        self._pm.add_hookspecs(specs)
        self._found: dict[tuple[str, str], PluginInfo] = {}
        self._failures: list[PluginFailure] = []
        self._seen_entry_points: set[tuple[str, str]] = set()
        self._groups: dict[str, list[metadata.EntryPoint]] = {}
        self._lock = threading.RLock()

    def register(self, plugin: Any, *, distribution: str = "<registered>", version: str = "") -> None:
        """Register a plugin object or module and index what its hooks contribute.

        Raises :class:`PluginConflictError` if it claims a name already taken.
        """
        with self._lock:
            if not self._pm.is_registered(plugin):
                self._pm.register(plugin)
            for kind, hook_name in KINDS.items():
                for impl in getattr(self._pm.hook, hook_name).get_hookimpls():
                    if impl.plugin is not plugin:
                        continue
                    for obj in impl.function() or ():
                        self._add(kind, obj, distribution, version)

    def _add(self, kind: str, obj: Any, distribution: str, version: str) -> None:
        name = getattr(obj, "PLUGIN_NAME", None)
        if not isinstance(name, str) or not name:
            raise PluginError(f"{distribution}: {kind} {obj!r} has no PLUGIN_NAME")
        key = (kind, _key(name))
        existing = self._found.get(key)
        if existing is not None:
            if existing.obj is obj:
                return
            raise PluginConflictError(
                f"{kind} {name!r} is provided by two plugins: {existing.distribution} and {distribution};"
                " uninstall one of them"
            )
        self._found[key] = PluginInfo(kind, name, obj, distribution, version)

    def get(self, kind: str, name: str) -> Any:
        """Return the object registered for ``kind`` and ``name`` (case-insensitive).

        Raises :class:`PluginNotFoundError` (saying what to install),
        :class:`PluginLoadError` (naming the distribution and the cause) or
        :class:`PluginConflictError`.
        """
        if kind not in KINDS:
            raise PluginError(f"unknown plugin kind {kind!r}; kinds are {', '.join(KINDS)}")
        key = (kind, _key(name))
        info = self._found.get(key)
        if info is not None:
            return info.obj
        with self._lock:
            failures = self._load_entry_points(kind, name) if self._use_entry_points else []
            info = self._found.get(key)
            if info is not None:
                return info.obj
        if failures:
            detail = "; ".join(f"{f.distribution} {f.version}: {f.cause}" for f in failures)
            raise PluginLoadError(f"the plugin providing {kind} {name!r} failed to load: {detail}")
        hint = _INSTALL_HINTS.get(_key(name))
        advice = f"pip install '{hint}'" if hint else f"install a distribution that provides the {kind} {name!r}"
        raise PluginNotFoundError(f"no {kind} named {name!r} is installed; {advice}")

    def _entry_points(self, kind: str) -> list[metadata.EntryPoint]:
        group = f"kafka_core.{kind}"
        eps = self._groups.get(group)
        if eps is None:
            eps = list(metadata.entry_points(group=group))
            self._groups[group] = eps
        return eps

    def _load_entry_points(self, kind: str, name: str | None) -> list[PluginFailure]:
        failures: list[PluginFailure] = []
        for ep in self._entry_points(kind):
            if name is not None and _key(ep.name) != _key(name):
                continue
            dist, version = _dist_of(ep)
            marker = (ep.value, dist)
            if marker in self._seen_entry_points:
                failures.extend(f for f in self._failures if f.kind == kind and _key(f.name) == _key(ep.name))
                continue
            self._seen_entry_points.add(marker)
            try:
                plugin = ep.load()
                self.register(plugin, distribution=dist, version=version)
            except PluginConflictError:
                raise
            except Exception as exc:  # a broken plugin must not break the others
                failure = PluginFailure(kind, ep.name, dist, version, f"{type(exc).__name__}: {exc}")
                self._failures.append(failure)
                failures.append(failure)
        return failures

    def discover_all(self) -> None:
        """Load every installed plugin of every kind (for listings; lookups stay lazy)."""
        if not self._use_entry_points:
            return
        with self._lock:
            for kind in KINDS:
                try:
                    self._load_entry_points(kind, None)
                except PluginConflictError as exc:
                    self._failures.append(PluginFailure(kind, "?", "?", "", str(exc)))

    def installed(self) -> list[PluginInfo]:
        """Everything registered so far, sorted by kind and name."""
        return sorted(self._found.values(), key=lambda i: (i.kind, _key(i.name)))

    @property
    def failures(self) -> list[PluginFailure]:
        """Entry points that failed to load so far."""
        return list(self._failures)

    def names(self, kind: str) -> Iterable[str]:
        """Names registered so far for ``kind``."""
        return [i.name for i in self.installed() if i.kind == kind]
