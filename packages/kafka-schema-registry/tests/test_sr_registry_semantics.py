"""More of the in-memory registry's server semantics: IMPORT mode, the compatibility checker
hook, data-contract defaults and overrides from config, contexts, soft-deleted listings, and
what a rejected registration leaves behind (nothing)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kafka_schema_registry._inmemory_registry import InMemoryRegistry

RECORD = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
WIDER = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]})
OTHER = json.dumps({"type": "record", "name": "S", "fields": [{"name": "b", "type": "string"}]})


def call(reg: InMemoryRegistry, method: str, path: str, body: Any = None, **query: str) -> tuple[int, Any]:
    return reg.handle(method, path, {k: [v] for k, v in query.items()}, body)


def test_import_mode_registers_under_the_given_id_and_only_then() -> None:
    reg = InMemoryRegistry()
    assert call(reg, "POST", "/subjects/s/versions", {"schema": RECORD, "id": 42}) == (
        422,
        {"error_code": 42205, "message": "Registering a schema with an id requires IMPORT mode"},
    )
    assert call(reg, "PUT", "/mode", {"mode": "IMPORT"}) == (200, {"mode": "IMPORT"})
    status, answer = call(reg, "POST", "/subjects/s/versions", {"schema": RECORD, "id": 42})
    assert (status, answer["id"], answer["version"]) == (200, 42, 1)
    call(reg, "PUT", "/mode", {"mode": "READWRITE"})
    assert call(reg, "POST", "/subjects/t/versions", {"schema": OTHER})[1]["id"] == 43, (
        "ids continue after 42"
    )


def test_import_mode_needs_force_when_schemas_exist() -> None:
    reg = InMemoryRegistry()
    call(reg, "POST", "/subjects/s/versions", {"schema": RECORD})
    assert call(reg, "PUT", "/mode", {"mode": "IMPORT"})[1]["error_code"] == 42205
    assert call(reg, "PUT", "/mode", {"mode": "IMPORT"}, force="true") == (200, {"mode": "IMPORT"})


def test_the_compatibility_checker_decides_by_level_and_a_rejection_leaves_nothing() -> None:
    seen: list[tuple[str, int]] = []

    def narrower_is_incompatible(
        new: Mapping[str, Any], previous: Sequence[Mapping[str, Any]], level: str
    ) -> list[str]:
        seen.append((level, len(previous)))
        return (
            ["field a: long cannot be read as int"]
            if '"int"' in new["schema"] and "long" in str(previous)
            else []
        )

    reg = InMemoryRegistry(compatibility_checker=narrower_is_incompatible)
    assert call(reg, "POST", "/subjects/s/versions", {"schema": WIDER})[0] == 200
    status, answer = call(reg, "POST", "/subjects/s/versions", {"schema": RECORD})
    assert (status, answer["error_code"]) == (409, 40901)
    assert "long cannot be read as int" in answer["message"]
    assert call(reg, "GET", "/subjects/s/versions") == (200, [1])
    assert call(reg, "GET", "/schemas/ids/2")[1]["error_code"] == 40403, "the rejected schema got no id"
    assert call(
        reg, "POST", "/compatibility/subjects/s/versions/latest", {"schema": RECORD}, verbose="true"
    ) == (
        200,
        {"is_compatible": False, "messages": ["field a: long cannot be read as int"]},
    )
    call(reg, "PUT", "/config/s", {"compatibility": "NONE"})
    assert call(reg, "POST", "/subjects/s/versions", {"schema": RECORD})[1]["version"] == 2
    assert seen == [("BACKWARD", 1), ("BACKWARD", 1)], "NONE skips the checker; no previous version, no check"


def test_a_rejected_first_registration_does_not_create_the_subject() -> None:
    reg = InMemoryRegistry()
    assert call(reg, "POST", "/subjects/new/versions", {"schema": "{not json"})[1]["error_code"] == 42201
    assert call(reg, "POST", "/subjects/new/versions", {"schema": RECORD, "id": 7})[1]["error_code"] == 42205
    assert call(reg, "GET", "/subjects") == (200, [])
    assert call(reg, "DELETE", "/config/new")[1]["error_code"] == 40401


def test_config_defaults_fill_in_and_overrides_win_over_what_is_registered() -> None:
    reg = InMemoryRegistry()
    config = {
        "defaultMetadata": {"properties": {"owner": "team-a", "tier": "gold"}},
        "overrideMetadata": {"properties": {"tier": "silver"}},
        "defaultRuleSet": {
            "domainRules": [{"name": "check", "kind": "CONDITION", "type": "CEL", "expr": "true"}]
        },
    }
    assert call(reg, "PUT", "/config/s", config)[0] == 200
    first = call(reg, "POST", "/subjects/s/versions", {"schema": RECORD})[1]
    assert first["metadata"] == {"properties": {"owner": "team-a", "tier": "silver"}}
    assert [r["name"] for r in first["ruleSet"]["domainRules"]] == ["check"]
    own = {"properties": {"owner": "team-b"}}
    second = call(reg, "POST", "/subjects/s/versions", {"schema": OTHER, "metadata": own})[1]
    assert second["metadata"] == {"properties": {"owner": "team-b", "tier": "silver"}}
    assert second["ruleSet"] == first["ruleSet"], "a version without rules keeps the previous version's"
    assert call(reg, "GET", "/subjects/s/metadata", key="owner", value="team-b")[1]["version"] == 2
    assert call(reg, "GET", "/subjects/s/metadata", key="owner", value="team-c")[1]["error_code"] == 40403


def test_contexts_come_from_qualified_subject_names() -> None:
    reg = InMemoryRegistry()
    call(reg, "POST", "/subjects/:.staging:orders-value/versions", {"schema": RECORD})
    call(reg, "POST", "/subjects/orders-value/versions", {"schema": RECORD})
    assert call(reg, "GET", "/contexts") == (200, [".", ".staging"])


def test_soft_deleted_subjects_and_versions_are_listed_only_when_asked() -> None:
    reg = InMemoryRegistry()
    call(reg, "POST", "/subjects/a/versions", {"schema": RECORD})
    call(reg, "POST", "/subjects/a/versions", {"schema": OTHER})
    call(reg, "POST", "/subjects/b/versions", {"schema": RECORD})
    call(reg, "DELETE", "/subjects/b")
    call(reg, "DELETE", "/subjects/a/versions/1")
    assert call(reg, "GET", "/subjects")[1] == ["a"]
    assert call(reg, "GET", "/subjects", deleted="true")[1] == ["a", "b"]
    assert call(reg, "GET", "/subjects", deleted_only="true")[1] == ["a", "b"]
    assert call(reg, "GET", "/subjects/a/versions")[1] == [2]
    assert call(reg, "GET", "/subjects/a/versions", deleted="true")[1] == [1, 2]
    assert call(reg, "GET", "/subjects/a/versions", deleted_only="true")[1] == [1]
    assert call(reg, "GET", "/subjects", subjectPrefix="b", deleted="true")[1] == ["b"]
    assert call(reg, "GET", "/subjects", deleted="true", offset="1", limit="1")[1] == ["b"]


def test_the_request_log_keeps_only_the_latest_requests() -> None:
    reg = InMemoryRegistry()
    for _ in range(10_050):
        call(reg, "GET", "/subjects")
    assert 5_000 <= len(reg.requests) <= 10_000
    assert reg.requests[-1] == ("GET", "/subjects")
