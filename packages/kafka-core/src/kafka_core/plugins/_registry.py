"""The plugin registry: lazy, cached discovery of contributions by kind and name.

Nothing is imported at construction. Asking for ``(kind, name)`` looks at the
entry points of group ``kafka_core.<kind>`` named ``name`` and imports only
those. Built-in plugins of our own distributions are found the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
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
    # The rule executors (CEL, JSONata, ENCRYPT, DLQ) get their hints when
    # their extras exist; until then the generic advice applies.
    "topic": _SR,
    "record": _SR,
    "topic_record": _SR,
    "associated": _SR,
}

_REGISTERED = "<registered>"


class PluginError(Exception):
    """Base of the plugin host's errors; also raised for a malformed plugin (no ``PLUGIN_NAME``)."""


class PluginNotFoundError(PluginError, LookupError):
    """No installed plugin provides the name asked for; the message says what to install."""


class PluginConflictError(PluginError):
    """Two plugins claim the same kind and name; the message names both distributions."""

    def __init__(self, kind: str, name: str, first: str, second: str) -> None:
        super().__init__(
            f"{kind} {name!r} is provided by two distributions: {first} and {second}; uninstall one of them"
        )
        #: The plugin kind and name both claim.
        self.kind = kind
        self.name = name
        #: The two distributions, the one registered first first.
        self.distributions = (first, second)


class PluginLoadError(PluginError, ImportError):
    """Every plugin providing the name asked for failed to load; the message names each and its cause."""


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


def _install_advice(kind: str, name: str) -> str:
    hint = _INSTALL_HINTS.get(_key(name))
    if hint:
        return f"pip install '{hint}'"
    return f"install a distribution that provides the {kind} {name!r}"


