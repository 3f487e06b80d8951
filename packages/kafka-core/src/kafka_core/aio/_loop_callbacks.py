"""Config callbacks (``error_cb``, ``stats_cb``, ...) moved from native threads onto the event loop.

The native client calls them on whichever thread serves its queue. We hand
each call to the loop instead, so user code runs where asyncio code may run:
a plain function is called there, a coroutine function is started there as a
task that the client awaits when it closes. The native thread never waits.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from typing import Any

__all__ = ["LOOP_CALLBACK_KEYS", "LoopCallbacks"]

#: Config keys whose callables are run on the event loop (``on_commit``: consumers only).
LOOP_CALLBACK_KEYS = ("error_cb", "throttle_cb", "stats_cb", "on_commit")

_log = logging.getLogger("kafka_core.aio")


class LoopCallbacks:
    """Rewrites a config's callbacks to run on ``loop``; keeps their tasks until :meth:`aclose`."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    def wrap_config(self, conf: dict[str, Any], keys: tuple[str, ...] = LOOP_CALLBACK_KEYS) -> None:
        """Replace each callable under ``keys`` in ``conf`` by one that forwards its calls to the loop."""
        for key in keys:
            callback = conf.get(key)
            if callback is not None:
                if not callable(callback):
                    raise TypeError(f"{key} must be callable, not {type(callback).__name__}")
                conf[key] = self._forwarder(key, callback)

    def _forwarder(self, key: str, callback: Callable[..., Any]) -> Callable[..., None]:
        loop = self._loop

        def forward(*args: Any) -> None:
            try:
                loop.call_soon_threadsafe(self._invoke, key, callback, args)
            except RuntimeError:  # the loop is closed: nobody to tell
                pass

        return forward

    def _invoke(self, key: str, callback: Callable[..., Any], args: tuple[Any, ...]) -> None:
        if self._closed:
            return
        try:
            result = callback(*args)
        except Exception:
            _log.exception("%s raised", key)
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            self._tasks.add(task)
            task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log.error("config callback raised", exc_info=task.exception())

    async def aclose(self) -> None:
        """Wait for the callback tasks still running; callbacks arriving later are dropped."""
        self._closed = True
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
