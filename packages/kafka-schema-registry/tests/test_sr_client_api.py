"""Every client method, with one test body run four ways: sync and async clients, against
``mock://`` and against the same in-memory registry served over a loopback socket."""

from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kafka_schema_registry import (
    AssociationCreateOrUpdateInfo,
    AssociationCreateOrUpdateRequest,
    AsyncSchemaRegistryClient,
    ConfigCompatibilityLevel,
    Metadata,
    MetadataProperties,
    RegisteredSchema,
    Rule,
    RuleKind,
    RuleMode,
    RuleSet,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    SchemaRegistryError,
    ServerConfig,
)
from kafka_schema_registry._inmemory_registry import InMemoryRegistry, registry_for_scope
from testsupport.registry_server import RegistryHttpServer

RECORD = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
OTHER = json.dumps({"type": "record", "name": "S", "fields": [{"name": "b", "type": "string"}]})
THIRD = json.dumps({"type": "record", "name": "T", "fields": [{"name": "c", "type": "long"}]})


class AsyncAsSync:
    """Runs an ``AsyncSchemaRegistryClient``'s coroutines on one event loop, so one test body serves both."""

    def __init__(self, client: AsyncSchemaRegistryClient, runner: asyncio.Runner) -> None:
        self._client = client
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if inspect.iscoroutinefunction(attr):
            return lambda *args, **kwargs: self._runner.run(attr(*args, **kwargs))
        return attr


class Backend:
    """A registry (in memory, reached by mock:// or by HTTP) and clients on it, sync or async."""

    def __init__(self, registry: InMemoryRegistry, url: str, is_async: bool) -> None:
        self.registry = registry
        self.url = url
        self.is_async = is_async
        self.calls: list[tuple[str, str]] = []
        self._runner = asyncio.Runner() if is_async else None
        self._closers: list[Callable[[], None]] = []
        handle = registry.handle

        def counting_handle(method: str, path: str, query: Any, body: Any = None) -> Any:
            self.calls.append((method, path))
            return handle(method, path, query, body)

        registry.handle = counting_handle  # type: ignore[method-assign]

    def client(self, **conf: Any) -> Any:
        full = {"url": self.url, **{k.replace("_", "."): v for k, v in conf.items()}}
        if self._runner is None:
            sync_client = SchemaRegistryClient(full)
            self._closers.append(sync_client.close)
            return sync_client
        async_client = AsyncSchemaRegistryClient(full)
        runner = self._runner
        self._closers.append(lambda: runner.run(async_client.aclose()))
        return AsyncAsSync(async_client, runner)

    def close(self) -> None:
        for close in self._closers:
            close()
        if self._runner is not None:
            self._runner.close()


