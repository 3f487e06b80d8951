"""Multi-step admin flows written once, run blocking or on asyncio.

A *flow* is a generator that sends admin requests and yields their futures as
``{key: future}``; it is resumed with ``{key: result or exception}`` and
finally returns its value. ``run_blocking`` waits on the futures in the
calling thread; ``run_async`` awaits them without blocking the event loop.
Both enforce one overall deadline, raising ``TimeoutError`` naming the
operation when it passes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Generator, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

__all__ = ["Flow", "Outcomes", "raise_first", "run_async", "run_blocking"]

R = TypeVar("R")
Outcomes = dict[Any, Any]
Flow = Generator["dict[Any, Future[Any]]", Outcomes, R]


def raise_first(outcomes: Outcomes) -> dict[Any, Any]:
    """Return ``outcomes`` unchanged, or raise the first exception among them."""
    for value in outcomes.values():
        if isinstance(value, BaseException):
            raise value
    return outcomes


def _timed_out(operation: str, timeout: float) -> TimeoutError:
    return TimeoutError(f"{operation}(): no answer from the cluster within {timeout} s")


def run_blocking(flow: Flow[R], operation: str, timeout: float) -> R:
    """Drive ``flow`` to its return value, waiting at most ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    outcomes: Outcomes | None = None
    while True:
        try:
            futures = flow.send(outcomes) if outcomes is not None else next(flow)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        outcomes = {}
        for key, future in futures.items():
            try:
                outcomes[key] = future.result(max(0.0, deadline - time.monotonic()))
            except (TimeoutError, concurrent.futures.TimeoutError):  # distinct classes before Python 3.11
                flow.close()
                raise _timed_out(operation, timeout) from None
            except Exception as exc:  # the entity's own failure: the flow decides
                outcomes[key] = exc


async def _gather(futures: dict[Hashable, Future[Any]]) -> Outcomes:
    keys = list(futures)
    results = await asyncio.gather(*(asyncio.wrap_future(futures[k]) for k in keys), return_exceptions=True)
    return dict(zip(keys, results, strict=True))


async def run_async(flow: Flow[R], operation: str, timeout: float) -> R:
    """Drive ``flow`` on the running event loop, at most ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    outcomes: Outcomes | None = None
    while True:
        try:
            futures = flow.send(outcomes) if outcomes is not None else next(flow)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        try:
            outcomes = await asyncio.wait_for(_gather(futures), max(0.0, deadline - time.monotonic()))
        except (TimeoutError, asyncio.TimeoutError):  # distinct classes before Python 3.11
            flow.close()
            raise _timed_out(operation, timeout) from None
