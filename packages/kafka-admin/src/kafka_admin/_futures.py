"""Futures plumbing between the native admin calls and the caller.

The native layer completes one *request future* per call, from its background
thread, with the whole response. The caller gets one future per entity
(topic, group, resource, ...). ``fan_out`` creates both and wires a
*distributor* that splits the response into the per-entity futures; an error
of the whole request fails every entity's future with that error.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import Future
from typing import Any, TypeVar

from ._types import ConfigResource, KafkaError, KafkaException

__all__ = [
    "by_key",
    "by_position",
    "by_resource",
    "fan_out",
    "new_future",
    "single_result",
]

K = TypeVar("K", bound=Hashable)
Distributor = Callable[[Any, "dict[Any, Future[Any]]"], None]


def new_future() -> Future[Any]:
    """A future already in the running state, as the native layer expects."""
    future: Future[Any] = Future()
    future.set_running_or_notify_cancel()
    return future


def _missing(key: object) -> KafkaException:
    return KafkaException(KafkaError(KafkaError._NOENT, f"the broker returned no result for {key!r}"))


def _settle(future: Future[Any], value: object) -> None:
    if isinstance(value, KafkaError):
        future.set_exception(KafkaException(value))
    elif isinstance(value, BaseException):
        future.set_exception(value)
    else:
        future.set_result(value)


def by_key(response: Mapping[Any, Any], futures: dict[Any, Future[Any]]) -> None:
    """Response keyed like the futures; a ``KafkaError`` value fails that key."""
    for key, future in futures.items():
        _settle(future, response[key] if key in response else _missing(key))


def by_position(response: list[Any], futures: dict[Any, Future[Any]]) -> None:
    """Response is a list in request order; a ``KafkaError`` item fails that entity."""
    for index, (key, future) in enumerate(futures.items()):
        _settle(future, response[index] if index < len(response) else _missing(key))


def by_resource(response: Mapping[ConfigResource, Any], futures: dict[Any, Future[Any]]) -> None:
    """Config response keyed by ``ConfigResource``; the resource's ``error`` fails it."""
    returned = {resource: (resource, configs) for resource, configs in response.items()}
    for key, future in futures.items():
        if key not in returned:
            future.set_exception(_missing(key))
            continue
        resource, configs = returned[key]
        if resource.error is not None:
            future.set_exception(KafkaException(resource.error))
        else:
            future.set_result(configs)


def fan_out(keys: Iterable[K], distribute: Distributor) -> tuple[Future[Any], dict[K, Future[Any]]]:
    """Return ``(request_future, {key: future})`` with ``distribute`` wired between them."""
    futures: dict[K, Future[Any]] = {key: new_future() for key in keys}
    request = new_future()

    def on_done(done: Future[Any]) -> None:
        try:
            response = done.result()
        except BaseException as exc:  # the whole request failed: every entity fails with it
            for future in futures.values():
                future.set_exception(exc)
            return
        try:
            distribute(response, futures)
        except Exception as exc:  # a response we could not read: fail what is still pending
            for future in futures.values():
                if not future.done():
                    future.set_exception(exc)

    request.add_done_callback(on_done)
    return request, futures


def single_result(fail_on_error_values: bool = False) -> tuple[Future[Any], Future[Any]]:
    """Return ``(request_future, future)`` passing the response through.

    With ``fail_on_error_values`` a response mapping holding a ``KafkaError``
    value fails the returned future with that error.
    """
    request = new_future()
    result = new_future()

    def on_done(done: Future[Any]) -> None:
        try:
            response = done.result()
        except BaseException as exc:
            result.set_exception(exc)
            return
        if fail_on_error_values and isinstance(response, Mapping):
            for value in response.values():
                if isinstance(value, KafkaError):
                    result.set_exception(KafkaException(value))
                    return
        result.set_result(response)

    request.add_done_callback(on_done)
    return request, result
