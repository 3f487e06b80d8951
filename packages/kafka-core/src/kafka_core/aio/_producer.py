"""AIOProducer: the native producer for asyncio, one awaitable delivery per message."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from .._errors import KafkaError, KafkaException
from .._native import cimpl
from ._call_thread import CallThread
from ._delivery_poller import DeliveryPoller, OnDelivery
from ._loop_callbacks import LoopCallbacks

__all__ = ["AIOProducer"]

_Self = TypeVar("_Self", bound="AIOProducer")
#: Longest wait of flush() between two checks of the queue (seconds).
_FLUSH_CHECK_S = 0.1

# A message refused with BufferError, waiting for queue space: produce() arguments and its callback.
_Parked = tuple[str, Any, Any, int, int, Any, Callable[[Any, Any], None], "asyncio.Future[Any]"]


class AIOProducer:
    """The native producer for asyncio: no call blocks the event loop.

    ``producer_conf`` is the native producer's config. Its ``error_cb``,
    ``throttle_cb``, ``stats_cb`` and ``on_delivery`` run on the event loop
    (plain functions or coroutine functions). A poller thread serves delivery
    reports; other blocking calls (transactions, metadata) run on a thread of
    the producer's own, or on ``executor`` if one is given.

    ``max_workers``, ``batch_size`` and ``buffer_timeout`` are accepted for
    compatibility and not used: each message goes to the native queue at once,
    where the native client batches it (``linger.ms``, ``batch.size``).

    Must be created with a running event loop, and used from it.
    """

    def __init__(self, producer_conf: dict[str, Any], max_workers: int = 4,
                 executor: concurrent.futures.Executor | None = None,
                 batch_size: int = 1000, buffer_timeout: float = 1.0) -> None:
        loop = asyncio.get_running_loop()
        conf = dict(producer_conf)
        if str(conf.get("delivery.report.only.error", False)).lower() in ("true", "1"):
            raise ValueError("delivery.report.only.error is not supported: every produce() awaits its report")
        default_on_delivery = conf.pop("on_delivery", None)
        if default_on_delivery is not None and not callable(default_on_delivery):
            raise TypeError("on_delivery must be callable")
        self._loop = loop
        self._default_on_delivery: OnDelivery | None = default_on_delivery
        self._callbacks = LoopCallbacks(loop)
        self._callbacks.wrap_config(conf, ("error_cb", "throttle_cb", "stats_cb"))
        self._producer: Any = cimpl.Producer(conf)
        self._native_produce = self._producer.produce
        self._executor = executor
        self._backlog: deque[_Parked] = deque()
        self._progress: asyncio.Future[None] | None = None
        self._resolved_total = 0
        self._closed = False
        self._close_task: asyncio.Future[None] | None = None
        self._poller = DeliveryPoller(self._producer, loop, "kafka-core-aio-producer-poller",
                                      self._on_resolved)
        self._calls = CallThread(loop, "kafka-core-aio-producer-calls", after_call=self._poller.hand_over)

    # -- produce --------------------------------------------------------------------------------

    def produce(self, topic: str, value: Any = None, key: Any = None, partition: int = -1,
                on_delivery: OnDelivery | None = None, timestamp: int = 0,
                headers: Any = None) -> asyncio.Future[Any]:
        """Queue a message; ``await`` the result to get the delivered :class:`Message`.

        The future raises :class:`~kafka_core.ProduceError` (a
        :class:`KafkaException` carrying the ``KafkaError`` and the message) if
        delivery fails. ``headers`` (dict or list of pairs) are sent.
        ``on_delivery(err, msg)``, if given, is also called on the loop,
        whether or not anyone awaits the future.

        Never blocks: when the native queue is full the message waits, in
        order, for space. Cancelling the await does not unsend the message: it
        is delivered or fails as usual (use :meth:`purge` to drop messages).
        Raises at once ``RuntimeError`` once closed, ``TypeError`` for bad
        arguments, :class:`KafkaException` if the message is refused locally
        (e.g. too large, unknown partition).
        """
        if self._closed:
            raise RuntimeError("Producer has been closed")
        future: asyncio.Future[Any] = self._loop.create_future()
        callback = self._poller.callback_for(future, on_delivery or self._default_on_delivery)
        if self._backlog:
            self._park(topic, value, key, partition, timestamp, headers, callback, future)
            return future
        try:
            self._native_produce(topic, value, key, partition=partition, on_delivery=callback,
                                 timestamp=timestamp, headers=headers)
        except BufferError:
            self._park(topic, value, key, partition, timestamp, headers, callback, future)
        return future

    def _park(self, topic: str, value: Any, key: Any, partition: int, timestamp: int, headers: Any,
              callback: Callable[[Any, Any], None], future: asyncio.Future[Any]) -> None:
        self._backlog.append((topic, value, key, partition, timestamp, headers, callback, future))

    def _unpark(self) -> None:
        """Move parked messages into the native queue, in order, while it has room."""
        backlog = self._backlog
        produce = self._native_produce
        while backlog:
            topic, value, key, partition, timestamp, headers, callback, future = backlog[0]
            try:
                produce(topic, value, key, partition=partition, on_delivery=callback,
                        timestamp=timestamp, headers=headers)
            except BufferError:
                return
            except Exception as exc:
                if not future.done():
                    future.set_exception(exc)
            backlog.popleft()

    def _on_resolved(self, count: int) -> None:
        self._resolved_total += count
        if self._backlog:
            self._unpark()
        progress, self._progress = self._progress, None
        if progress is not None and not progress.done():
            progress.set_result(None)

    async def _wait_progress(self, timeout: float) -> None:
        """Wait until delivery reports are resolved, or ``timeout`` seconds."""
        if self._progress is None:
            self._progress = self._loop.create_future()
        await asyncio.wait({self._progress}, timeout=timeout)

    def __len__(self) -> int:
        """Messages not yet reported: in the native queue, waiting for space, or being resolved."""
        if self._producer is None:
            return 0
        return len(self._producer) + len(self._backlog) + self._poller.unresolved

    # -- waiting for deliveries -----------------------------------------------------------------

    async def poll(self, timeout: float = 0, *args: Any, **kwargs: Any) -> int:
        """Wait up to ``timeout`` seconds (-1: no limit) for delivery reports; return how many were resolved.

        Reports are served by the producer's own thread whether or not
        anyone calls this; it exists for code written against the sync API.
        """
        before = self._resolved_total
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        while self._resolved_total == before:
            remaining = _FLUSH_CHECK_S if deadline is None else deadline - time.monotonic()
            if remaining <= 0:
                await asyncio.sleep(0)
                break
            await self._wait_progress(min(remaining, _FLUSH_CHECK_S))
        return self._resolved_total - before

    async def flush(self, timeout: float = -1, *args: Any, **kwargs: Any) -> int:
        """Wait until every message is reported, or ``timeout`` seconds (-1: no limit).

        Returns the number of messages still pending (0 when all were reported).
        """
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        self._poller.flushing += 1
        try:
            while len(self):
                if self._backlog:
                    self._unpark()
                remaining = _FLUSH_CHECK_S if deadline is None else deadline - time.monotonic()
                if remaining <= 0:
                    break
                await self._wait_progress(min(remaining, _FLUSH_CHECK_S))
        finally:
            self._poller.flushing -= 1
        return len(self)

    async def purge(self, in_queue: bool = True, in_flight: bool = True, blocking: bool = True) -> None:
        """Drop messages not yet delivered, as :meth:`Producer.purge`.

        Each purged message's future raises (``_PURGE_QUEUE`` / ``_PURGE_INFLIGHT``)
        as soon as its report is served, shortly after; ``await flush()`` to
        wait for that. Messages still waiting for queue space fail at once.
        """
        if in_queue:
            backlog, self._backlog = self._backlog, deque()
            for *_, future in backlog:
                if not future.done():
                    future.set_exception(KafkaException(KafkaError(KafkaError._PURGE_QUEUE)))
        await self._call(self._native().purge, in_queue=in_queue, in_flight=in_flight, blocking=blocking)

    # -- blocking calls -------------------------------------------------------------------------

    def _native(self) -> Any:
        if self._producer is None:
            raise RuntimeError("Producer has been closed")
        return self._producer

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._executor is None:
            return await self._calls.call(_with_kwargs(fn, args, kwargs))
        try:
            return await self._loop.run_in_executor(self._executor, _with_kwargs(fn, args, kwargs))
        finally:
            self._poller.hand_over()  # reports the call may have served

    async def list_topics(self, *args: Any, **kwargs: Any) -> Any:
        """The cluster's metadata, as :meth:`Producer.list_topics`."""
        return await self._call(self._native().list_topics, *args, **kwargs)

    async def cluster_id(self, *args: Any, **kwargs: Any) -> str:
        """The id of the cluster, as :meth:`Producer.cluster_id`."""
        return str(await self._call(self._native().cluster_id, *args, **kwargs))

    async def set_sasl_credentials(self, *args: Any, **kwargs: Any) -> Any:
        """Set SASL username and password, as :meth:`Producer.set_sasl_credentials`."""
        return await self._call(self._native().set_sasl_credentials, *args, **kwargs)

    async def init_transactions(self, *args: Any, **kwargs: Any) -> Any:
        """Initialize transactions (needs ``transactional.id``), as :meth:`Producer.init_transactions`."""
        return await self._call(self._native().init_transactions, *args, **kwargs)

    async def begin_transaction(self, *args: Any, **kwargs: Any) -> Any:
        """Begin a transaction, as :meth:`Producer.begin_transaction`."""
        return await self._call(self._native().begin_transaction, *args, **kwargs)

    async def send_offsets_to_transaction(self, *args: Any, **kwargs: Any) -> Any:
        """Add consumer offsets to the transaction, as :meth:`Producer.send_offsets_to_transaction`."""
        return await self._call(self._native().send_offsets_to_transaction, *args, **kwargs)

    async def commit_transaction(self, *args: Any, **kwargs: Any) -> Any:
        """Deliver the transaction's messages and commit it; their futures are resolved on return."""
        await self._wait_unparked()
        result = await self._call(self._native().commit_transaction, *args, **kwargs)
        await self.flush()
        return result

    async def abort_transaction(self, *args: Any, **kwargs: Any) -> Any:
        """Abort the transaction; its undelivered messages' futures raise. Resolved on return."""
        await self._wait_unparked()
        result = await self._call(self._native().abort_transaction, *args, **kwargs)
        await self.flush()
        return result

    async def _wait_unparked(self) -> None:
        """Wait until no message waits for queue space: a transaction ends only with all of its own."""
        for _ in range(1_000_000):
            if not self._backlog:
                return
            self._unpark()
            await self._wait_progress(_FLUSH_CHECK_S)

    # -- lifecycle ------------------------------------------------------------------------------

    async def close(self, timeout: float = -1) -> None:
        """Deliver what is pending (waiting at most ``timeout`` seconds, -1: no limit), then release.

        Messages not delivered by then are purged: each one's future raises.
        Then the threads end and the config callbacks still running are
        awaited. Safe to call more than once.
        """
        if self._close_task is None:
            self._closed = True
            self._close_task = asyncio.ensure_future(self._close(timeout))
        await asyncio.shield(self._close_task)

    async def _close(self, timeout: float) -> None:
        try:
            if await self.flush(timeout):
                await self.purge()
                await self.flush(5.0)
            await self._poller.stop()
            # Served on the call thread from here on; handed to the loop all the same.
            await self._call(self._native().close)
        finally:
            self._producer = None
            self._native_produce = _closed_produce
            await self._poller.stop()
            await self._calls.stop()
            await self._callbacks.aclose()

    async def __aenter__(self: _Self) -> _Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    def __del__(self) -> None:
        # Not closed: at least let the threads end instead of polling forever.
        poller = getattr(self, "_poller", None)
        if poller is not None:
            poller.stop_nowait()
        calls = getattr(self, "_calls", None)
        if calls is not None:
            calls.stop_nowait()


def _closed_produce(*_: Any, **__: Any) -> None:
    raise RuntimeError("Producer has been closed")


def _with_kwargs(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[], Any]:
    def call() -> Any:
        return fn(*args, **kwargs)

    return call
