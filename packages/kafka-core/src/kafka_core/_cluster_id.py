"""The Kafka cluster id, resolved once per client for the serdes that need it."""

from __future__ import annotations

import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["ClusterIdResolver", "share_cluster_id"]

_TIMEOUT_S = 10.0


class ClusterIdResolver:
    """Calls ``cluster_id(timeout)`` of a client, one caller at a time, and keeps the first answer.

    Serdes receive it through ``set_cluster_id_resolver`` and call it only
    when they need the id (the *associated* subject name strategy does).
    Returns None while no broker could be reached; a later call tries again.
    """

    __slots__ = ("_cluster_id", "_lock", "_timeout", "_value")

    def __init__(self, cluster_id: Callable[..., Any], timeout: float = _TIMEOUT_S) -> None:
        self._cluster_id = cluster_id
        self._timeout = timeout
        self._lock = threading.Lock()
        self._value: str | None = None

    def __call__(self) -> str | None:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._cluster_id(timeout=self._timeout)
        return self._value


def share_cluster_id(client: Any, *serdes: Any) -> None:
    """Give each serde that asks for it (``set_cluster_id_resolver``) a resolver for ``client``."""
    resolver = None
    for serde in serdes:
        setter = getattr(serde, "set_cluster_id_resolver", None)
        if setter is not None:
            if resolver is None:
                resolver = ClusterIdResolver(client.cluster_id)
            setter(resolver)
