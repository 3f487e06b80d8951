"""Releasing native clients on a thread librdkafka allows.

librdkafka aborts the whole process when a client is destroyed on one of its
own threads. Python code does run there: the native layer completes admin
futures from its background thread, so future callbacks, a garbage
collection, or the last reference dropped in a callback could destroy a
client on that thread. ``release`` therefore hands a native client that is
let go anywhere but the main thread to a reaper thread of ours, which drops
the last reference (destroying it) there.

The reaper is started by ``start_reaper`` when a client is created, never from
``release``: ``release`` runs inside ``__del__``, possibly in the middle of a
garbage collection on a thread that is itself being started, and starting a
thread (or taking a lock) there can deadlock.
"""

from __future__ import annotations

import queue
import threading

__all__ = ["release", "start_reaper"]

_pending: queue.SimpleQueue[object] = queue.SimpleQueue()
_reaper_lock = threading.Lock()
_reaper: threading.Thread | None = None


def _reap() -> None:
    while True:
        native = _pending.get()
        del native  # the native client's destructor runs here, on a Python-owned thread


def start_reaper() -> None:
    """Start the reaper thread if it is not running (call where creating a client, not in ``__del__``)."""
    global _reaper
    with _reaper_lock:
        if _reaper is None or not _reaper.is_alive():
            _reaper = threading.Thread(target=_reap, name="kafka-admin-native-release", daemon=True)
            _reaper.start()


def release(native: object) -> None:
    """Drop the caller's last reference to ``native`` on a thread where destroying it is safe.

    Takes no lock and starts no thread: safe inside ``__del__`` and garbage collection.
    """
    if threading.current_thread() is threading.main_thread():
        return  # the caller's reference goes when this frame ends, on the main thread
    _pending.put(native)  # SimpleQueue.put is reentrant
