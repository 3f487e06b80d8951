"""AsyncDeserializingConsumer: an AIOConsumer that deserializes what it hands out (sync or async serdes)."""

from __future__ import annotations

import inspect
from collections.abc import Generator
from typing import Any, TypeVar

from .._errors import ConsumeError, KeyDeserializationError, ValueDeserializationError
from .._serde_config import pop_serde
from .._serialization import SerializationContext
from ._consumer import AIOConsumer

__all__ = ["AsyncDeserializingConsumer"]

_Self = TypeVar("_Self", bound="AsyncDeserializingConsumer")
_KEY = "key"
_VALUE = "value"


async def _itself(obj: _Self) -> _Self:
    return obj


class AsyncDeserializingConsumer(AIOConsumer):
    """An :class:`AIOConsumer` whose ``poll``, ``consume`` and ``async for`` deserialize keys and values.

    ``conf`` is the consumer's config plus ``key.deserializer`` and
    ``value.deserializer``: each a callable ``(data, ctx)`` returning the
    object or an awaitable of it (async serdes), or a deserializer plugin's
    name. ``AsyncDeserializingConsumer(conf)`` and ``await
    AsyncDeserializingConsumer(conf)`` (the reference's form) both give the consumer.

    As with :class:`~kafka_core.DeserializingConsumer`, no record is dropped:
    one that fails to deserialize is raised as :class:`KeyDeserializationError`
    / :class:`ValueDeserializationError` carrying it as received
    (``kafka_message``), and the next call goes on after it. A batch hands
    out the records before the failing one; the next call raises. Events
    and errors from the cluster are raised as :class:`ConsumeError`.
    Cancelled while deserializing: the records come again on the next call.
    """

    def __init__(self, conf: dict[str, Any], **kwargs: Any) -> None:
        conf = dict(conf)
        self._key_deserializer = pop_serde(conf, "key.deserializer", "deserializer")
        self._value_deserializer = pop_serde(conf, "value.deserializer", "deserializer")
        self._deferred: ConsumeError | None = None
        super().__init__(conf, **kwargs)

    def __await__(self: _Self) -> Generator[Any, None, _Self]:
        return _itself(self).__await__()

    async def _key_value(self, msg: Any) -> tuple[Any, Any]:
        """``msg``'s deserialized key and value; ``msg`` itself is left untouched."""
        error = msg.error()
        if error is not None:
            raise ConsumeError(error, kafka_message=msg)
        key = msg.key()
        value = msg.value()
        deserializer = self._key_deserializer
        if deserializer is not None:
            try:
                key = deserializer(key, SerializationContext(msg.topic(), _KEY, msg.headers()))
                if inspect.isawaitable(key):
                    key = await key
            except Exception as exc:
                raise KeyDeserializationError(exc, msg) from exc
        deserializer = self._value_deserializer
        if deserializer is not None:
            try:
                value = deserializer(value, SerializationContext(msg.topic(), _VALUE, msg.headers()))
                if inspect.isawaitable(value):
                    value = await value
            except Exception as exc:
                raise ValueDeserializationError(exc, msg) from exc
        return key, value

    def _raise_deferred(self) -> None:
        error, self._deferred = self._deferred, None
        if error is not None:
            raise error

    async def _deserialized(self, msgs: list[Any]) -> list[Any]:
        """Deserialize ``msgs`` in order; stop at the first failure, which the next call raises."""
        results: list[tuple[Any, Any]] = []
        try:
            for msg in msgs:
                results.append(await self._key_value(msg))
        except ConsumeError as exc:
            done = len(results)
            self._pending.extendleft(reversed(msgs[done + 1:]))
            self._hand_out(msgs[:done + 1])  # the failing record is handed out inside the exception
            if done == 0:
                raise
            self._deferred = exc
            msgs = msgs[:done]
        except BaseException:  # cancelled: nothing was changed, all of them come again
            self._pending.extendleft(reversed(msgs))
            raise
        else:
            self._hand_out(msgs)
        for msg, (key, value) in zip(msgs, results, strict=True):
            msg.set_key(key)
            msg.set_value(value)
        return msgs

    async def poll(self, timeout: float = -1) -> Any:
        """The next deserialized message, or None after ``timeout`` seconds (-1: no limit).

        Raises :class:`ConsumeError` (or a deserialization subclass) for the
        record concerned; the following call goes on after it.
        """
        self._raise_deferred()
        msgs = await self._fetched(1, -1 if timeout is None else timeout, True)
        if not msgs:
            return None
        return (await self._deserialized(msgs))[0]

    async def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        """Up to ``num_messages`` deserialized messages, waiting at most ``timeout`` seconds for the first.

        Those before a failing record are returned; the failure is raised by
        the next call, and the records after it come with the calls after that.
        """
        if num_messages < 1:
            raise ValueError(f"num_messages must be at least 1, got {num_messages}")
        self._raise_deferred()
        msgs = await self._fetched(num_messages, -1 if timeout is None else timeout, False)
        return await self._deserialized(msgs)

    async def __anext__(self) -> Any:
        """``async for msg in consumer``: each deserialized message; a failure ends the loop by raising.

        A new ``async for`` goes on after the failing record.
        """
        self._raise_deferred()
        msg = await self._next_pending()
        return (await self._deserialized([msg]))[0]
