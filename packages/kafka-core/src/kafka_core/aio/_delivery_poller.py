"""The producer's delivery reports: served on a poller thread, resolved on the event loop in batches.

The native producer runs delivery callbacks on the thread that calls ``poll``
or ``flush``. A dedicated thread does that; each callback only appends a
report to a queue, and the thread hands the queue to the loop with one
``call_soon_threadsafe`` per poll, not one per message. On the loop, each
report resolves the future its ``produce`` returned, a bounded number per
loop iteration so that a large batch never stalls other tasks.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from .._errors import ProduceError

__all__ = ["DeliveryPoller"]

_log = logging.getLogger("kafka_core.aio")

#: Native poll/flush timeout: how long the thread may take to notice a stop or flush request (seconds).
_POLL_SLICE_S = 0.1
#: Reports resolved per loop iteration before yielding to other tasks.
_RESOLVE_PER_ITERATION = 2000

OnDelivery = Callable[[Any, Any], Any]


def _report(append: Callable[[Any], None], future: asyncio.Future[Any], on_delivery: OnDelivery | None,
            err: Any, msg: Any) -> None:
    append((future, on_delivery, err, msg))


class DeliveryPoller:
    """Serves ``producer``'s delivery callbacks on a thread and resolves their futures on ``loop``.

    ``on_resolved(n)`` runs on the loop after each batch of ``n`` reports.
    """

    def __init__(self, producer: Any, loop: asyncio.AbstractEventLoop, name: str,
                 on_resolved: Callable[[int], None]) -> None:
        self._loop = loop
        # Weak: the thread must not keep the producer alive, so an unclosed one can be finalized.
        self._on_resolved = weakref.WeakMethod(on_resolved)
        self._reports: deque[tuple[asyncio.Future[Any], OnDelivery | None, Any, Any]] = deque()
        self._append = self._reports.append
        self._scheduled = False
        self._exited: asyncio.Future[None] = loop.create_future()
        #: Number of flush() calls waiting: the thread then calls the native flush, which sends at once.
        self.flushing = 0
        self.stopping = False
        self._thread = threading.Thread(target=self._run, args=(producer,), name=name, daemon=True)
        self._thread.start()

    def callback_for(self, future: asyncio.Future[Any],
                     on_delivery: OnDelivery | None) -> Callable[[Any, Any], None]:
        """The native ``on_delivery`` for one message: it reports into ``future`` (and ``on_delivery``)."""
        return functools.partial(_report, self._append, future, on_delivery)

    @property
    def unresolved(self) -> int:
        """Reports served by the native client but not yet resolved on the loop."""
        return len(self._reports)

    def hand_over(self) -> None:
        """Schedule the resolution of the queued reports on the loop; callable from any thread."""
        if self._reports and not self._scheduled:
            self._scheduled = True
            self._loop.call_soon_threadsafe(self._resolve)

    def _resolve(self) -> None:
        self._scheduled = False
        reports = self._reports
        count = min(len(reports), _RESOLVE_PER_ITERATION)
        popleft = reports.popleft
        for _ in range(count):
            future, on_delivery, err, msg = popleft()
            if err is None:
                if not future.done():
                    future.set_result(msg)
            elif not future.done():
                error = ProduceError(err)
                error.kafka_message = msg
                future.set_exception(error)
                if on_delivery is not None:
                    future.exception()  # reported through on_delivery: not "never retrieved"
            elif on_delivery is None:
                _log.warning("delivery failed after its produce() was cancelled: %s", err)
            if on_delivery is not None:
                try:
                    on_delivery(err, msg)
                except Exception:
                    _log.exception("on_delivery raised")
        if reports and not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._resolve)
        on_resolved = self._on_resolved()
        if on_resolved is not None:
            on_resolved(count)

    async def stop(self) -> None:
        """End the thread after it served what is queued; wait for it without blocking the loop."""
        self.stopping = True
        await asyncio.shield(self._exited)
        self._thread.join()  # already ended: does not block

    def stop_nowait(self) -> None:
        """Ask the thread to end; for finalizers, which cannot wait."""
        self.stopping = True

    def _run(self, producer: Any) -> None:
        try:
            while not self.stopping:
                try:
                    if self.flushing and len(producer):
                        producer.flush(_POLL_SLICE_S)
                    else:
                        producer.poll(_POLL_SLICE_S)
                except Exception:  # a callback's own failure must not end delivery reporting
                    _log.exception("delivery poller")
                self.hand_over()
            producer.poll(0)
            self.hand_over()
        except RuntimeError:  # the loop is closed: nobody waits for these reports
            return
        finally:
            del producer
            try:
                self._loop.call_soon_threadsafe(self._set_exited)
            except RuntimeError:
                pass

    def _set_exited(self) -> None:
        if not self._exited.done():
            self._exited.set_result(None)
