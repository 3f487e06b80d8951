"""SerializingProducer: a Producer that serializes keys and values first."""

from __future__ import annotations

from ._cluster_id import share_cluster_id
from ._errors import KeySerializationError, ValueSerializationError
from ._native import cimpl
from ._serde_config import pop_serdes
from ._serialization import MessageField, SerializationContext, TopicContexts

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["SerializingProducer"]

_produce = cimpl.Producer.produce
_KEY = MessageField.KEY
_VALUE = MessageField.VALUE


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
        self._serdes = pop_serdes(conf, "serializer")
        self._key_serializer = self._serdes.key
        self._value_serializer = self._serdes.value
        self._contexts = TopicContexts()
        super().__init__(conf)
        share_cluster_id(self, self._key_serializer, self._value_serializer)

    def produce(  # type: ignore[override]  # key before value, as the reference's SerializingProducer
        self, topic: str, key: Any = None, value: Any = None, partition: int = -1,
        on_delivery: Callable[[Any, Any], None] | None = None, timestamp: int = 0, headers: Any = None,
    ) -> None:
        """Serialize ``key`` and ``value``, then produce them to ``topic``.

        Raises :class:`KeySerializationError` / :class:`ValueSerializationError`
        (nothing sent), ``BufferError`` when the local queue is full, or
        :class:`KafkaException`.
        """
        if headers is None:
            key_ctx, value_ctx = self._contexts[topic]
        else:
            key_ctx = SerializationContext(topic, _KEY, headers)
            value_ctx = SerializationContext(topic, _VALUE, headers)
        serializer = self._key_serializer
        if serializer is not None:
            try:
                key = serializer(key, key_ctx)
            except Exception as exc:
                raise KeySerializationError(exc) from exc
        serializer = self._value_serializer
        if serializer is not None:
            try:
                value = serializer(value, value_ctx)
            except Exception as exc:
                raise ValueSerializationError(exc) from exc
        if headers is None and not timestamp:
            # Positional arguments: the native call parses keywords slowly.
            _produce(self, topic, value, key, partition, on_delivery)
        else:
            _produce(self, topic, value, key, partition, on_delivery, timestamp=timestamp, headers=headers)

    def close(self) -> bool:
        """Flush and close the producer, then close the serializers it built from plugin names.

        Returns what the native ``close`` returns. Safe to call more than once.
        """
        closed: bool = super().close()
        self._serdes.close_owned()
        return closed

    def __exit__(self, exc_type: object, exc_value: object, exc_traceback: object) -> None:
        # The native __exit__ closes the native client directly, bypassing close() above.
        self.close()
