"""Registry I/O kept out of the serde logic, so sync and async serdes share every step.

Resolution steps (which schema to write with, which to read with, references,
migrations) are written once as generators that *yield* :class:`RegistryCall`
requests and receive the answers. :func:`run_sync` drives them with a
``SchemaRegistryClient``, :func:`run_async` with an ``AsyncSchemaRegistryClient``;
an error raised by the client is thrown back into the generator at the
``yield``, so the steps handle it as if they had made the call themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, NamedTuple, TypeVar

__all__ = ["RegistryCall", "Steps", "call", "invoke", "run_async", "run_sync"]

T = TypeVar("T")


class RegistryCall(NamedTuple):
    """One registry client method call (its name and arguments), or a call of a function
    (``method`` is the function itself: a cluster-id resolver, which may be async)."""

    method: str | Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


#: Resolution steps: yield calls, receive their results, return a value.
Steps = Generator[RegistryCall, Any, T]


def call(method: str, *args: Any, **kwargs: Any) -> RegistryCall:
    """A request to call ``client.<method>(*args, **kwargs)``."""
    return RegistryCall(method, args, kwargs)


def invoke(function: Callable[..., Any], *args: Any) -> RegistryCall:
    """A request to call ``function(*args)`` (awaited by :func:`run_async` if it gives an awaitable)."""
    return RegistryCall(function, args, {})


def _target(client: Any, request: RegistryCall) -> Callable[..., Any]:
    method = request.method
    if not isinstance(method, str):
        return method
    if client is None:
        raise ValueError(f"a Schema Registry client is needed to call {method}(), but none was given")
    return getattr(client, method)  # type: ignore[no-any-return]


def run_sync(steps: Steps[T], client: Any) -> T:
    """Run ``steps`` against a synchronous client and return their result."""
    try:
        request = next(steps)
        while True:
            try:
                result = _target(client, request)(*request.args, **request.kwargs)
            except Exception as exc:
                request = steps.throw(exc)
            else:
                request = steps.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def run_async(steps: Steps[T], client: Any) -> T:
    """Run ``steps`` against an asynchronous client (or a sync one) and return their result."""
    try:
        request = next(steps)
        while True:
            try:
                result = _target(client, request)(*request.args, **request.kwargs)
                if hasattr(result, "__await__"):
                    result = await result
            except Exception as exc:
                request = steps.throw(exc)
            else:
                request = steps.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
