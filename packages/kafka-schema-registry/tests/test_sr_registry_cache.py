"""What the client's cache keeps, for how long, and what deletes make it forget."""

from __future__ import annotations

import time
import uuid

import pytest
from kafka_schema_registry import RegisteredSchema, Schema, SchemaRegistryClient, SchemaRegistryError
from kafka_schema_registry._inmemory_registry import registry_for_scope
from kafka_schema_registry._registry_cache import RegistryCache


def schema(i: int) -> Schema:
    return Schema(f'{{"type": "record", "name": "R{i}", "fields": []}}')


def registered(subject: str, version: int, i: int) -> RegisteredSchema:
    return RegisteredSchema(subject=subject, version=version, schema_id=i, guid=f"g{i}", schema=schema(i))


def test_latest_answers_are_bounded_by_capacity_least_recently_used_first() -> None:
    cache = RegistryCache(capacity=2)
    cache.set_latest("a", registered("a", 1, 1))
    cache.set_latest("b", registered("b", 1, 2))
    assert cache.latest("a") is not None  # "a" is now the most recently used
    cache.set_latest("c", registered("c", 1, 3))
    assert cache.latest("b") is None
    assert [cache.latest(s) is not None for s in ("a", "c")] == [True, True]


def test_latest_answers_expire_after_the_ttl() -> None:
    cache = RegistryCache(latest_ttl_sec=0.05)
    cache.set_latest("a", registered("a", 1, 1))
    cache.set_latest_with_metadata("a", {"owner": "x"}, False, registered("a", 1, 1))
    assert cache.latest_with_metadata("a", {"owner": "x"}, True) is None, "deleted=True is another query"
    assert (
        cache.latest("a") is not None and cache.latest_with_metadata("a", {"owner": "x"}, False) is not None
    )
    time.sleep(0.08)
    assert cache.latest("a") is None and cache.latest_with_metadata("a", {"owner": "x"}, False) is None


def test_removing_a_version_forgets_it_and_the_latest_answers_of_its_subject() -> None:
    cache = RegistryCache()
    one, two = registered("a", 1, 1), registered("a", 2, 2)
    cache.set_registered(one.schema, one)
    cache.set_registered(two.schema, two)
    cache.set_latest("a", two)
    cache.set_latest("b", registered("b", 1, 3))
    cache.remove_version("a", 2)
    assert cache.registered_by_version("a", 2) is None
    assert cache.registered_by_schema("a", two.schema) is None
    assert cache.id_by_schema("a", two.schema) is None
    assert cache.latest("a") is None
    assert cache.registered_by_version("a", 1) == one
    assert cache.latest("b") is not None
    assert cache.schema_by_id("a", 2) == ("g2", two.schema), "an id names the same schema forever"


def test_removing_a_subject_keeps_the_other_subjects() -> None:
    cache = RegistryCache()
    a, b = registered("a", 1, 1), registered("b", 1, 1)
    cache.set_registered(a.schema, a)
    cache.set_registered(b.schema, b)
    cache.remove_subject("a")
    assert cache.registered_by_schema("a", a.schema) is None and cache.id_by_schema("a", a.schema) is None
    assert cache.registered_by_schema("b", b.schema) == b and cache.id_by_schema("b", b.schema) == 1


def test_schemas_are_cached_by_id_per_subject_context_and_by_guid() -> None:
    cache = RegistryCache()
    cache.set_schema("a", 7, "g7", schema(7))
    assert cache.schema_by_id("a", 7) == ("g7", schema(7))
    assert cache.schema_by_id(None, 7) is None
    assert cache.schema_by_guid("g7") == schema(7)
    assert cache.id_by_schema("a", schema(7)) == 7
    cache.clear()
    assert cache.schema_by_id("a", 7) is None and cache.schema_by_guid("g7") is None


def test_deletes_through_the_client_make_it_ask_again() -> None:
    scope = f"cache-{uuid.uuid4().hex}"
    registry = registry_for_scope(scope)
    with SchemaRegistryClient({"url": f"mock://{scope}"}) as client:
        client.register_schema("s", schema(1))
        client.register_schema("s", schema(2))
        assert client.get_version("s", 2).schema_id == 2
        assert client.get_latest_version("s").version == 2
        registry.requests.clear()
        client.get_version("s", 2)
        client.get_latest_version("s")
        assert registry.requests == [], "both answers were cached"

        assert client.delete_version("s", 2) == 2
        with pytest.raises(SchemaRegistryError) as info:
            client.get_version("s", 2)
        assert info.value.error_code == 40402
        assert client.get_latest_version("s").version == 1
        assert client.get_version("s", 2, deleted=True).schema_id == 2

        client.delete_subject("s")
        client.delete_subject("s", permanent=True)
        registry.requests.clear()
        assert client.register_schema("s", schema(1)) == 1
        assert registry.requests == [("POST", "/subjects/s/versions")], "the deleted subject was forgotten"
    registry.reset()