class PluginRegistry:
    """Finds and holds plugin contributions, by kind (:data:`KINDS`) and case-insensitive name.

    With ``use_entry_points=True`` (the default) the first :meth:`get` of a
    name loads the entry points of that name in group ``kafka_core.<kind>``,
    and nothing else. ``use_entry_points=False`` gives a registry that knows
    only what is passed to :meth:`register` (what tests use). Thread-safe.
    """

    def __init__(self, *, use_entry_points: bool = True) -> None:
        self._use_entry_points = use_entry_points
        self._pm = pluggy.PluginManager(specs.PROJECT)
        self._pm.add_hookspecs(specs)
        self._found: dict[tuple[str, str], PluginInfo] = {}
        self._conflicts: dict[tuple[str, str], PluginConflictError] = {}
        self._failures: list[PluginFailure] = []
        # Entry point targets already loaded, by (target, distribution): the
        # cause if loading failed, else None. One module may serve many groups.
        self._loaded: dict[tuple[str, str], str | None] = {}
        self._scanned: set[tuple[str, str]] = set()
        self._scanned_kinds: set[str] = set()
        self._groups: dict[str, list[metadata.EntryPoint]] = {}
        self._lock = threading.RLock()

    def register(self, plugin: Any, *, distribution: str = _REGISTERED, version: str = "") -> None:
        """Register a plugin object or module and index what its hooks contribute.

        All or nothing: raises :class:`PluginConflictError` if it claims a name
        already taken, :class:`PluginError` if a contribution has no
        ``PLUGIN_NAME``, and registers none of its contributions then.
        """
        with self._lock:
            conflicts = self._index(plugin, distribution, version, atomic=True)
            if conflicts:
                raise conflicts[0]

    def _contributions(self, plugin: Any, distribution: str) -> list[tuple[str, str, Any]]:
        """``(kind, name, obj)`` for everything ``plugin``'s hooks return."""
        found: list[tuple[str, str, Any]] = []
        for kind, hook_name in KINDS.items():
            for impl in getattr(self._pm.hook, hook_name).get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                for obj in impl.function() or ():
                    name = getattr(obj, "PLUGIN_NAME", None)
                    if not isinstance(name, str) or not name:
                        missing = f"{distribution}: {kind} {obj!r} has no PLUGIN_NAME (a non-empty str)"
                        raise PluginError(missing)
                    found.append((kind, name, obj))
        return found

    def _index(
        self, plugin: Any, distribution: str, version: str, *, atomic: bool
    ) -> list[PluginConflictError]:
        """Register ``plugin`` with pluggy and index its contributions; return the conflicts.

        ``atomic``: on any conflict or error, index nothing and unregister it.
        Otherwise contributions that conflict are left out (and recorded) and
        the others are indexed.
        """
        newly = not self._pm.is_registered(plugin)
        try:
            if newly:
                self._pm.register(plugin)
            self._pm.check_pending()  # a misspelt hook name is an error, not silence
            contributions = self._contributions(plugin, distribution)
        except Exception as exc:
            if newly and self._pm.is_registered(plugin):
                self._pm.unregister(plugin)
            if isinstance(exc, (pluggy.PluginValidationError, ValueError)):
                raise PluginError(f"{distribution}: {exc}") from exc
            raise
        conflicts: list[PluginConflictError] = []
        accepted: list[PluginInfo] = []
        for kind, name, obj in contributions:
            key = (kind, _key(name))
            existing = self._found.get(key)
            if existing is not None and existing.obj is not obj:
                conflicts.append(PluginConflictError(kind, name, existing.distribution, distribution))
            elif existing is None:
                accepted.append(PluginInfo(kind, name, obj, distribution, version))
        if atomic and conflicts:
            if newly:
                self._pm.unregister(plugin)
            return conflicts
        for info in accepted:
            self._found[(info.kind, _key(info.name))] = info
        for conflict in conflicts:
            self._conflicts.setdefault((conflict.kind, _key(conflict.name)), conflict)
        return conflicts

    def get(self, kind: str, name: str) -> Any:
        """Return the object registered for ``kind`` and ``name`` (case-insensitive).

        Raises :class:`PluginNotFoundError` (saying what to install),
        :class:`PluginLoadError` (naming the distribution and the cause),
        :class:`PluginConflictError` (naming both distributions), or
        :class:`PluginError` for an unknown kind.
        """
        if kind not in KINDS:
            raise PluginError(f"unknown plugin kind {kind!r}; kinds are {', '.join(KINDS)}")
        key = (kind, _key(name))
        with self._lock:
            if self._use_entry_points and key not in self._scanned and kind not in self._scanned_kinds:
                self._load_entry_points(kind, name)
                self._scanned.add(key)
            conflict = self._conflicts.get(key)
            if conflict is not None:
                raise conflict
            info = self._found.get(key)
            if info is not None:
                return info.obj
            failures = [f for f in self._failures if f.kind == kind and _key(f.name) == key[1]]
        if failures:
            detail = "; ".join(f"{f.distribution} {f.version}: {f.cause}" for f in failures)
            advice = ""
            if any("ModuleNotFoundError" in f.cause for f in failures) and _key(name) in _INSTALL_HINTS:
                advice = f"; {_install_advice(kind, name)}"
            raise PluginLoadError(f"the plugin providing {kind} {name!r} failed to load: {detail}{advice}")
        raise PluginNotFoundError(f"no {kind} named {name!r} is installed; {_install_advice(kind, name)}")

    def _entry_points(self, kind: str) -> list[metadata.EntryPoint]:
        group = f"kafka_core.{kind}"
        eps = self._groups.get(group)
        if eps is None:
            eps = list(metadata.entry_points(group=group))
            self._groups[group] = eps
        return eps

    def _load_entry_points(self, kind: str, name: str | None) -> None:
        """Load the entry points of ``kind`` named ``name`` (all when None); record failures and conflicts."""
        for ep in self._entry_points(kind):
            if name is not None and _key(ep.name) != _key(name):
                continue
            dist, version = _dist_of(ep)
            marker = (ep.value, dist)
            if marker in self._loaded:
                cause = self._loaded[marker]
            else:
                cause = self._load_one(ep, dist, version)
                self._loaded[marker] = cause
            if cause is None:
                cause = self._missing_contribution(kind, ep.name, dist)
            if cause is not None:
                failure = PluginFailure(kind, ep.name, dist, version, cause)
                if failure not in self._failures:
                    self._failures.append(failure)

    def _load_one(self, ep: metadata.EntryPoint, dist: str, version: str) -> str | None:
        """Import ``ep`` and index its plugin; return the cause if that failed."""
        try:
            plugin = ep.load()
            self._index(plugin, dist, version, atomic=False)
        except Exception as exc:  # a broken plugin must not break the others
            return f"{type(exc).__name__}: {exc}"
        return None

    def _missing_contribution(self, kind: str, name: str, dist: str) -> str | None:
        """The cause to report when ``dist``'s entry point ``name`` gave no ``kind`` of that name."""
        key = (kind, _key(name))
        info = self._found.get(key)
        if info is not None and info.distribution == dist:
            return None
        conflict = self._conflicts.get(key)
        if conflict is not None and dist in conflict.distributions:
            return None
        return f"its entry point {name!r} in group kafka_core.{kind} contributes no {kind} named {name!r}"

    def discover_all(self) -> None:
        """Load every installed plugin of every kind (for listings); failures and conflicts are recorded."""
        if not self._use_entry_points:
            return
        with self._lock:
            for kind in KINDS:
                if kind not in self._scanned_kinds:
                    self._load_entry_points(kind, None)
                    self._scanned_kinds.add(kind)

    def installed(self) -> list[PluginInfo]:
        """Everything registered so far, sorted by kind and name."""
        with self._lock:
            return sorted(self._found.values(), key=lambda i: (i.kind, _key(i.name)))

    @property
    def failures(self) -> list[PluginFailure]:
        """Entry points that failed to load so far."""
        with self._lock:
            return list(self._failures)

    @property
    def conflicts(self) -> list[PluginConflictError]:
        """Names claimed by two distributions, found so far (:meth:`get` raises these)."""
        with self._lock:
            return sorted(self._conflicts.values(), key=lambda c: (c.kind, _key(c.name)))

    def names(self, kind: str) -> Iterable[str]:
        """Names registered so far for ``kind``."""
        return [i.name for i in self.installed() if i.kind == kind]
