"""SerializingProducer: a Producer that serializes keys and values first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._errors import KeySerializationError, ValueSerializationError
from ._native import cimpl
from ._serde_config import pop_serde
from ._serialization import SerializationContext

__all__ = ["SerializingProducer"]

_produce = cimpl.Producer.produce
_KEY = "key"
_VALUE = "value"


class SerializingProducer(cimpl.Producer):  # type: ignore[misc,valid-type]
    """A :class:`Producer` whose ``produce`` runs ``key.serializer`` and ``value.serializer``.

    ``conf`` is the native producer's config plus ``key.serializer`` and
    ``value.serializer``: each a callable ``(obj, ctx) -> bytes`` or the name
    of a serializer plugin (``'string'``). A serializer that fails raises
    :class:`KeySerializationError` or :class:`ValueSerializationError` and
    nothing is sent.
    """

    def __init__(self, conf: dict[str, Any]) -> None:
        """Create the producer from ``conf`` (not modified)."""
        conf = dict(conf)
        self._key_serializer = pop_serde(conf, "key.serializer", "serializer")
        self._value_serializer = pop_serde(conf, "value.serializer", "serializer")
        super().__init__(conf)

    def produce(self, topic: str, key: Any = None, value: Any = None, partition: int = -1,
                on_delivery: Callable[[Any, Any], None] | None = None, timestamp: int = 0,
                headers: Any = None) -> None:
        """Serialize ``key`` and ``value``, then produce them to ``topic``.

        Raises :class:`KeySerializationError` / :class:`ValueSerializationError`
        (nothing sent), ``BufferError`` when the local queue is full, or
        :class:`KafkaException`.
        """
        serializer = self._key_serializer
        if serializer is not None:
            try:
                key = serializer(key, SerializationContext(topic, _KEY, headers))
            except Exception as exc:
                raise KeySerializationError(exc) from exc
        serializer = self._value_serializer
        if serializer is not None:
            try:
                value = serializer(value, SerializationContext(topic, _VALUE, headers))
            except Exception as exc:
                raise ValueSerializationError(exc) from exc
        _produce(self, topic, value, key, partition, on_delivery=on_delivery, timestamp=timestamp, headers=headers)
