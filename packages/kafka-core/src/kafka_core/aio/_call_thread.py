"""A dedicated thread that runs blocking native calls for one event loop, one call at a time.

The native consumer is not reentrant, and a blocking call must never run on
the loop's thread, so each asyncio client owns one :class:`CallThread`. Calls
are queued in order and each result comes back to the loop as a future.

Native callbacks (rebalance callbacks) fire on this thread, inside a native
call. :meth:`CallThread.wait_for_loop` runs the user's coroutine on the loop
and, while waiting for it, runs on this same thread the calls that coroutine
makes (``await consumer.assign(...)``): they cannot queue behind the call that
is waiting for them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["CallThread", "Job"]

T = TypeVar("T")

#: How long the thread waits for work before checking whether its loop is gone (seconds).
_IDLE_CHECK_S = 0.5


class Job:
    """One queued call. ``stop_requested`` tells a sliced call (a long poll) to return early."""

    __slots__ = ("abandoned", "args", "fn", "future", "on_abandoned", "thread")

    def __init__(self, thread: CallThread, future: asyncio.Future[Any], fn: Callable[..., Any],
                 args: tuple[Any, ...], on_abandoned: Callable[[Any], None] | None) -> None:
        self.thread = thread
        self.future = future
        self.fn = fn
        self.args = args
        self.on_abandoned = on_abandoned
        self.abandoned = False

    @property
    def stop_requested(self) -> bool:
        """True once the awaiting task gave up on the result or the thread is stopping."""
        return self.abandoned or self.thread.stopping

    def _mark_abandoned(self, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            self.abandoned = True


class _CallbackScope:
    """Calls made by a callback coroutine the thread is waiting for: run inline, not queued."""

    __slots__ = ("jobs", "open", "owner")

    def __init__(self, owner: CallThread) -> None:
        self.owner = owner
        self.jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.open = True


_callback_scope: ContextVar[_CallbackScope | None] = ContextVar("kafka_core_aio_callback_scope", default=None)


class CallThread:
    """Runs submitted calls in order on one thread, started on first use; results as loop futures.

    ``after_call``, if given, runs on the thread after every call (the producer
    hands over the delivery reports a call may have served).
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, name: str,
                 after_call: Callable[[], None] | None = None) -> None:
        self._loop = loop
        self._name = name
        self._after_call = after_call
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._exited: asyncio.Future[None] | None = None
        #: Set by :meth:`stop`; sliced calls return at their next slice.
        self.stopping = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop results are delivered to."""
        return self._loop

    def call(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Queue ``fn(*args)``; the future gets its result or exception. Call on the loop's thread."""
        return self._submit(fn, args, None, with_job=False)

    def call_sliced(self, fn: Callable[..., T], *args: Any,
                    on_abandoned: Callable[[T], None] | None = None) -> asyncio.Future[T]:
        """Queue ``fn(job, *args)``, a call that checks ``job.stop_requested`` between short native calls.

        If the future is cancelled, ``fn`` is told through ``job`` and its
        result, when it comes, is given to ``on_abandoned`` on the loop
        instead of being lost.
        """
        return self._submit(fn, args, on_abandoned, with_job=True)

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...],
                on_abandoned: Callable[[Any], None] | None, *, with_job: bool) -> asyncio.Future[Any]:
        if self.stopping:
            raise RuntimeError(f"{self._name} is stopped")
        future: asyncio.Future[Any] = self._loop.create_future()
        job = Job(self, future, fn, args, on_abandoned)
        if with_job:
            job.args = (job, *args)
            future.add_done_callback(job._mark_abandoned)
        scope = _callback_scope.get()
        if scope is not None and scope.owner is self and scope.open:
            scope.jobs.put(job)
            return future
        if self._thread is None:
            self._exited = self._loop.create_future()
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
        self._jobs.put(job)
        return future

    async def stop(self) -> None:
        """Finish the queued calls, then end the thread and wait for it (without blocking the loop)."""
        self.stopping = True
        thread, exited = self._thread, self._exited
        if thread is None or exited is None:
            return
        self._jobs.put(None)
        await asyncio.shield(exited)
        thread.join()
        self._thread = None

    def stop_nowait(self) -> None:
        """Ask the thread to end after the queued calls; for finalizers, which cannot wait."""
        self.stopping = True
        if self._thread is not None:
            self._jobs.put(None)

    # -- on the thread --------------------------------------------------------------------------

    def _run(self) -> None:
        jobs = self._jobs
        loop = self._loop
        try:
            while True:
                try:
                    job = jobs.get(timeout=_IDLE_CHECK_S)
                except queue.Empty:
                    if loop.is_closed():
                        return
                    continue
                if job is None:
                    return
                self._execute(job)
                del job
        finally:
            self._post(self._set_exited)

    def _set_exited(self) -> None:
        if self._exited is not None and not self._exited.done():
            self._exited.set_result(None)

    def _execute(self, job: Job) -> None:
        try:
            value = job.fn(*job.args)
            ok = True
        except BaseException as exc:  # handed to the awaiting task, whatever it is
            value = exc
            ok = False
        if self._after_call is not None:
            self._after_call()
        self._post(_settle, job, ok, value)

    def _post(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            self._loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass

    def wait_for_loop(self, coroutine_fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run ``coroutine_fn(*args)`` on the loop and return its result, from this thread.

        Calls the coroutine submits to this thread run here while it waits.
        Its exception is raised here (and so out of the native call).
        """
        scope = _CallbackScope(self)

        async def run_in_scope() -> T:
            token = _callback_scope.set(scope)
            try:
                return await coroutine_fn(*args)
            finally:
                scope.open = False
                _callback_scope.reset(token)
                scope.jobs.put(None)

        done = asyncio.run_coroutine_threadsafe(run_in_scope(), self._loop)
        while True:
            try:
                job = scope.jobs.get(timeout=_IDLE_CHECK_S)
            except queue.Empty:
                if self._loop.is_closed():
                    raise RuntimeError("the event loop closed while a callback was running") from None
                continue
            if job is None:
                break
            self._execute(job)
            del job
        while True:
            try:
                return done.result(timeout=_IDLE_CHECK_S)
            except concurrent.futures.TimeoutError:
                if self._loop.is_closed():
                    raise RuntimeError("the event loop closed while a callback was running") from None


def _settle(job: Job, ok: bool, value: Any) -> None:
    """On the loop: hand ``value`` to the awaiting task, or to ``on_abandoned`` if it gave up."""
    future = job.future
    if future.cancelled():
        if ok and job.on_abandoned is not None:
            job.on_abandoned(value)
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
