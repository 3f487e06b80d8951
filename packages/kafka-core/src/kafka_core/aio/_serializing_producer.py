"""AsyncSerializingProducer: an AIOProducer that serializes keys and values, with sync or async serdes."""

from __future__ import annotations

import inspect
from collections.abc import Generator
from typing import Any, TypeVar

from .._errors import KeySerializationError, ValueSerializationError
from .._serde_config import pop_serde
from .._serialization import SerializationContext
from ._delivery_poller import OnDelivery
from ._producer import AIOProducer

__all__ = ["AsyncSerializingProducer"]

_Self = TypeVar("_Self", bound="AsyncSerializingProducer")
_KEY = "key"
_VALUE = "value"


async def _itself(obj: _Self) -> _Self:
    return obj


class AsyncSerializingProducer(AIOProducer):
    """An :class:`AIOProducer` whose ``produce`` runs ``key.serializer`` and ``value.serializer`` first.

    ``conf`` is the producer's config plus ``key.serializer`` and
    ``value.serializer``: each a callable ``(obj, ctx)`` returning bytes or an
    awaitable of bytes (async serdes, e.g. the Schema Registry formats'
    async variants), or the name of a serializer plugin. Other keyword
    arguments go to :class:`AIOProducer`. Both ``AsyncSerializingProducer(conf)``
    and ``await AsyncSerializingProducer(conf)`` (the reference's form) give
    the producer.
    """

    def __init__(self, conf: dict[str, Any], **kwargs: Any) -> None:
        conf = dict(conf)
        self._key_serializer = pop_serde(conf, "key.serializer", "serializer")
        self._value_serializer = pop_serde(conf, "value.serializer", "serializer")
        super().__init__(conf, **kwargs)

    def __await__(self: _Self) -> Generator[Any, None, _Self]:
        return _itself(self).__await__()

    async def produce(  # type: ignore[override]
            self, topic: str, key: Any = None, value: Any = None, partition: int = -1,
            timestamp: int = 0, headers: Any = None, on_delivery: OnDelivery | None = None) -> Any:
        """Serialize ``key`` and ``value``, produce them, and return the delivered :class:`Message`.

        Raises :class:`KeySerializationError` / :class:`ValueSerializationError`
        (nothing sent), ``RuntimeError`` once closed (checked before the
        serializers run), or what :meth:`AIOProducer.produce` raises.
        Cancelled while serializing: nothing is sent.
        """
        if self._closed:
            raise RuntimeError("Producer has been closed")
        serializer = self._key_serializer
        if serializer is not None:
            try:
                key = serializer(key, SerializationContext(topic, _KEY, headers))
                if inspect.isawaitable(key):
                    key = await key
            except Exception as exc:
                raise KeySerializationError(exc) from exc
        serializer = self._value_serializer
        if serializer is not None:
            try:
                value = serializer(value, SerializationContext(topic, _VALUE, headers))
                if inspect.isawaitable(value):
                    value = await value
            except Exception as exc:
                raise ValueSerializationError(exc) from exc
        return await AIOProducer.produce(self, topic, value, key, partition, on_delivery, timestamp, headers)
