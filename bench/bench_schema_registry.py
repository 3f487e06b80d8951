#!/usr/bin/env python3
"""Schema Registry client calls per second: ours against the reference client, in one run.

Both clients talk to the same in-memory registry served over HTTP on a loopback
port (tests/testsupport/registry_server.py). Measured: cached ``get_schema``,
``lookup_schema`` and ``register_schema`` (no request: the cache answers), and
uncached ``register_schema`` / ``get_schema`` (one HTTP request each, over our
default standard-library transport and over the optional httpx one), sync and
async. Prints calls/s and our ratio to the reference. ``--quick`` runs for a few
seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def _schema_text(i: int) -> str:
    return json.dumps({"type": "record", "name": f"R{i}", "fields": [{"name": "f", "type": "int"}]})


def _rate(count: int, call: Callable[[int], Any]) -> float:
    started = time.perf_counter()
    for i in range(count):
        call(i)
    return count / (time.perf_counter() - started)


def _sync_cases(url: str, cached: int, uncached: int) -> list[tuple[str, float, float]]:
    from confluent_kafka.schema_registry import Schema as RefSchema
    from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
    from kafka_schema_registry import Schema, SchemaRegistryClient

    rows = []
    with SchemaRegistryClient({"url": url}) as ours:
        ref = RefClient({"url": url})
        try:
            tag = uuid.uuid4().hex[:8]
            ours_schema, ref_schema = Schema(_schema_text(0)), RefSchema(_schema_text(0))
            ours_id = ours.register_schema(f"o-{tag}", ours_schema)
            ref_id = ref.register_schema(f"r-{tag}", ref_schema)
            ours.lookup_schema(f"o-{tag}", ours_schema)
            ref.lookup_schema(f"r-{tag}", ref_schema)
            rows.append(
                (
                    "get_schema (cached)",
                    _rate(cached, lambda i: ours.get_schema(ours_id)),
                    _rate(cached, lambda i: ref.get_schema(ref_id)),
                )
            )
            rows.append(
                (
                    "lookup_schema (cached)",
                    _rate(cached, lambda i: ours.lookup_schema(f"o-{tag}", ours_schema)),
                    _rate(cached, lambda i: ref.lookup_schema(f"r-{tag}", ref_schema)),
                )
            )
            rows.append(
                (
                    "register_schema (cached)",
                    _rate(cached, lambda i: ours.register_schema(f"o-{tag}", ours_schema)),
                    _rate(cached, lambda i: ref.register_schema(f"r-{tag}", ref_schema)),
                )
            )
            ours_texts = [Schema(_schema_text(i)) for i in range(1, uncached + 1)]
            ref_texts = [RefSchema(_schema_text(i)) for i in range(uncached + 1, 2 * uncached + 1)]
            ours_ids: list[int] = []
            ref_ids: list[int] = []
            rows.append(
                (
                    "register_schema (HTTP)",
                    _rate(
                        uncached, lambda i: ours_ids.append(ours.register_schema(f"o2-{tag}", ours_texts[i]))
                    ),
                    _rate(uncached, lambda i: ref_ids.append(ref.register_schema(f"r2-{tag}", ref_texts[i]))),
                )
            )
            with SchemaRegistryClient({"url": url}) as fresh_ours:
                fresh_ref = RefClient({"url": url})
                rows.append(
                    (
                        "get_schema (HTTP)",
                        _rate(uncached, lambda i: fresh_ours.get_schema(ours_ids[i])),
                        _rate(uncached, lambda i: fresh_ref.get_schema(ref_ids[i])),
                    )
                )
                fresh_ref.close()
            # The same HTTP calls over our optional httpx transport (the reference's figures again).
            with SchemaRegistryClient({"url": url}, transport="httpx") as over_httpx:
                texts = [Schema(_schema_text(i)) for i in range(2 * uncached + 1, 3 * uncached + 1)]
                httpx_ids: list[int] = []
                rows.append(
                    (
                        "register_schema (HTTP, httpx)",
                        _rate(
                            uncached,
                            lambda i: httpx_ids.append(over_httpx.register_schema(f"o3-{tag}", texts[i])),
                        ),
                        rows[-2][2],
                    )
                )
            with SchemaRegistryClient({"url": url}, transport="httpx") as fresh_httpx:
                rows.append(
                    (
                        "get_schema (HTTP, httpx)",
                        _rate(uncached, lambda i: fresh_httpx.get_schema(httpx_ids[i])),
                        rows[-2][2],
                    )
                )
        finally:
            ref.close()
    return rows


def _async_cases(url: str, cached: int, uncached: int) -> list[tuple[str, float, float]]:
    from confluent_kafka.schema_registry import AsyncSchemaRegistryClient as RefClient
    from confluent_kafka.schema_registry import Schema as RefSchema
    from kafka_schema_registry import AsyncSchemaRegistryClient, Schema

    async def measure() -> list[tuple[str, float, float]]:
        async def rate(count: int, call: Callable[[int], Awaitable[Any]]) -> float:
            started = time.perf_counter()
            for i in range(count):
                await call(i)
            return count / (time.perf_counter() - started)

        ours = AsyncSchemaRegistryClient({"url": url})
        ref = RefClient({"url": url})
        try:
            tag = uuid.uuid4().hex[:8]
            ours_id = await ours.register_schema(f"ao-{tag}", Schema(_schema_text(0)))
            ref_id = await ref.register_schema(f"ar-{tag}", RefSchema(_schema_text(0)))
            await ours.get_schema(ours_id)
            await ref.get_schema(ref_id)
            rows = [
                (
                    "async get_schema (cached)",
                    await rate(cached, lambda i: ours.get_schema(ours_id)),
                    await rate(cached, lambda i: ref.get_schema(ref_id)),
                )
            ]
            ours_texts = [Schema(_schema_text(i)) for i in range(1, uncached + 1)]
            ref_texts = [RefSchema(_schema_text(i)) for i in range(uncached + 1, 2 * uncached + 1)]
            rows.append(
                (
                    "async register_schema (HTTP)",
                    await rate(uncached, lambda i: ours.register_schema(f"ao2-{tag}", ours_texts[i])),
                    await rate(uncached, lambda i: ref.register_schema(f"ar2-{tag}", ref_texts[i])),
                )
            )
            return rows
        finally:
            await ours.aclose()
            await ref.aclose()

    return asyncio.run(measure())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few-second run")
    args = parser.parse_args()
    cached, uncached = (20_000, 200) if args.quick else (200_000, 1_000)

    from testsupport.registry_server import RegistryHttpServer

    with RegistryHttpServer() as server:
        rows = _sync_cases(server.url, cached, uncached) + _async_cases(server.url, cached, uncached)

    print(f"{'operation':32} {'ours calls/s':>14} {'reference calls/s':>18} {'ratio':>7}")
    for name, ours, ref in rows:
        print(f"{name:32} {ours:14,.0f} {ref:18,.0f} {ours / ref:6.2f}x")


if __name__ == "__main__":
    main()
