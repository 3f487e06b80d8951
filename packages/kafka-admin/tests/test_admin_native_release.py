"""A client let go on a librdkafka thread must not take the process down.

librdkafka aborts when a client is destroyed on one of its own threads; the
native layer runs future callbacks there. Run in a subprocess, so that a
regression shows as a failed test and not as a dead test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import threading, time
    from kafka_admin import AdminClient, KafkaException

    holder = [AdminClient({"bootstrap.servers": "127.0.0.1:9", "log_level": 0})]
    released = threading.Event()

    def drop_last_reference(future):
        assert threading.current_thread() is not threading.main_thread()
        holder.clear()  # the last reference goes on librdkafka's background thread
        released.set()

    holder[0].describe_cluster(request_timeout=0.2).add_done_callback(drop_last_reference)
    assert released.wait(10), "the request did not complete"
    time.sleep(1.0)  # time for the native client to be destroyed
    print("alive")
    """
)


def test_client_dropped_on_a_librdkafka_thread_is_destroyed_safely() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "alive\n"


def test_release_takes_no_lock_and_starts_no_thread() -> None:
    # release() runs inside __del__, possibly during a garbage collection on a thread
    # that is itself starting: it must never wait. Hold the reaper's lock and call it.
    import threading

    from kafka_admin import _native_release

    _native_release.start_reaper()
    threads_before = threading.active_count()
    finished = threading.Event()

    def let_go() -> None:
        _native_release.release(object())
        finished.set()

    with _native_release._reaper_lock:
        worker = threading.Thread(target=let_go)
        worker.start()
        assert finished.wait(5), "release() blocked on the reaper's lock"
    worker.join(5)
    assert threading.active_count() == threads_before
