"""DeserializingConsumer: a Consumer that deserializes keys and values it returns."""

from __future__ import annotations

from collections import deque
from typing import Any

from ._errors import ConsumeError, KeyDeserializationError, ValueDeserializationError
from ._native import cimpl
from ._serde_config import pop_serde
from ._serialization import SerializationContext

__all__ = ["DeserializingConsumer"]

_Consumer = cimpl.Consumer
_poll = _Consumer.poll
_consume = _Consumer.consume
_KEY = "key"
_VALUE = "value"


class DeserializingConsumer(_Consumer):  # type: ignore[misc,valid-type]
    """A :class:`Consumer` whose ``poll`` and ``consume`` return deserialized messages.

    ``conf`` is the native consumer's config plus ``key.deserializer`` and
    ``value.deserializer``: each a callable ``(data, ctx)`` or a plugin name.

    No record is dropped silently. A record that fails to deserialize is
    raised as :class:`KeyDeserializationError` / :class:`ValueDeserializationError`
    whose ``kafka_message`` is the record as received (raw key and value
    bytes, headers, topic, partition, offset); the next call goes on with the
    record after it. Errors from the cluster are raised as :class:`ConsumeError`
    the same way, in the order they arrived.
    """

    def __init__(self, conf: dict[str, Any]) -> None:
        """Create the consumer from ``conf`` (not modified)."""
        conf = dict(conf)
        self._key_deserializer = pop_serde(conf, "key.deserializer", "deserializer")
        self._value_deserializer = pop_serde(conf, "value.deserializer", "deserializer")
        # Records already fetched but not yet handed out, and errors to raise,
        # in arrival order; filled only after a failure inside a batch.
        self._pending: deque[Any] = deque()
        self._auto_store = str(conf.get("enable.auto.offset.store", True)).lower() in ("true", "1")
        super().__init__(conf)

    def _deserialize(self, msg: Any) -> Any:
        """Deserialize ``msg`` in place and return it, or raise with it attached untouched."""
        error = msg.error()
        if error is not None:
            raise ConsumeError(error, kafka_message=msg)
        topic = msg.topic()
        key = msg.key()
        value = msg.value()
        deserializer = self._key_deserializer
        if deserializer is not None:
            try:
                key = deserializer(key, SerializationContext(topic, _KEY, msg.headers()))
            except Exception as exc:
                raise KeyDeserializationError(exc, msg) from exc
        deserializer = self._value_deserializer
        if deserializer is not None:
            try:
                value = deserializer(value, SerializationContext(topic, _VALUE, msg.headers()))
            except Exception as exc:
                raise ValueDeserializationError(exc, msg) from exc
        msg.set_key(key)
        msg.set_value(value)
        return msg

    def poll(self, timeout: float = -1) -> Any:
        """Return the next deserialized message, or None when ``timeout`` (seconds) passes.

        Raises :class:`ConsumeError` (or its deserialization subclasses) for the
        record concerned; the following call continues after it.
        """
        if self._pending:
            item = self._pending.popleft()
            if isinstance(item, BaseException):
                raise item
            return self._deserialize(item)
        msg = _poll(self, timeout)
        if msg is None:
            return None
        return self._deserialize(msg)

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        """Return up to ``num_messages`` deserialized messages, waiting at most ``timeout`` seconds.

        The records before a failing one are returned first; the failure is
        raised by the next call, and the records after it by the calls after.
        """
        if num_messages < 1:
            raise ValueError(f"num_messages must be at least 1, got {num_messages}")
        pending = self._pending
        if pending:
            msgs: list[Any] = []
            while pending and len(msgs) < num_messages:
                if isinstance(pending[0], BaseException):
                    if msgs:
                        break
                    raise pending.popleft()
                msgs.append(pending.popleft())
        else:
            msgs = _consume(self, num_messages, timeout)
        deserialize = self._deserialize
        for i, msg in enumerate(msgs):
            try:
                deserialize(msg)
            except ConsumeError as exc:
                rest = msgs[i + 1:]
                rest.reverse()
                pending.extendleft(rest)
                if i == 0:
                    raise
                pending.appendleft(exc)
                return msgs[:i]
        return msgs

    def _forget(self, partitions: Any, *, rewind: bool) -> None:
        """Drop pending records of ``partitions`` (all when None).

        With ``rewind``, first move the stored offset of each such partition
        back to its first pending record, so that a commit (or the next owner
        of the partition) does not skip records that were fetched but never
        handed out. Only done when offsets are stored automatically.
        """
        if not self._pending:
            return
        gone = None if partitions is None else {(tp.topic, tp.partition) for tp in partitions}
        keep: deque[Any] = deque()
        first: dict[tuple[str, int], int] = {}
        for item in self._pending:
            msg = item.kafka_message if isinstance(item, ConsumeError) else item
            where = (msg.topic(), msg.partition()) if msg is not None else None
            if where is None or (gone is not None and where not in gone):
                keep.append(item)
            elif where not in first:
                first[where] = msg.offset()
        self._pending = keep
        if rewind and first and self._auto_store:
            self.store_offsets(offsets=[cimpl.TopicPartition(t, p, o) for (t, p), o in first.items()])

    def subscribe(self, topics: Any, on_assign: Any = None, on_revoke: Any = None, on_lost: Any = None) -> None:
        """Subscribe to ``topics``; callbacks as for :meth:`Consumer.subscribe`.

        Partitions revoked or lost in a rebalance lose their pending records
        only after their stored offsets are rewound to them.
        """
        def revoked(callback: Any) -> Any:
            def handle(consumer: Any, partitions: Any) -> None:
                self._forget(partitions, rewind=True)
                if callback is not None:
                    callback(consumer, partitions)
            return handle

        kwargs: dict[str, Any] = {"on_revoke": revoked(on_revoke), "on_lost": revoked(on_lost)}
        if on_assign is not None:
            kwargs["on_assign"] = on_assign
        super().subscribe(topics, **kwargs)

    def seek(self, partition: Any) -> None:
        """Seek ``partition`` to its offset; records of it fetched earlier are dropped."""
        self._forget([partition], rewind=False)
        super().seek(partition)

    def assign(self, partitions: Any) -> None:
        """Replace the assignment, which also resets positions: pending records are dropped."""
        self._forget(None, rewind=True)
        super().assign(partitions)

    def unassign(self) -> None:
        """Remove the assignment; pending records are dropped after rewinding their stored offsets."""
        self._forget(None, rewind=True)
        super().unassign()

    def incremental_unassign(self, partitions: Any) -> None:
        """Remove ``partitions`` from the assignment; their pending records are dropped after a rewind."""
        self._forget(partitions, rewind=True)
        super().incremental_unassign(partitions)

    def close(self) -> None:
        """Close the consumer; stored offsets are first rewound to any record not yet handed out."""
        self._forget(None, rewind=True)
        super().close()