@pytest.fixture(params=["mock-sync", "mock-async", "http-sync", "http-async"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    kind, mode = request.param.split("-")
    if kind == "mock":
        scope = f"sr-api-{uuid.uuid4().hex}"
        made = Backend(registry_for_scope(scope), f"mock://{scope}", mode == "async")
    else:
        server: RegistryHttpServer = request.getfixturevalue("sr_server")
        made = Backend(server.registry, server.url, mode == "async")
    yield made
    made.close()


def sr_error(call: Callable[[], Any]) -> SchemaRegistryError:
    with pytest.raises(SchemaRegistryError) as info:
        call()
    return info.value


def test_register_and_fetch_share_ids_across_subjects(backend: Backend) -> None:
    client = backend.client()
    schema = Schema(RECORD, "AVRO")
    schema_id = client.register_schema("orders-value", schema)
    assert client.register_schema("payments-value", Schema(RECORD, "AVRO")) == schema_id
    other = client.register_schema_full_response("orders-value", Schema(OTHER, "AVRO"))
    assert isinstance(other, RegisteredSchema)
    assert (other.subject, other.version) == ("orders-value", 2)
    assert other.schema_id != schema_id and other.guid
    fresh = backend.client()
    assert fresh.get_schema(schema_id) == schema
    assert fresh.get_schema_by_guid(other.guid) == Schema(OTHER, "AVRO")
    assert fresh.get_schema_string(schema_id) == RECORD
    assert sorted(fresh.get_subjects_by_schema_id(schema_id)) == ["orders-value", "payments-value"]
    versions = fresh.get_schema_versions(schema_id)
    assert sorted((v.subject, v.version) for v in versions) == [("orders-value", 1), ("payments-value", 1)]
    assert set(fresh.get_schema_types()) >= {"AVRO", "JSON", "PROTOBUF"}


def test_versions_lookup_and_latest(backend: Backend) -> None:
    client = backend.client()
    first = client.register_schema("s", Schema(RECORD))
    second = client.register_schema("s", Schema(OTHER))
    assert client.get_subjects() == ["s"]
    assert client.get_versions("s") == [1, 2]
    latest = client.get_latest_version("s")
    assert (latest.schema_id, latest.version, latest.schema.schema_str) == (second, 2, OTHER)
    assert client.get_version("s", 1).schema_id == first
    assert client.get_version("s", "latest").version == 2
    found = backend.client().lookup_schema("s", Schema(RECORD))
    assert (found.subject, found.version, found.schema_id) == ("s", 1, first)
    missing = sr_error(lambda: client.lookup_schema("s", Schema(THIRD)))
    assert (missing.http_status_code, missing.error_code) == (404, 40403)
    no_subject = sr_error(lambda: client.get_versions("nope"))
    assert (no_subject.http_status_code, no_subject.error_code) == (404, 40401)
    no_version = sr_error(lambda: client.get_version("s", 7))
    assert no_version.error_code == 40402
    assert "not found" in no_version.error_message


def test_soft_and_permanent_deletes(backend: Backend) -> None:
    client = backend.client()
    client.register_schema("s", Schema(RECORD))
    client.register_schema("s", Schema(OTHER))
    assert client.get_version("s", 1).version == 1  # cached now
    assert client.delete_version("s", 1) == 1
    assert sr_error(lambda: client.get_version("s", 1)).error_code == 40402
    assert client.get_version("s", 1, deleted=True).version == 1
    assert client.get_versions("s") == [2]
    assert client.get_versions("s", deleted=True) == [1, 2]
    assert sr_error(lambda: client.delete_version("s", 2, permanent=True)).error_code == 40407
    assert client.delete_version("s", 1, permanent=True) == 1
    assert client.get_versions("s", deleted=True) == [2]

    assert client.delete_subject("s") == [2]
    assert client.get_subjects() == []
    assert client.get_subjects(deleted=True) == ["s"]
    assert sr_error(lambda: client.get_latest_version("s")).error_code == 40401
    assert client.delete_subject("s", permanent=True) == [2]
    assert client.get_subjects(deleted=True) == []


def test_references_and_referenced_by(backend: Backend) -> None:
    client = backend.client()
    base_id = client.register_schema("base", Schema(OTHER))
    ref = SchemaReference("S", "base", 1)
    user = Schema(RECORD, "AVRO", [ref])
    user_id = client.register_schema("user", user)
    assert user_id != base_id
    assert client.get_referenced_by("base", 1) == [user_id]
    assert backend.client().get_schema(user_id).references == [ref]
    assert sr_error(lambda: client.delete_version("base", 1)).error_code == 42206
    bad = Schema(THIRD, "AVRO", [SchemaReference("X", "missing", 1)])
    assert sr_error(lambda: client.register_schema("user", bad)).error_code == 42201


def test_config_compatibility_and_mode(backend: Backend) -> None:
    client = backend.client()
    assert client.get_config().compatibility_level == ConfigCompatibilityLevel.BACKWARD
    stored = client.set_config(
        "s",
        ServerConfig(
            compatibility=ConfigCompatibilityLevel.FULL,
            compatibility_group="app.major",
            default_metadata=Metadata(None, MetadataProperties({"owner": "team"}), None),
            override_rule_set=RuleSet(
                domain_rules=[
                    Rule("check", kind=RuleKind.CONDITION, mode=RuleMode.WRITE, type="CEL", expr="true")
                ]
            ),
        ),
    )
    assert isinstance(stored, ServerConfig)
    config = client.get_config("s")
    assert config.compatibility_level == ConfigCompatibilityLevel.FULL
    assert config.compatibility_group == "app.major"
    assert config.default_metadata is not None and config.default_metadata.properties == MetadataProperties(
        {"owner": "team"}
    )
    assert config.override_rule_set is not None
    assert [r.name for r in config.override_rule_set.domain_rules or []] == ["check"]
    assert client.delete_config("s").compatibility_level == ConfigCompatibilityLevel.FULL
    assert sr_error(lambda: client.get_config("s")).error_code == 40408
    assert client.set_compatibility(level="none") == "NONE"
    assert client.get_compatibility() == "NONE"
    assert sr_error(lambda: client.set_compatibility("s", "sideways")).error_code == 42203

    assert client.get_global_mode() == "READWRITE"
    assert client.update_mode("s", "READONLY") == "READONLY"
    assert client.get_mode("s") == "READONLY"
    assert sr_error(lambda: client.register_schema("s", Schema(RECORD))).error_code == 42205
    assert client.delete_mode("s") == "READONLY"
    assert sr_error(lambda: client.get_mode("s")).error_code == 40409
    assert client.update_global_mode("READWRITE") == "READWRITE"
    assert client.get_contexts() == ["."]


def test_compatibility_checks_and_metadata_lookup(backend: Backend) -> None:
    client = backend.client()
    client.register_schema(
        "s", Schema(RECORD, metadata=Metadata(None, MetadataProperties({"owner": "a"}), None))
    )
    client.register_schema(
        "s", Schema(OTHER, metadata=Metadata(None, MetadataProperties({"owner": "b"}), None))
    )
    assert client.test_compatibility("s", Schema(THIRD)) is True
    assert client.test_compatibility("s", Schema(THIRD), version=1) is True
    assert client.test_compatibility_all_versions("s", Schema(THIRD)) is True
    assert sr_error(lambda: client.test_compatibility("s", Schema(THIRD), version=9)).error_code == 40402
    found = client.get_latest_with_metadata("s", {"owner": "a"})
    assert (found.version, found.schema.schema_str) == (1, RECORD)


def test_associations(backend: Backend) -> None:
    client = backend.client()
    client.register_schema("orders-value", Schema(RECORD))
    answer = client.create_association(
        AssociationCreateOrUpdateRequest(
            resource_name="orders",
            resource_namespace="lkc-1",
            resource_id="topic-id-1",
            resource_type="topic",
            associations=[AssociationCreateOrUpdateInfo(subject="orders-value", association_type="value")],
        )
    )
    assert answer.resource_id == "topic-id-1"
    assert [a.subject for a in answer.associations or []] == ["orders-value"]
    found = client.get_associations_by_resource_name("orders", "lkc-1")
    assert [(a.subject, a.association_type, a.resource_id) for a in found] == [
        ("orders-value", "value", "topic-id-1")
    ]
    client.delete_associations("topic-id-1")
    assert client.get_associations_by_resource_name("orders", "lkc-1") == []


def test_cache_hits_make_no_request(backend: Backend) -> None:
    client = backend.client()
    schema = Schema(RECORD)
    schema_id = client.register_schema("s", schema)
    before = len(backend.calls)
    for _ in range(5):
        assert client.register_schema("s", schema) == schema_id
    assert len(backend.calls) == before

    reader = backend.client()
    for _ in range(5):
        assert reader.get_schema(schema_id) == schema
        assert reader.lookup_schema("s", schema).schema_id == schema_id
        assert reader.get_version("s", 1).schema_id == schema_id
        assert reader.get_latest_version("s").schema_id == schema_id
    # one per distinct miss: get_version("s", 1) is answered by the lookup's answer
    assert len(backend.calls) == before + 3

    reader.clear_caches()
    reader.get_schema(schema_id)
    assert len(backend.calls) == before + 4


def test_latest_version_cache_expires_after_ttl(backend: Backend) -> None:
    client = backend.client(cache_latest_ttl_sec=0.05)
    client.register_schema("s", Schema(RECORD))
    assert client.get_latest_version("s").version == 1
    client.register_schema("s", Schema(OTHER))
    assert client.get_latest_version("s").version == 1  # still cached
    deadline_calls = len(backend.calls)
    import time

    time.sleep(0.1)
    assert client.get_latest_version("s").version == 2
    assert len(backend.calls) == deadline_calls + 1


def test_errors_carry_status_code_and_message(backend: Backend) -> None:
    client = backend.client()
    error = sr_error(lambda: client.get_schema(12345))
    assert error.http_status_code == 404
    assert error.error_code == 40403
    assert "40403" in str(error) and "404" in str(error)
