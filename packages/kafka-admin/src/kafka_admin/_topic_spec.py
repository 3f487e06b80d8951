"""``TopicSpec``: a topic as it should be, and reading a list of them from JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["TopicSpec", "load_topic_specs", "topic_specs_from_data"]

_MAX_TOPIC_NAME_LENGTH = 249


@dataclass(frozen=True)
class TopicSpec:
    """The desired state of one topic.

    ``partitions`` / ``replication_factor``: ``None`` leaves them to the
    broker default on creation and unchecked afterwards. ``config`` holds the
    topic configs to enforce (name to string value); configs not named are
    left as they are. Invalid values raise ``ValueError`` / ``TypeError``.
    """

    name: str
    partitions: int | None = None
    replication_factor: int | None = None
    config: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"TopicSpec: name must be a str, got {type(self.name).__name__}")
        if not self.name or len(self.name) > _MAX_TOPIC_NAME_LENGTH:
            raise ValueError(
                f"TopicSpec: name must be 1 to {_MAX_TOPIC_NAME_LENGTH} characters, got {self.name!r}"
            )
        for label, value in (
            ("partitions", self.partitions),
            ("replication_factor", self.replication_factor),
        ):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(
                    f"TopicSpec {self.name!r}: {label} must be an int, got {type(value).__name__}"
                )
            if value < 1:
                raise ValueError(f"TopicSpec {self.name!r}: {label} must be >= 1, got {value}")
        if not isinstance(self.config, Mapping):
            raise TypeError(
                f"TopicSpec {self.name!r}: config must be a mapping, got {type(self.config).__name__}"
            )
        for key, setting in self.config.items():
            if not isinstance(key, str) or not key:
                raise TypeError(f"TopicSpec {self.name!r}: config keys must be non-empty str, got {key!r}")
            if not isinstance(setting, str):
                raise TypeError(
                    f"TopicSpec {self.name!r}: config[{key!r}] must be a str, got {type(setting).__name__}"
                )
        # Freeze the mapping so that a spec cannot change after it was checked.
        object.__setattr__(self, "config", dict(self.config))

    def __hash__(self) -> int:
        return hash((self.name, self.partitions, self.replication_factor, tuple(sorted(self.config.items()))))

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain JSON-ready data (the format ``load_topic_specs`` reads)."""
        data: dict[str, Any] = {"name": self.name}
        if self.partitions is not None:
            data["partitions"] = self.partitions
        if self.replication_factor is not None:
            data["replication_factor"] = self.replication_factor
        if self.config:
            data["config"] = dict(self.config)
        return data


def _config_value(value: object) -> object:
    # JSON files naturally hold numbers and booleans; Kafka configs are strings.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


_KEYS = {"name", "partitions", "replication_factor", "config"}


def topic_specs_from_data(data: object, source: str = "topic specs") -> list[TopicSpec]:
    """Build specs from ``{"topics": [...]}`` or ``[...]`` of topic dicts.

    Each dict has ``name`` and optionally ``partitions``,
    ``replication_factor`` and ``config``; ``source`` names the input in errors.
    """
    items = data.get("topics") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f'{source}: expected a list of topics or {{"topics": [...]}}')
    specs: list[TopicSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"{source}: topics[{i}]"
        if not isinstance(item, dict):
            raise ValueError(f"{where} must be an object, got {type(item).__name__}")
        unknown = set(item) - _KEYS
        if unknown:
            raise ValueError(f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
        if "name" not in item:
            raise ValueError(f"{where} has no name")
        config = item.get("config") or {}
        if not isinstance(config, dict):
            raise ValueError(f"{where}.config must be an object, got {type(config).__name__}")
        try:
            spec = TopicSpec(
                name=item["name"],
                partitions=item.get("partitions"),
                replication_factor=item.get("replication_factor"),
                config={str(k): _config_value(v) for k, v in config.items()},  # type: ignore[misc]
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
        if spec.name in seen:
            raise ValueError(f"{where}: topic {spec.name!r} is listed more than once")
        seen.add(spec.name)
        specs.append(spec)
    return specs


def load_topic_specs(path: str | Path) -> list[TopicSpec]:
    """Read topic specs from a JSON file (format of ``topic_specs_from_data``)."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{file}: cannot read: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    return topic_specs_from_data(data, str(file))
