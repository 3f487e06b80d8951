"""Taking serdes out of a client config: objects as given, names through the plugin registry."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["SerdePair", "pop_serde", "pop_serdes"]


def pop_serde(conf: dict[str, Any], key: str, kind: str) -> Callable[..., Any] | None:
    """Remove ``key`` (and its ``key.<option>`` entries) from ``conf``; return the serde.

    A callable is used as it is. A string names a plugin of ``kind``
    (``"serializer"`` or ``"deserializer"``), built with the options given as
    ``<key>.<option>`` entries, e.g. ``'value.serializer.codec': 'latin-1'``.
    """
    prefix = key + "."
    options = {k[len(prefix):]: conf.pop(k) for k in [k for k in conf if k.startswith(prefix)]}
    serde = conf.pop(key, None)
    if isinstance(serde, str):
        from .plugins import get_plugin

        factory = get_plugin(kind, serde)
        built: Callable[..., Any]
        try:
            built = factory(**options)
        except TypeError as exc:
            raise ValueError(
                f"{key}: cannot build {kind} {serde!r} with options {sorted(options)}: {exc}") from exc
        return built
    if options:
        raise ValueError(
            f"{key}: options {sorted(prefix + o for o in options)} need {key} to be a plugin name")
    if serde is not None and not callable(serde):
        raise TypeError(f"{key} must be a callable (obj, ctx) or a plugin name, not {type(serde).__name__}")
    return serde  # type: ignore[no-any-return]


class SerdePair:
    """The key and value serdes of a client, and which of them the client built (and closes)."""

    __slots__ = ("key", "owned", "value")

    def __init__(self, key: Callable[..., Any] | None, value: Callable[..., Any] | None,
                 owned: list[Callable[..., Any]]) -> None:
        self.key = key
        self.value = value
        self.owned = owned

    def close_owned(self) -> None:
        """Close the serdes built from plugin names (once); those given as objects are the caller's."""
        owned, self.owned = self.owned, []
        for serde in owned:
            close = getattr(serde, "close", None)
            if close is not None:
                close()


def pop_serdes(conf: dict[str, Any], kind: str) -> SerdePair:
    """Take ``key.<kind>`` and ``value.<kind>`` out of ``conf`` (see :func:`pop_serde`)."""
    key_by_name = isinstance(conf.get(f"key.{kind}"), str)
    value_by_name = isinstance(conf.get(f"value.{kind}"), str)
    key = pop_serde(conf, f"key.{kind}", kind)
    value = pop_serde(conf, f"value.{kind}", kind)
    owned = [serde for serde, by_name in ((key, key_by_name), (value, value_by_name)) if by_name and serde]
    return SerdePair(key, value, owned)
