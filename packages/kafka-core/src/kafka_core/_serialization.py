"""The serialization contract: what a serializer and a deserializer are.

A serializer is any callable ``(obj, ctx) -> bytes | None``; a deserializer any
callable ``(data, ctx) -> object``. ``ctx`` is a :class:`SerializationContext`
naming the topic, the field (key or value) and the headers. The base classes
below exist for ``isinstance`` checks and as the place plugins put their
``PLUGIN_NAME``; subclassing them is optional.
"""

from __future__ import annotations

from enum import Enum

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

__all__ = ["Deserializer", "MessageField", "SerializationContext", "Serializer", "TopicContexts"]


class MessageField(str, Enum):
    """Which part of a message a serde is working on; compares equal to its string."""

    NONE = "none"
    KEY = "key"
    VALUE = "value"

    def __str__(self) -> str:
        return str(self.value)


class SerializationContext:
    """Where the object being (de)serialized lives: topic, field and headers."""

    __slots__ = ("field", "headers", "topic")

    def __init__(self, topic: str, field: str, headers: Any = None) -> None:
        self.topic = topic
        self.field = field
        self.headers = headers

    def __repr__(self) -> str:
        return f"SerializationContext(topic={self.topic!r}, field={self.field!r})"


class TopicContexts(dict):  # type: ignore[type-arg]
    """topic -> (key context, value context) without headers, built on first use.

    The serializing clients share these between messages that carry no
    headers (nothing in them changes) instead of building two per message.
    Bounded: cleared when it holds too many topics.
    """

    __slots__ = ()
    LIMIT = 1024

    def __missing__(self, topic: str) -> tuple[SerializationContext, SerializationContext]:
        if len(self) >= self.LIMIT:
            self.clear()
        pair = (SerializationContext(topic, MessageField.KEY),
                SerializationContext(topic, MessageField.VALUE))
        self[topic] = pair
        return pair


class Serializer:
    """Turns an object into bytes: ``serializer(obj, ctx) -> bytes | None``.

    Raise :class:`~kafka_core.SerializationError` naming ``ctx.topic`` and
    ``ctx.field`` when ``obj`` cannot be serialized.
    """

    __slots__ = ()
    #: The name the plugin registry knows this serializer by (e.g. ``"string"``).
    PLUGIN_NAME: ClassVar[str] = ""

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        raise NotImplementedError

    def set_cluster_id_resolver(self, resolver: Callable[[], Any]) -> None:
        """Receive a callable giving the client's Kafka cluster id; call it only when needed.

        The serializing clients call this once at construction. Does nothing by default.
        """

    def close(self) -> None:
        """Release what this serializer created; called when a client that built it closes."""


class Deserializer:
    """Turns bytes into an object: ``deserializer(data, ctx) -> object``.

    Raise :class:`~kafka_core.SerializationError` naming ``ctx.topic`` and
    ``ctx.field`` when ``data`` cannot be deserialized.
    """

    __slots__ = ()
    #: The name the plugin registry knows this deserializer by (e.g. ``"string"``).
    PLUGIN_NAME: ClassVar[str] = ""

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> Any:
        raise NotImplementedError

    def set_cluster_id_resolver(self, resolver: Callable[[], Any]) -> None:
        """Receive a callable giving the client's Kafka cluster id; call it only when needed.

        The deserializing clients call this once at construction. Does nothing by default.
        """

    def close(self) -> None:
        """Release what this deserializer created; called when a client that built it closes."""
