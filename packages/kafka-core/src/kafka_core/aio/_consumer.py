"""AIOConsumer: the native consumer for asyncio, its blocking calls on one thread of its own."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from .._native import cimpl
from ._call_thread import CallThread, Job
from ._loop_callbacks import LoopCallbacks

__all__ = ["AIOConsumer"]

_Self = TypeVar("_Self", bound="AIOConsumer")
_TopicPartition = cimpl.TopicPartition

#: Native poll/consume timeout: how long a waiting fetch takes to notice a cancel or close (seconds).
_FETCH_SLICE_S = 0.1
#: Records fetched per native call when iterating with ``async for``.
_ITER_BATCH = 500


def _store_handed(consumer: Any, handed: list[Any]) -> None:
    """Store the offsets after the last record of each partition in ``handed`` (on the call thread)."""
    if not handed:
        return
    last = {(msg.topic(), msg.partition()): msg for msg in handed}
    if any(msg.error() is not None for msg in last.values()):  # an event came last: skip events
        last = {(msg.topic(), msg.partition()): msg for msg in handed if msg.error() is None}
        if not last:
            return
    offsets = [_TopicPartition(m.topic(), m.partition(), m.offset() + 1, leader_epoch=m.leader_epoch())
               for m in last.values()]
    try:
        consumer.store_offsets(offsets=offsets)
    except cimpl.KafkaException:
        # Partitions no longer assigned are refused; their records go to the next owner.
        pass


def _fetch(job: Job, owner: AIOConsumer, consumer: Any, single: bool, num_messages: int,
           timeout: float, handed: list[Any]) -> list[Any]:
    """On the call thread: wait up to ``timeout`` (-1: no limit) for records, in short native calls.

    A batch is what is there once the first record is: the native
    ``consume(n, timeout)`` would wait for ``n`` records, delaying those it has.
    """
    _store_handed(consumer, handed)
    if not single:
        msgs: list[Any] = consumer.consume(num_messages, 0)
        if msgs:
            return msgs
    deadline = None if timeout < 0 else time.monotonic() + timeout
    while True:
        wait = _FETCH_SLICE_S if deadline is None else min(_FETCH_SLICE_S, deadline - time.monotonic())
        wait = max(wait, 0.0)
        if single:
            msg = consumer.poll(wait)
            msgs = [] if msg is None else [msg]
        else:
            msgs = consumer.consume(1, wait)
            if msgs and num_messages > 1:
                msgs += consumer.consume(num_messages - 1, 0)
        if msgs or wait < _FETCH_SLICE_S or job.stop_requested or owner._closing:
            return msgs


def _call_after_store(consumer: Any, handed: list[Any], fn: Callable[..., Any], args: tuple[Any, ...],
                      kwargs: dict[str, Any]) -> Any:
    _store_handed(consumer, handed)
    return fn(*args, **kwargs)


class AIOConsumer:
    """The native consumer for asyncio: no call blocks the event loop.

    ``consumer_conf`` is the native consumer's config. Its ``error_cb``,
    ``throttle_cb``, ``stats_cb`` and ``on_commit`` run on the event loop
    (plain functions or coroutine functions). Every native call runs, one at a
    time, on a thread of the consumer's own (the native consumer is not
    reentrant); ``max_workers`` and ``executor`` are accepted for
    compatibility and not used.

    With ``enable.auto.offset.store`` (the default), an offset is stored once
    its record has been handed to the application, not when it was fetched:
    records fetched ahead (``async for`` fetches in batches) are never
    committed before they are handed out.

    Must be created with a running event loop, and used from it.
    """

    def __init__(self, consumer_conf: dict[str, Any], max_workers: int = 100,
                 executor: concurrent.futures.Executor | None = None) -> None:
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        loop = asyncio.get_running_loop()
        conf = dict(consumer_conf)
        self._loop = loop
        self._callbacks = LoopCallbacks(loop)
        self._callbacks.wrap_config(conf)
        self._store_on_hand_out = str(conf.get("enable.auto.offset.store", True)).lower() in ("true", "1")
        if self._store_on_hand_out:
            conf["enable.auto.offset.store"] = False
        # Records fetched but not handed out yet, oldest first.
        self._pending: deque[Any] = deque()
        # Records handed out whose offsets are not stored yet; stored by the next call on the thread.
        self._handed: list[Any] = []
        self._closing = False
        self._closed = False
        self._close_task: asyncio.Future[None] | None = None
        self._thread = CallThread(loop, "kafka-core-aio-consumer")
        self._consumer: Any = cimpl.Consumer(conf)

    # -- plumbing -------------------------------------------------------------------------------

    def _native(self) -> Any:
        if self._closed:
            raise RuntimeError("Consumer closed")
        return self._consumer

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._native()
        return await self._thread.call(lambda: fn(*args, **kwargs))

    def _take_handed(self) -> list[Any]:
        handed, self._handed = self._handed, []
        return handed

    def _hand_out(self, msgs: list[Any]) -> None:
        if self._store_on_hand_out:
            self._handed.extend(msgs)

    def _drop_pending(self, partitions: Any) -> dict[tuple[str, int], int]:
        """Forget pending records of ``partitions`` (all when None); return each one's first offset."""
        first: dict[tuple[str, int], int] = {}
        if not self._pending:
            return first
        gone = None if partitions is None else {(tp.topic, tp.partition) for tp in partitions}
        keep: deque[Any] = deque()
        for msg in self._pending:
            where = (msg.topic(), msg.partition())
            if gone is None or where in gone:
                if where not in first and msg.error() is None:
                    first[where] = msg.offset()
            else:
                keep.append(msg)
        self._pending = keep
        return first

    def _take_pending(self, num_messages: int) -> list[Any]:
        pending = self._pending
        return [pending.popleft() for _ in range(min(num_messages, len(pending)))]

    async def _fetched(self, num_messages: int, timeout: float, single: bool) -> list[Any]:
        """Up to ``num_messages`` records not handed out yet: pending ones first, else a fetch."""
        if self._pending:
            return self._take_pending(num_messages)
        consumer = self._native()
        msgs: list[Any] = await self._thread.call_sliced(
            _fetch, self, consumer, single, num_messages, timeout, self._take_handed(),
            on_abandoned=self._pending.extend)
        if self._pending:  # an abandoned fetch's records arrived first: they go first
            self._pending.extend(msgs)
            return self._take_pending(num_messages)
        return msgs

    async def _next_pending(self) -> Any:
        """The next record not handed out, fetching a batch when none is pending.

        Raises ``StopAsyncIteration`` once the consumer is closing.
        """
        pending = self._pending
        while not pending:
            if self._closing or self._closed:
                raise StopAsyncIteration
            msgs = await self._fetched(_ITER_BATCH, -1, False)
            pending.extendleft(reversed(msgs))
        return pending.popleft()

    # -- consuming ------------------------------------------------------------------------------

    async def poll(self, timeout: float = -1) -> Any:
        """The next message or event, or None after ``timeout`` seconds (-1: no limit).

        Cancelling the call loses nothing: a record fetched meanwhile is
        returned by the next call.
        """
        msgs = await self._fetched(1, -1 if timeout is None else timeout, True)
        if not msgs:
            return None
        self._hand_out(msgs)
        return msgs[0]

    async def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        """Up to ``num_messages`` messages, waiting at most ``timeout`` seconds (-1: no limit) for one.

        The batch is what the native client holds once the first record is
        there (it does not wait to fill ``num_messages``), fetched on the
        consumer's thread and handed over as one list. Cancelling the call
        loses nothing.
        """
        if num_messages < 1:
            raise ValueError(f"num_messages must be at least 1, got {num_messages}")
        msgs = await self._fetched(num_messages, -1 if timeout is None else timeout, False)
        self._hand_out(msgs)
        return msgs

    def __aiter__(self: _Self) -> _Self:
        return self

    async def __anext__(self) -> Any:
        """``async for msg in consumer``: each message or event in turn, until the consumer is closed."""
        pending = self._pending
        msg = pending.popleft() if pending else await self._next_pending()
        if self._store_on_hand_out:
            self._handed.append(msg)
        return msg

    # -- group membership -----------------------------------------------------------------------

    async def subscribe(self, topics: list[str], on_assign: Callable[..., Any] | None = None,
                        on_revoke: Callable[..., Any] | None = None,
                        on_lost: Callable[..., Any] | None = None) -> None:
        """Subscribe to ``topics``; the callbacks run on the loop as ``callback(consumer, partitions)``.

        Callbacks may be coroutine functions. Consumer calls they make
        (``await consumer.incremental_assign(...)``) run at once, inside the
        rebalance. Without ``on_lost``, lost partitions go to ``on_revoke``.
        Records fetched but not handed out of revoked or lost partitions are
        dropped, uncommitted, for their next owner.
        """
        consumer = self._native()
        kwargs = {
            "on_revoke": self._trampoline(False, on_revoke),
            "on_lost": self._trampoline(False, on_lost or on_revoke),
        }
        if on_assign is not None:
            kwargs["on_assign"] = self._trampoline(True, on_assign)
        await self._thread.call(lambda: consumer.subscribe(topics, **kwargs))

    def _trampoline(self, assigned: bool, callback: Callable[..., Any] | None) -> Callable[[Any, Any], None]:
        def on_rebalance(_native: Any, partitions: Any) -> None:  # on the call thread, inside a native call
            self._thread.wait_for_loop(self._rebalanced, assigned, callback, partitions)

        return on_rebalance

    async def _rebalanced(self, assigned: bool, callback: Callable[..., Any] | None, partitions: Any) -> None:
        if not assigned:
            self._drop_pending(partitions)
            handed = self._take_handed()
            if handed:
                await self._thread.call(_store_handed, self._consumer, handed)
        if callback is not None:
            result = callback(self, partitions)
            if inspect.isawaitable(result):
                await result

    async def unsubscribe(self) -> None:
        """Leave the subscription, as :meth:`Consumer.unsubscribe`."""
        await self._call(self._native().unsubscribe)

    async def assign(self, partitions: list[Any]) -> None:
        """Replace the assignment; records fetched but not handed out are dropped."""
        self._drop_pending(None)
        await self._call(self._native().assign, partitions)

    async def unassign(self) -> None:
        """Remove the assignment; records fetched but not handed out are dropped."""
        self._drop_pending(None)
        await self._call(self._native().unassign)

    async def incremental_assign(self, partitions: list[Any]) -> None:
        """Add ``partitions`` to the assignment, as :meth:`Consumer.incremental_assign`."""
        await self._call(self._native().incremental_assign, partitions)

    async def incremental_unassign(self, partitions: list[Any]) -> None:
        """Remove ``partitions``; their records fetched but not handed out are dropped."""
        self._drop_pending(partitions)
        await self._call(self._native().incremental_unassign, partitions)

    async def assignment(self) -> list[Any]:
        """The current assignment, as :meth:`Consumer.assignment`."""
        return await self._call(self._native().assignment)  # type: ignore[no-any-return]

    # -- positions and offsets ------------------------------------------------------------------

    async def commit(self, message: Any = None, offsets: Any = None, asynchronous: bool = True) -> Any:
        """Commit ``message``'s or ``offsets``' offsets, or else those of the records handed out.

        As :meth:`Consumer.commit`: with ``asynchronous=False`` waits for the
        broker and returns the committed partitions.
        """
        kwargs: dict[str, Any] = {"asynchronous": asynchronous}
        if message is not None:
            kwargs["message"] = message
        if offsets is not None:
            kwargs["offsets"] = offsets
        consumer = self._native()
        handed = self._take_handed()
        return await self._thread.call(_call_after_store, consumer, handed, consumer.commit, (), kwargs)

    async def store_offsets(self, message: Any = None, offsets: Any = None) -> None:
        """Store offsets for the next commit, as :meth:`Consumer.store_offsets`."""
        kwargs = {k: v for k, v in (("message", message), ("offsets", offsets)) if v is not None}
        await self._call(self._native().store_offsets, **kwargs)

    async def committed(self, partitions: list[Any], timeout: float = -1) -> list[Any]:
        """The group's committed offsets of ``partitions``, as :meth:`Consumer.committed`."""
        return await self._call(self._native().committed, partitions, timeout=timeout)  # type: ignore[no-any-return]

    async def position(self, partitions: list[Any]) -> list[Any]:
        """The offset of the next record the application will get, per partition.

        Records fetched but not handed out yet count as not consumed.
        """
        result: list[Any] = await self._call(self._native().position, partitions)
        if not self._pending:
            return result
        first: dict[tuple[str, int], int] = {}
        for msg in self._pending:
            if msg.error() is None:
                first.setdefault((msg.topic(), msg.partition()), msg.offset())
        return [_TopicPartition(tp.topic, tp.partition, first[(tp.topic, tp.partition)])
                if (tp.topic, tp.partition) in first else tp for tp in result]

    async def seek(self, partition: Any) -> None:
        """Move ``partition`` to its offset; its records fetched earlier are dropped."""
        self._drop_pending([partition])
        await self._call(self._native().seek, partition)

    async def pause(self, partitions: list[Any]) -> None:
        """Stop fetching ``partitions``; their records fetched but not handed out come again after resume."""
        first = self._drop_pending(partitions)
        consumer = self._native()

        def pause_and_rewind() -> None:
            consumer.pause(partitions)
            for (topic, partition), offset in first.items():
                consumer.seek(_TopicPartition(topic, partition, offset))

        await self._thread.call(pause_and_rewind)

    async def resume(self, partitions: list[Any]) -> None:
        """Fetch ``partitions`` again, as :meth:`Consumer.resume`."""
        await self._call(self._native().resume, partitions)

    async def get_watermark_offsets(self, partition: Any, timeout: float | None = None,
                                    cached: bool = False) -> Any:
        """The low and high offsets of ``partition``, as :meth:`Consumer.get_watermark_offsets`."""
        kwargs: dict[str, Any] = {"cached": cached}
        if timeout is not None:
            kwargs["timeout"] = timeout
        return await self._call(self._native().get_watermark_offsets, partition, **kwargs)

    async def offsets_for_times(self, partitions: list[Any], timeout: float = -1) -> list[Any]:
        """Offsets by timestamp, as :meth:`Consumer.offsets_for_times`."""
        return await self._call(  # type: ignore[no-any-return]
            self._native().offsets_for_times, partitions, timeout=timeout)

    # -- metadata and misc ----------------------------------------------------------------------

    async def consumer_group_metadata(self) -> Any:
        """The group metadata for :meth:`AIOProducer.send_offsets_to_transaction`."""
        return await self._call(self._native().consumer_group_metadata)

    async def list_topics(self, *args: Any, **kwargs: Any) -> Any:
        """The cluster's metadata, as :meth:`Consumer.list_topics`."""
        return await self._call(self._native().list_topics, *args, **kwargs)

    async def cluster_id(self, *args: Any, **kwargs: Any) -> str:
        """The id of the cluster, as :meth:`Consumer.cluster_id`."""
        return str(await self._call(self._native().cluster_id, *args, **kwargs))

    async def set_sasl_credentials(self, *args: Any, **kwargs: Any) -> Any:
        """Set SASL username and password, as :meth:`Consumer.set_sasl_credentials`."""
        return await self._call(self._native().set_sasl_credentials, *args, **kwargs)

    async def memberid(self) -> str | None:
        """This member's id in the group, or None before joining."""
        return await self._call(self._native().memberid)  # type: ignore[no-any-return]

    # -- lifecycle ------------------------------------------------------------------------------

    async def close(self) -> None:
        """Leave the group and release the consumer; waiting fetches return empty. Safe to call twice.

        Offsets of the records handed out are stored first (so committed on
        close with ``enable.auto.commit``); records fetched but not handed
        out are dropped uncommitted.
        """
        if self._close_task is None:
            self._closing = True
            self._close_task = asyncio.ensure_future(self._close())
        await asyncio.shield(self._close_task)

    async def _close(self) -> None:
        consumer = self._native()
        self._drop_pending(None)
        try:
            await self._thread.call(_call_after_store, consumer, self._take_handed(), consumer.close, (), {})
        finally:
            self._closed = True
            self._consumer = None
            await self._thread.stop()
            await self._callbacks.aclose()

    async def __aenter__(self: _Self) -> _Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    def __del__(self) -> None:
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.stop_nowait()
