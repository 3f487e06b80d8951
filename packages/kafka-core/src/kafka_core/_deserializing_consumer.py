"""DeserializingConsumer: a Consumer that deserializes keys and values it returns."""

from __future__ import annotations

from collections import deque
from time import monotonic

from ._cluster_id import share_cluster_id
from ._errors import (
    ConsumeError,
    KafkaError,
    KafkaException,
    KeyDeserializationError,
    ValueDeserializationError,
)
from ._native import cimpl
from ._serde_config import pop_serdes
from ._serialization import MessageField, SerializationContext, TopicContexts

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DeserializingConsumer"]

_Consumer = cimpl.Consumer
_poll = _Consumer.poll
_consume = _Consumer.consume
_store_offsets = _Consumer.store_offsets
_TopicPartition = cimpl.TopicPartition
_SERDE_ERRORS = (KeyDeserializationError, ValueDeserializationError)
_STATE = KafkaError._STATE
_KEY = MessageField.KEY
_VALUE = MessageField.VALUE
# poll() takes up to this many records already fetched per native call and
# hands them out one by one: the native consume(n) costs far less per record
# than one native poll per record.
_PREFETCH = 256
# While poll() serves prefetched records it still calls the native client at
# least this often (seconds), which keeps the group's max.poll.interval.ms alive.
_KEEPALIVE_S = 1.0


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
        self._serdes = pop_serdes(conf, "deserializer")
        self._key_deserializer = self._serdes.key
        self._value_deserializer = self._serdes.value
        self._contexts = TopicContexts()
        # Records already fetched but not yet handed out, and errors to raise,
        # in arrival order: what poll() took ahead, or what followed a failure
        # inside a consume() batch.
        self._pending: deque[Any] = deque()
        self._native_call_at = 0.0
        # poll() stores the offset of a record handed out when the next one is of
        # another partition, at the end of a prefetched batch, or before anything
        # else stores, commits or resets: one native store per run, not per record.
        self._held: Any = None
        self._held_topic: str | None = None
        self._held_partition = -1
        self._auto_store = str(conf.get("enable.auto.offset.store", True)).lower() in ("true", "1")
        if self._auto_store:
            # librdkafka's own automatic store would also count records fetched
            # but still pending here, and it refuses the explicit store that
            # rewinds them; so offsets are stored here, as records are handed out.
            conf["enable.auto.offset.store"] = False
        super().__init__(conf)
        share_cluster_id(self, self._key_deserializer, self._value_deserializer)

    def _store(self, msgs: list[Any] | None = None, msg: Any = None, offsets: Any = None) -> None:
        """Store the offset after ``msg``, after each partition's last record in ``msgs``, or ``offsets``."""
        try:
            if msg is not None:
                _store_offsets(self, msg)  # positional: the native call parses keywords slowly
                return
            if msgs is not None:
                for last in {(m.topic(), m.partition()): m for m in msgs}.values():
                    _store_offsets(self, last)
                return
            _store_offsets(self, offsets=offsets)
        except KafkaException as exc:
            # Like the native automatic store: a partition no longer assigned is skipped.
            if exc.args[0].code() != _STATE:
                raise

    def _raise(self, exc: ConsumeError) -> Any:
        """Raise ``exc``; a record that failed to deserialize counts as handed out."""
        if self._auto_store and isinstance(exc, _SERDE_ERRORS):
            self._flush_held()
            self._store(msg=exc.kafka_message)
        raise exc

    def _flush_held(self) -> None:
        """Store the offset after the record poll() handed out last, if not stored yet."""
        held = self._held
        if held is not None:
            self._held = None
            self._store(msg=held)

    def _deserialize(self, msg: Any) -> Any:
        """Deserialize ``msg`` in place and return it, or raise with it attached untouched."""
        error = msg.error()
        if error is not None:
            raise ConsumeError(error, kafka_message=msg)
        key_deserializer = self._key_deserializer
        value_deserializer = self._value_deserializer
        topic = msg.topic()
        headers = msg.headers()
        if headers is None:
            contexts = self._contexts[topic]
        else:
            contexts = (SerializationContext(topic, _KEY, headers),
                        SerializationContext(topic, _VALUE, headers))
        # Both are computed before either is set: a failure leaves the message raw.
        if key_deserializer is not None:
            try:
                key = key_deserializer(msg.key(), contexts[0])
            except Exception as exc:
                raise KeyDeserializationError(exc, msg) from exc
        if value_deserializer is not None:
            try:
                value = value_deserializer(msg.value(), contexts[1])
            except Exception as exc:
                raise ValueDeserializationError(exc, msg) from exc
        if key_deserializer is not None:
            msg.set_key(key)
        if value_deserializer is not None:
            msg.set_value(value)
        return msg

    def poll(self, timeout: float = -1) -> Any:
        """Return the next deserialized message, or None when ``timeout`` (seconds) passes.

        Raises :class:`ConsumeError` (or its deserialization subclasses) for the
        record concerned; the following call continues after it. Records the
        native client has already fetched are taken in batches and handed out
        one per call; offsets, ``position()``, ``pause()`` and ``seek()`` count
        only what was handed out.
        """
        pending = self._pending
        if pending:
            if monotonic() - self._native_call_at > _KEEPALIVE_S:
                self._native_call_at = monotonic()
                pending.extend(_consume(self, 1, 0))
        else:
            self._native_call_at = monotonic()
            pending.extend(_consume(self, _PREFETCH, 0))  # no waiting: only what is already here
            if not pending:
                msg = _poll(self, timeout)
                if msg is None:
                    return None
                pending.append(msg)
        msg = pending.popleft()
        if isinstance(msg, ConsumeError):
            self._raise(msg)
        try:
            self._deserialize(msg)
        except ConsumeError as exc:
            self._raise(exc)
        if self._auto_store:
            topic = msg.topic()
            partition = msg.partition()
            if self._held is not None and (partition != self._held_partition or topic != self._held_topic):
                self._flush_held()
            if pending:
                self._held = msg
                self._held_topic = topic
                self._held_partition = partition
            else:
                self._held = None
                self._store(msg=msg)
        return msg

    def commit(self, *args: Any, **kwargs: Any) -> Any:
        """Commit as :meth:`Consumer.commit`; without offsets, everything handed out is committed."""
        self._flush_held()
        return super().commit(*args, **kwargs)

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        """Return up to ``num_messages`` deserialized messages, waiting at most ``timeout`` seconds.

        The records before a failing one are returned first; the failure is
        raised by the next call, and the records after it by the calls after.
        """
        if num_messages < 1:
            raise ValueError(f"num_messages must be at least 1, got {num_messages}")
        self._flush_held()
        pending = self._pending
        if pending:
            msgs: list[Any] = []
            while pending and len(msgs) < num_messages:
                if isinstance(pending[0], ConsumeError):
                    if msgs:
                        break
                    self._raise(pending.popleft())
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
                    self._raise(exc)
                pending.appendleft(exc)
                msgs = msgs[:i]
                break
        if msgs and self._auto_store:
            self._store(msgs)
        return msgs

    def _forget(self, partitions: Any, *, rewind: bool) -> dict[tuple[str, int], int]:
        """Drop pending records of ``partitions`` (all when None).

        With ``rewind``, first move the stored offset of each such partition
        back to its first pending record, so that a commit (or the next owner
        of the partition) does not skip records that were fetched but never
        handed out. Only done when offsets are stored automatically.
        Returns the offset of the first dropped record per partition.
        """
        if self._auto_store:
            self._flush_held()
        if not self._pending:
            return {}
        gone = None if partitions is None else {(tp.topic, tp.partition) for tp in partitions}
        keep: deque[Any] = deque()
        first: dict[tuple[str, int], int] = {}
        for item in self._pending:
            msg = item.kafka_message if isinstance(item, ConsumeError) else item
            where = (msg.topic(), msg.partition()) if msg is not None and msg.topic() is not None else None
            if where is None or (gone is not None and where not in gone):
                keep.append(item)
            elif where not in first and msg.error() is None:  # a record, not an event of the cluster
                first[where] = msg.offset()
        self._pending = keep
        if rewind and first and self._auto_store:
            self._store(offsets=[_TopicPartition(t, p, o) for (t, p), o in first.items()])
        return first

    def _first_pending(self) -> dict[tuple[str, int], int]:
        """Offset of the first record not yet handed out, per partition that has one."""
        first: dict[tuple[str, int], int] = {}
        for item in self._pending:
            msg = item.kafka_message if isinstance(item, ConsumeError) else item
            if msg is not None and msg.topic() is not None and msg.error() is None:
                first.setdefault((msg.topic(), msg.partition()), msg.offset())
        return first

    def position(self, partitions: Any) -> Any:
        """The offset of the next record to hand out, per partition (records fetched ahead are not read)."""
        positions = super().position(partitions)
        if self._pending:
            first = self._first_pending()
            for tp in positions:
                offset = first.get((tp.topic, tp.partition))
                if offset is not None:
                    tp.offset = offset
        return positions

    def pause(self, partitions: Any) -> None:
        """Pause ``partitions``; their records fetched ahead are dropped, to be fetched again on resume."""
        first = self._forget(partitions, rewind=False)
        super().pause(partitions)
        for (topic, partition), offset in first.items():
            super().seek(_TopicPartition(topic, partition, offset))

    def subscribe(self, topics: Any, on_assign: Any = None, on_revoke: Any = None,
                  on_lost: Any = None) -> None:
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

        # Without an on_lost of its own, the native client reports lost
        # partitions to on_revoke: keep that when wrapping.
        kwargs: dict[str, Any] = {"on_revoke": revoked(on_revoke),
                                  "on_lost": revoked(on_revoke if on_lost is None else on_lost)}
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
        """Close the consumer, then the deserializers it built from plugin names.

        Stored offsets are first rewound to any record not yet handed out.
        """
        self._forget(None, rewind=True)
        super().close()
        self._serdes.close_owned()

    def __exit__(self, exc_type: object, exc_value: object, exc_traceback: object) -> None:
        # The native __exit__ closes the native client directly, bypassing close() above.
        self.close()
