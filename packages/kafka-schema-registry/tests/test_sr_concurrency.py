"""Many threads and many asyncio tasks sharing one client: consistent ids, and one request
per distinct cache miss (identical misses in flight are sent once), over ``mock://`` and a
real loopback socket."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from kafka_schema_registry import AsyncSchemaRegistryClient, Schema, SchemaRegistryClient
from kafka_schema_registry._inmemory_registry import InMemoryRegistry, registry_for_scope
from testsupport.registry_server import RegistryHttpServer, ScriptedFault

WORKERS = 16
JOIN_TIMEOUT_SEC = 20.0
SCHEMAS = [
    Schema(f'{{"type": "record", "name": "R{i}", "fields": [{{"name": "f", "type": "int"}}]}}')
    for i in range(4)
]
SUBJECTS = ["orders-value", "payments-value"]


def record_schema(i: int) -> Schema:
    return SCHEMAS[i]


@pytest.fixture(params=["mock", "http"])
def target(request: pytest.FixtureRequest) -> Iterator[tuple[str, InMemoryRegistry]]:
    """A URL and the registry behind it: a fresh ``mock://`` scope, or the loopback server."""
    if request.param == "mock":
        scope = f"concurrency-{uuid.uuid4().hex}"
        registry = registry_for_scope(scope)
        yield f"mock://{scope}", registry
        registry.reset()
    else:
        server: RegistryHttpServer = request.getfixturevalue("sr_server")
        yield server.url, server.registry


def run_threads(work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(WORKERS, timeout=JOIN_TIMEOUT_SEC)

    def body(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(n,), daemon=True) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT_SEC)
    assert not any(t.is_alive() for t in threads), "a worker thread did not finish in time"
    assert errors == []


def requests_by_kind(registry: InMemoryRegistry) -> Counter[tuple[str, str]]:
    return Counter(registry.requests)


def test_threads_registering_and_fetching_agree_and_miss_once(target: tuple[str, InMemoryRegistry]) -> None:
    url, registry = target
    results: dict[tuple[int, str, int], int] = {}
    fetched: dict[tuple[int, int], str | None] = {}
    lock = threading.Lock()
    with SchemaRegistryClient({"url": url}) as client:

        def work(n: int) -> None:
            for round_ in range(3):
                for subject in SUBJECTS:
                    for i, schema in enumerate(SCHEMAS):
                        schema_id = client.register_schema(subject, schema)
                        with lock:
                            results[(n, subject, i)] = schema_id
                        text = client.get_schema(schema_id).schema_str
                        with lock:
                            fetched[(n, schema_id)] = text
                assert round_ < 3

        run_threads(work)

    ids = {i: {results[(n, s, i)] for n in range(WORKERS) for s in SUBJECTS} for i in range(len(SCHEMAS))}
    assert all(len(found) == 1 for found in ids.values()), ids
    assert len({found.pop() for found in ids.values()}) == len(SCHEMAS)
    assert {text for text in fetched.values()} == {s.schema_str for s in SCHEMAS}
    counts = requests_by_kind(registry)
    for subject in SUBJECTS:
        assert counts[("POST", f"/subjects/{subject}/versions")] == len(SCHEMAS)
    assert not any(path.startswith("/schemas/ids/") for _, path in counts), "register already cached the ids"


def test_threads_missing_the_same_id_send_one_request(target: tuple[str, InMemoryRegistry]) -> None:
    url, registry = target
    with SchemaRegistryClient({"url": url}) as writer:
        ids = [writer.register_schema("s-value", s) for s in SCHEMAS]
    registry.requests.clear()
    seen: list[str | None] = []
    lock = threading.Lock()
    with SchemaRegistryClient({"url": url}) as reader:

        def work(n: int) -> None:
            schema_id = ids[n % len(ids)]
            text = reader.get_schema(schema_id).schema_str
            latest = reader.get_latest_version("s-value")
            with lock:
                seen.append(text)
                seen.append(latest.schema.schema_str)

        run_threads(work)
    counts = requests_by_kind(registry)
    assert {path for _, path in counts} == {f"/schemas/ids/{i}" for i in ids} | {
        "/subjects/s-value/versions/latest"
    }
    assert set(counts.values()) == {1}
    assert seen.count(SCHEMAS[-1].schema_str) == WORKERS // len(SCHEMAS) + WORKERS


def test_tasks_registering_and_fetching_agree_and_miss_once(target: tuple[str, InMemoryRegistry]) -> None:
    url, registry = target

    async def main() -> list[tuple[str, int, int, str | None]]:
        async with AsyncSchemaRegistryClient({"url": url}) as client:

            async def work(n: int) -> list[tuple[str, int, int, str | None]]:
                out = []
                for subject in SUBJECTS:
                    for i, schema in enumerate(SCHEMAS):
                        schema_id = await client.register_schema(subject, schema)
                        fetched = await client.get_schema_by_guid(
                            (await client.lookup_schema(subject, schema)).guid or ""
                        )
                        out.append((subject, i, schema_id, fetched.schema_str))
                return out

            batches = await asyncio.wait_for(
                asyncio.gather(*(work(n) for n in range(WORKERS))), JOIN_TIMEOUT_SEC
            )
            return [row for batch in batches for row in batch]

    rows = asyncio.run(main())
    assert len(rows) == WORKERS * len(SUBJECTS) * len(SCHEMAS)
    by_schema = {i: {schema_id for _, j, schema_id, _ in rows if j == i} for i in range(len(SCHEMAS))}
    assert all(len(found) == 1 for found in by_schema.values())
    assert all(text == SCHEMAS[i].schema_str for _, i, _, text in rows)
    counts = requests_by_kind(registry)
    for subject in SUBJECTS:
        assert counts[("POST", f"/subjects/{subject}/versions")] == len(SCHEMAS)
        assert counts[("POST", f"/subjects/{subject}")] == 0, "register already cached the lookup"
    assert not any(path.startswith("/schemas/guids/") for _, path in counts), (
        "register already cached the GUIDs"
    )


def test_a_failed_shared_request_fails_every_waiter_and_is_not_cached(sr_server: RegistryHttpServer) -> None:
    """One request in flight fails for all who wait on it; the next call asks again."""
    conf = {"url": sr_server.url, "max.retries": 0}
    with SchemaRegistryClient(conf) as writer:
        schema_id = writer.register_schema("s-value", SCHEMAS[0])
    sr_server.fail_next(ScriptedFault(500, stall_sec=0.3))
    sr_server.registry.requests.clear()
    outcomes: list[str] = []
    lock = threading.Lock()
    with SchemaRegistryClient(conf) as reader:

        def work(n: int) -> None:
            try:
                reader.get_schema(schema_id)
                outcome = "ok"
            except Exception as exc:
                outcome = type(exc).__name__
            with lock:
                outcomes.append(outcome)

        run_threads(work)
        assert reader.get_schema(schema_id).schema_str == SCHEMAS[0].schema_str
    assert "SchemaRegistryError" in outcomes
    assert len(outcomes) == WORKERS
