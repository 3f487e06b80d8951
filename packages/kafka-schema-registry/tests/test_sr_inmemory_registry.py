"""The in-memory registry's REST semantics, asked directly (method, path, query, body)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from kafka_schema_registry._inmemory_registry import InMemoryRegistry, registry_for_scope

RECORD = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
OTHER = json.dumps({"type": "record", "name": "S", "fields": [{"name": "b", "type": "string"}]})


def call(reg: InMemoryRegistry, method: str, path: str, body: Any = None, **query: str) -> tuple[int, Any]:
    return reg.handle(method, path, {k: [v] for k, v in query.items()}, body)


def register(reg: InMemoryRegistry, subject: str, schema: str = RECORD, **extra: Any) -> dict[str, Any]:
    status, answer = call(reg, "POST", f"/subjects/{subject}/versions", {"schema": schema, **extra})
    assert status == 200, answer
    return answer  # type: ignore[no-any-return]


def error_code(answer: tuple[int, Any]) -> tuple[int, int]:
    return answer[0], answer[1]["error_code"]


def test_same_schema_in_two_subjects_gets_one_id_and_versions_count_per_subject() -> None:
    reg = InMemoryRegistry()
    first = register(reg, "a-value")
    again = register(reg, "a-value")
    other_subject = register(reg, "b-value")
    second = register(reg, "a-value", OTHER)
    assert first["id"] == again["id"] == other_subject["id"] == 1
    assert (first["version"], again["version"], other_subject["version"]) == (1, 1, 1)
    assert (second["id"], second["version"]) == (2, 2)
    assert first["guid"] == other_subject["guid"] != second["guid"]
    assert call(reg, "GET", "/schemas/ids/1") == (200, {"schema": RECORD, "guid": first["guid"]})
    assert call(reg, "GET", f"/schemas/guids/{second['guid']}")[1]["id"] == 2


def test_missing_things_answer_the_servers_error_codes() -> None:
    reg = InMemoryRegistry()
    register(reg, "s")
    assert error_code(call(reg, "GET", "/subjects/nope/versions/1")) == (404, 40401)
    assert error_code(call(reg, "GET", "/subjects/s/versions/9")) == (404, 40402)
    assert error_code(call(reg, "GET", "/schemas/ids/99")) == (404, 40403)
    assert error_code(call(reg, "POST", "/subjects/s", {"schema": OTHER})) == (404, 40403)
    assert error_code(call(reg, "GET", "/subjects/s/versions/zero")) == (422, 42202)
    assert error_code(call(reg, "POST", "/subjects/s/versions", {"schema": "{not json"})) == (422, 42201)
    assert error_code(call(reg, "POST", "/subjects/s/versions", {"nothing": 1})) == (422, 42201)
    assert error_code(call(reg, "GET", "/config/s")) == (404, 40408)
    assert error_code(call(reg, "GET", "/mode/s")) == (404, 40409)
    assert error_code(call(reg, "PUT", "/config", {"compatibility": "SIDEWAYS"})) == (422, 42203)
    assert error_code(call(reg, "PUT", "/mode", {"mode": "WRONG"})) == (422, 42204)
    assert call(reg, "GET", "/no/such/route")[0] == 404


def test_soft_delete_hides_versions_and_permanent_delete_needs_a_soft_delete_first() -> None:
    reg = InMemoryRegistry()
    register(reg, "s")
    register(reg, "s", OTHER)
    assert error_code(call(reg, "DELETE", "/subjects/s/versions/1", permanent="true")) == (404, 40407)
    assert call(reg, "DELETE", "/subjects/s/versions/1") == (200, 1)
    assert error_code(call(reg, "DELETE", "/subjects/s/versions/1")) == (404, 40406)
    assert call(reg, "GET", "/subjects/s/versions") == (200, [2])
    assert call(reg, "GET", "/subjects/s/versions", deleted="true") == (200, [1, 2])
    assert error_code(call(reg, "GET", "/subjects/s/versions/1")) == (404, 40402)
    assert call(reg, "GET", "/subjects/s/versions/1", deleted="true")[1]["id"] == 1
    assert call(reg, "DELETE", "/subjects/s/versions/1", permanent="true") == (200, 1)
    assert call(reg, "GET", "/subjects/s/versions", deleted="true") == (200, [2])
    # a new registration after deletes takes the next version number
    assert register(reg, "s")["version"] == 3


def test_subject_delete_soft_then_permanent() -> None:
    reg = InMemoryRegistry()
    register(reg, "s")
    assert error_code(call(reg, "DELETE", "/subjects/s", permanent="true")) == (404, 40405)
    assert call(reg, "DELETE", "/subjects/s") == (200, [1])
    assert error_code(call(reg, "DELETE", "/subjects/s")) == (404, 40404)
    assert call(reg, "GET", "/subjects") == (200, [])
    assert call(reg, "GET", "/subjects", deleted="true") == (200, ["s"])
    assert call(reg, "DELETE", "/subjects/s", permanent="true") == (200, [1])
    assert call(reg, "GET", "/subjects", deleted="true") == (200, [])
    assert error_code(call(reg, "GET", "/subjects/s/versions")) == (404, 40401)


def test_references_are_checked_listed_and_protect_what_they_name() -> None:
    reg = InMemoryRegistry()
    register(reg, "base", OTHER)
    ref = {"name": "S", "subject": "base", "version": 1}
    user = register(reg, "user", RECORD, references=[ref])
    assert call(reg, "GET", "/subjects/base/versions/1/referencedby") == (200, [user["id"]])
    assert call(reg, "GET", f"/schemas/ids/{user['id']}")[1]["references"] == [ref]
    assert error_code(call(reg, "DELETE", "/subjects/base/versions/1")) == (422, 42206)
    bad_ref = {"name": "X", "subject": "missing", "version": 1}
    assert error_code(
        call(reg, "POST", "/subjects/u2/versions", {"schema": RECORD, "references": [bad_ref]})
    ) == (
        422,
        42201,
    )


def test_config_and_mode_are_stored_per_subject_and_globally() -> None:
    reg = InMemoryRegistry()
    assert call(reg, "GET", "/config") == (200, {"compatibilityLevel": "BACKWARD"})
    assert call(reg, "PUT", "/config/s", {"compatibility": "FULL", "normalize": True})[0] == 200
    assert call(reg, "GET", "/config/s") == (200, {"compatibilityLevel": "FULL", "normalize": True})
    assert call(reg, "DELETE", "/config/s")[0] == 200
    assert call(reg, "GET", "/config/s", defaultToGlobal="true") == (200, {"compatibilityLevel": "BACKWARD"})
    assert call(reg, "PUT", "/mode/s", {"mode": "READONLY"}) == (200, {"mode": "READONLY"})
    assert error_code(call(reg, "POST", "/subjects/s/versions", {"schema": RECORD})) == (422, 42205)
    assert call(reg, "DELETE", "/mode/s") == (200, {"mode": "READONLY"})
    assert register(reg, "s")["version"] == 1
    assert call(reg, "GET", "/mode") == (200, {"mode": "READWRITE"})


def test_latest_with_metadata_matches_properties() -> None:
    reg = InMemoryRegistry()
    register(reg, "s", RECORD, metadata={"properties": {"owner": "a"}})
    register(reg, "s", OTHER, metadata={"properties": {"owner": "b"}})
    status, answer = reg.handle("GET", "/subjects/s/metadata", {"key": ["owner"], "value": ["a"]}, None)
    assert (status, answer["version"]) == (200, 1)
    assert error_code(
        reg.handle("GET", "/subjects/s/metadata", {"key": ["owner"], "value": ["z"]}, None)
    ) == (
        404,
        40403,
    )


def test_mock_scopes_are_shared_by_name_and_separate_between_names() -> None:
    assert registry_for_scope("sr-test-scope-a") is registry_for_scope("sr-test-scope-a")
    assert registry_for_scope("sr-test-scope-a") is not registry_for_scope("sr-test-scope-b")


@pytest.mark.parametrize("path", ["/subjects/a%2Fb/versions", "/subjects/a%2Fb/versions/"])
def test_url_encoded_subject_names_are_decoded(path: str) -> None:
    reg = InMemoryRegistry()
    status, answer = reg.handle("POST", path, {}, {"schema": RECORD})
    assert status == 200 and answer["subject"] == "a/b"
