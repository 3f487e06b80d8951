"""An in-memory Schema Registry server: the REST API's semantics, without HTTP.

``InMemoryRegistry.handle(method, raw_path, query, body)`` answers one REST
request with ``(status, json)`` the way the Confluent Schema Registry does:
global schema ids (one schema registered in two subjects keeps one id and one
GUID), versions per subject, soft-deleted versions hidden unless asked for,
permanent deletes only after soft deletes, references and referenced-by,
config (compatibility level, normalize, group, default and override metadata
and rule sets) and mode storage, contexts, associations, and the registry's
error codes (40401 subject not found, 40402 version not found, 40403 schema
not found, 40404/40405 subject (not) soft-deleted, 40406/40407 version (not)
soft-deleted, 40408/40409 no subject-level config/mode, 42201 invalid schema,
42202 invalid version, 42203 invalid compatibility level, 42204 invalid mode,
42205 operation not permitted, 42206 reference exists).

``mock://scope`` URLs reach the registry of that scope (``registry_for_scope``)
through ``_inmemory_transport``; tests serve the same object over real HTTP.
Compatibility is not evaluated (no schema format is known here) unless a
``compatibility_checker`` is given. Thread-safe.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

__all__ = ["CompatibilityChecker", "InMemoryRegistry", "RegistryReject", "registry_for_scope"]

_LEVELS = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)
_MODES = ("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT")
_TYPES = ("AVRO", "JSON", "PROTOBUF")
_MAX_VERSION = 2**31 - 1
_MAX_LOGGED_REQUESTS = 10_000

CompatibilityChecker = Callable[[Mapping[str, Any], Sequence[Mapping[str, Any]], str], list[str]]
"""``(new_schema, previous_schemas, level) -> messages``; no message means compatible."""


class RegistryReject(Exception):
    """An error answer: HTTP ``status`` with the registry's ``error_code`` and ``message``."""

    def __init__(self, status: int, error_code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message


@dataclass
class _Stored:
    schema_id: int
    guid: str
    body: dict[str, Any]
    content_key: str
    """The schema's identity without metadata and rule set (see ``_content_key``)."""


@dataclass
class _Version:
    version: int
    schema_id: int
    deleted: bool = False


@dataclass
class _Association:
    subject: str
    guid: str | None
    resource_name: str
    resource_namespace: str
    resource_id: str
    resource_type: str
    association_type: str
    lifecycle: str | None
    frozen: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "guid": self.guid,
            "resourceName": self.resource_name,
            "resourceNamespace": self.resource_namespace,
            "resourceId": self.resource_id,
            "resourceType": self.resource_type,
            "associationType": self.association_type,
            "frozen": self.frozen,
        }


@dataclass
class _State:
    schemas: dict[int, _Stored] = field(default_factory=dict)
    ids_by_key: dict[str, int] = field(default_factory=dict)
    ids_by_guid: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, list[_Version]] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=lambda: {"compatibilityLevel": "BACKWARD"})
    subject_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    mode: str = "READWRITE"
    subject_modes: dict[str, str] = field(default_factory=dict)
    associations: list[_Association] = field(default_factory=list)
    next_id: int = 1
    uses: dict[int, int] = field(default_factory=dict)
    """How many versions (soft-deleted ones included) hold each schema id."""


def _flag(query: Mapping[str, list[str]], name: str) -> bool:
    values = query.get(name)
    return values[-1].lower() == "true" if values else False


def _one(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _page(items: list[Any], query: Mapping[str, list[str]]) -> list[Any]:
    try:
        offset = int(_one(query, "offset") or 0)
        limit = int(_one(query, "limit") or -1)
    except ValueError:
        raise RegistryReject(422, 42200, "offset and limit must be integers") from None
    items = items[max(offset, 0) :]
    return items if limit < 0 else items[:limit]


def _canonical(body: Mapping[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def _subject_not_found(subject: str) -> RegistryReject:
    return RegistryReject(404, 40401, f"Subject '{subject}' not found.")


class InMemoryRegistry:
    """The Schema Registry's REST semantics in memory; see the module docstring."""

    def __init__(self, compatibility_checker: CompatibilityChecker | None = None) -> None:
        self._lock = threading.RLock()
        self._state = _State()
        self.compatibility_checker = compatibility_checker
        self.requests: list[tuple[str, str]] = []
        """The (method, decoded path) of the requests handled, oldest first (the last ones only)."""

    def reset(self) -> None:
        """Forget every schema, config, mode, association and logged request."""
        with self._lock:
            self._state = _State()
            self.requests.clear()

    # -- entry point -------------------------------------------------------------------------
    def handle(
        self, method: str, raw_path: str, query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        """Answer one REST request: ``raw_path`` percent-encoded, ``body`` the decoded JSON (or None)."""
        segments = [unquote(s) for s in raw_path.strip("/").split("/") if s]
        with self._lock:
            if len(self.requests) >= _MAX_LOGGED_REQUESTS:
                del self.requests[: _MAX_LOGGED_REQUESTS // 2]
            self.requests.append((method, "/" + "/".join(segments)))
            try:
                return self._route(method.upper(), segments, query, body)
            except RegistryReject as reject:
                return reject.status, {"error_code": reject.error_code, "message": reject.message}

    def _route(
        self, method: str, seg: list[str], query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        n = len(seg)
        head = seg[0] if seg else ""
        if head == "schemas" and n >= 2:
            if seg[1] == "types" and n == 2 and method == "GET":
                return 200, list(_TYPES)
            if seg[1] == "ids" and n in (3, 4) and method == "GET":
                schema_id = self._parse_id(seg[2])
                if n == 3:
                    return 200, self._schema_by_id(schema_id, query)
                if seg[3] == "subjects":
                    return 200, self._subjects_of_id(schema_id, query)
                if seg[3] == "versions":
                    return 200, self._versions_of_id(schema_id, query)
            if seg[1] == "guids" and n == 3 and method == "GET":
                by_guid = self._state.ids_by_guid.get(seg[2])
                if by_guid is None or not self._id_in_use(by_guid):
                    raise RegistryReject(404, 40403, f"Schema {seg[2]} not found")
                return 200, self._schema_json(self._state.schemas[by_guid], with_id=True)
        elif head == "subjects":
            return self._route_subjects(method, seg, query, body)
        elif head == "config" and n <= 2:
            return self._route_config(method, seg[1] if n == 2 else None, query, body)
        elif head == "mode" and n <= 2:
            return self._route_mode(method, seg[1] if n == 2 else None, query, body)
        elif head == "compatibility" and n in (4, 5) and seg[1] == "subjects" and seg[3] == "versions":
            if method == "POST":
                return 200, self._compatibility(seg[2], seg[4] if n == 5 else None, query, body)
        elif head == "contexts" and n == 1 and method == "GET":
            return 200, _page(self._contexts(), query)
        elif head == "associations":
            return self._route_associations(method, seg, query, body)
        raise RegistryReject(404, 404, f"HTTP 404 Not Found: {method} /{'/'.join(seg)}")

    def _route_subjects(
        self, method: str, seg: list[str], query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        n = len(seg)
        if n == 1 and method == "GET":
            return 200, self._list_subjects(query)
        if n < 2:
            raise RegistryReject(405, 405, "HTTP 405 Method Not Allowed")
        subject = seg[1]
        if n == 2 and method == "POST":
            return 200, self._lookup(subject, query, body)
        if n == 2 and method == "DELETE":
            return 200, self._delete_subject(subject, _flag(query, "permanent"))
        if n == 3 and seg[2] == "versions":
            if method == "GET":
                return 200, self._list_versions(subject, query)
            if method == "POST":
                return 200, self._register(subject, query, body)
        if n == 3 and seg[2] == "metadata" and method == "GET":
            return 200, self._latest_with_metadata(subject, query)
        if n == 4 and seg[2] == "versions":
            if method == "GET":
                row = self._resolve_version(subject, seg[3], deleted=_flag(query, "deleted"))
                return 200, self._version_json(subject, row)
            if method == "DELETE":
                return 200, self._delete_version(subject, seg[3], _flag(query, "permanent"))
        if n == 5 and seg[2] == "versions" and seg[4] == "referencedby" and method == "GET":
            row = self._resolve_version(subject, seg[3], deleted=True)
            return 200, _page(self._referenced_by(subject, row.version), query)
        raise RegistryReject(404, 404, f"HTTP 404 Not Found: {method} /{'/'.join(seg)}")

    # -- schemas -----------------------------------------------------------------------------
    @staticmethod
    def _parse_id(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise RegistryReject(404, 40403, f"Schema {text} not found") from None

    def _stored(self, schema_id: int) -> _Stored:
        stored = self._state.schemas.get(schema_id)
        if stored is None or not self._id_in_use(schema_id):
            raise RegistryReject(404, 40403, f"Schema {schema_id} not found")
        return stored

    def _id_in_use(self, schema_id: int) -> bool:
        return self._state.uses.get(schema_id, 0) > 0

    def _count_use(self, schema_id: int, delta: int) -> None:
        self._state.uses[schema_id] = self._state.uses.get(schema_id, 0) + delta

    def _schema_json(self, stored: _Stored, *, with_id: bool = False) -> dict[str, Any]:
        body = stored.body
        out: dict[str, Any] = {"schema": body["schema"]}
        if body["schemaType"] != "AVRO":
            out["schemaType"] = body["schemaType"]
        if body["references"]:
            out["references"] = [dict(r) for r in body["references"]]
        if body.get("metadata") is not None:
            out["metadata"] = body["metadata"]
        if body.get("ruleSet") is not None:
            out["ruleSet"] = body["ruleSet"]
        if with_id:
            out["id"] = stored.schema_id
        out["guid"] = stored.guid
        return out

    def _schema_by_id(self, schema_id: int, query: Mapping[str, list[str]]) -> dict[str, Any]:
        return self._schema_json(self._stored(schema_id))

    def _subjects_of_id(self, schema_id: int, query: Mapping[str, list[str]]) -> list[str]:
        self._stored(schema_id)
        pairs = self._pairs_of_id(schema_id, query)
        return _page(sorted({subject for subject, _ in pairs}), query)

    def _versions_of_id(self, schema_id: int, query: Mapping[str, list[str]]) -> list[dict[str, Any]]:
        self._stored(schema_id)
        pairs = self._pairs_of_id(schema_id, query)
        return _page([{"subject": s, "version": v} for s, v in sorted(pairs)], query)

    def _pairs_of_id(self, schema_id: int, query: Mapping[str, list[str]]) -> list[tuple[str, int]]:
        deleted = _flag(query, "deleted")
        only = _one(query, "subject")
        return [
            (subject, row.version)
            for subject, rows in self._state.subjects.items()
            for row in rows
            if row.schema_id == schema_id
            and (deleted or not row.deleted)
            and (only is None or only == subject)
        ]

    # -- registration and lookup -----------------------------------------------------------
    def _parse_schema(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise RegistryReject(422, 42201, "Invalid schema: the request body must be a JSON object")
        text = body.get("schema")
        if not isinstance(text, str) or not text.strip():
            raise RegistryReject(422, 42201, "Invalid schema: empty schema")
        schema_type = body.get("schemaType") or "AVRO"
        if not isinstance(schema_type, str) or schema_type.upper() not in _TYPES:
            raise RegistryReject(422, 42201, f"Invalid schema: unknown schema type {schema_type!r}")
        schema_type = schema_type.upper()
        if schema_type in ("AVRO", "JSON"):
            try:
                json.loads(text)
            except ValueError as exc:
                raise RegistryReject(422, 42201, f"Invalid schema: not valid JSON ({exc})") from None
        references = []
        for ref in body.get("references") or []:
            if not isinstance(ref, dict) or not all(k in ref for k in ("name", "subject", "version")):
                raise RegistryReject(
                    422, 42201, "Invalid schema: a reference needs name, subject and version"
                )
            references.append({"name": ref["name"], "subject": ref["subject"], "version": ref["version"]})
            self._resolve_version(str(ref["subject"]), str(ref["version"]), deleted=False, missing_code=42201)
        metadata = body.get("metadata")
        rule_set = body.get("ruleSet")
        for name, value in (("metadata", metadata), ("ruleSet", rule_set)):
            if value is not None and not isinstance(value, dict):
                raise RegistryReject(422, 42201, f"Invalid schema: {name} must be a JSON object")
        return {
            "schema": text,
            "schemaType": schema_type,
            "references": references,
            "metadata": metadata or None,
            "ruleSet": rule_set or None,
        }

    @staticmethod
    def _identity(body: Mapping[str, Any]) -> str:
        text = body["schema"]
        if body["schemaType"] in ("AVRO", "JSON"):
            text = json.dumps(json.loads(text), separators=(",", ":"))
        return _canonical({**body, "schema": text})

    @classmethod
    def _content_key(cls, body: Mapping[str, Any]) -> str:
        return cls._identity({**body, "metadata": None, "ruleSet": None})

    def _live_rows(self, subject: str) -> list[_Version]:
        return [row for row in self._state.subjects.get(subject, []) if not row.deleted]

    def _effective(self, subject: str, key: str) -> Any:
        value = self._state.subject_configs.get(subject, {}).get(key)
        return value if value is not None else self._state.config.get(key)

    def _effective_mode(self, subject: str) -> str:
        return self._state.subject_modes.get(subject, self._state.mode)

    @staticmethod
    def _merge_metadata(base: dict[str, Any] | None, over: dict[str, Any] | None) -> dict[str, Any] | None:
        if over is None:
            return base
        if base is None:
            return over
        merged: dict[str, Any] = {}
        for key in ("tags", "properties"):
            combined = {**(base.get(key) or {}), **(over.get(key) or {})}
            if combined:
                merged[key] = combined
        sensitive = sorted(set(base.get("sensitive") or []) | set(over.get("sensitive") or []))
        if sensitive:
            merged["sensitive"] = sensitive
        return merged

    @staticmethod
    def _merge_rules(base: dict[str, Any] | None, over: dict[str, Any] | None) -> dict[str, Any] | None:
        if over is None:
            return base
        if base is None:
            return over
        merged: dict[str, Any] = {}
        for key in ("migrationRules", "domainRules", "encodingRules"):
            rules = {r.get("name"): r for r in base.get(key) or []}
            rules.update({r.get("name"): r for r in over.get(key) or []})
            if rules:
                merged[key] = list(rules.values())
        return merged

    def _apply_config(self, subject: str, body: dict[str, Any]) -> dict[str, Any]:
        live = self._live_rows(subject)
        previous = self._state.schemas[live[-1].schema_id].body if live else None
        metadata = body["metadata"]
        if metadata is None:
            metadata = previous["metadata"] if previous else self._effective(subject, "defaultMetadata")
        rule_set = body["ruleSet"]
        if rule_set is None:
            rule_set = previous["ruleSet"] if previous else self._effective(subject, "defaultRuleSet")
        metadata = self._merge_metadata(metadata, self._effective(subject, "overrideMetadata"))
        rule_set = self._merge_rules(rule_set, self._effective(subject, "overrideRuleSet"))
        return {**body, "metadata": metadata or None, "ruleSet": rule_set or None}

    @staticmethod
    def _same_schema(stored: _Stored, wanted: Mapping[str, Any], wanted_key: str) -> bool:
        """Same text, type and references; and same metadata and rule set where ``wanted`` has them."""
        if stored.content_key != wanted_key:
            return False
        return all(wanted[k] is None or wanted[k] == stored.body[k] for k in ("metadata", "ruleSet"))

    def _register(self, subject: str, query: Mapping[str, list[str]], body: Any) -> dict[str, Any]:
        mode = self._effective_mode(subject)
        if mode in ("READONLY", "READONLY_OVERRIDE"):
            raise RegistryReject(422, 42205, f"Subject {subject} is in read-only mode")
        wanted = self._parse_schema(body)
        wanted_key = self._content_key(wanted)
        rows = self._state.subjects.get(subject, [])
        for row in reversed([r for r in rows if not r.deleted]):
            stored = self._state.schemas[row.schema_id]
            if self._same_schema(stored, wanted, wanted_key):
                return self._registration_json(subject, row, stored)
        final = self._apply_config(subject, wanted)
        key = self._identity(final)
        schema_id = self._state.ids_by_key.get(key)
        requested_id = body.get("id") if isinstance(body, dict) else None
        if requested_id is not None:
            if mode != "IMPORT":
                raise RegistryReject(422, 42205, "Registering a schema with an id requires IMPORT mode")
            schema_id = int(requested_id)
        self._check_compatible(subject, final)
        if schema_id is None:
            schema_id = self._state.next_id
        if schema_id not in self._state.schemas:
            guid = str(uuid.uuid4())
            self._state.schemas[schema_id] = _Stored(schema_id, guid, final, self._content_key(final))
            self._state.ids_by_key[key] = schema_id
            self._state.ids_by_guid[guid] = schema_id
        self._state.next_id = max(self._state.next_id, schema_id + 1)
        row = _Version(max((r.version for r in rows), default=0) + 1, schema_id)
        self._state.subjects[subject] = [*rows, row]
        self._count_use(schema_id, 1)
        return self._registration_json(subject, row, self._state.schemas[schema_id])

    def _registration_json(self, subject: str, row: _Version, stored: _Stored) -> dict[str, Any]:
        return {
            "subject": subject,
            "version": row.version,
            "id": stored.schema_id,
            **self._schema_json(stored),
        }

    def _check_compatible(self, subject: str, body: Mapping[str, Any]) -> None:
        messages = self._compatibility_messages(subject, body, self._live_rows(subject))
        if messages:
            raise RegistryReject(
                409,
                40901,
                "Schema being registered is incompatible with an earlier schema: " + "; ".join(messages),
            )

    def _compatibility_messages(
        self, subject: str, body: Mapping[str, Any], rows: list[_Version]
    ) -> list[str]:
        level = str(self._effective(subject, "compatibilityLevel") or "BACKWARD")
        if self.compatibility_checker is None or level == "NONE" or not rows:
            return []
        if not level.endswith("_TRANSITIVE"):
            rows = rows[-1:]
        previous = [self._state.schemas[r.schema_id].body for r in rows]
        return list(self.compatibility_checker(body, previous, level))

    def _lookup(self, subject: str, query: Mapping[str, list[str]], body: Any) -> dict[str, Any]:
        deleted = _flag(query, "deleted")
        rows = [r for r in self._state.subjects.get(subject, []) if deleted or not r.deleted]
        if not rows:
            raise _subject_not_found(subject)
        wanted = self._parse_schema(body)
        wanted_key = self._content_key(wanted)
        for row in reversed(rows):
            stored = self._state.schemas[row.schema_id]
            if self._same_schema(stored, wanted, wanted_key):
                return self._registration_json(subject, row, stored)
        raise RegistryReject(404, 40403, "Schema not found")

    # -- subjects and versions ----------------------------------------------------------------
    def _list_subjects(self, query: Mapping[str, list[str]]) -> list[str]:
        prefix = _one(query, "subjectPrefix") or ""
        deleted, deleted_only = _flag(query, "deleted"), _flag(query, "deleted_only")
        out = []
        for subject, rows in self._state.subjects.items():
            if not subject.startswith(prefix) or not rows:
                continue
            live = any(not r.deleted for r in rows)
            soft = any(r.deleted for r in rows)
            if (deleted_only and soft) or (not deleted_only and (live or (deleted and soft))):
                out.append(subject)
        return _page(sorted(out), query)

    def _list_versions(self, subject: str, query: Mapping[str, list[str]]) -> list[int]:
        rows = self._state.subjects.get(subject, [])
        deleted, deleted_only = _flag(query, "deleted"), _flag(query, "deleted_only")
        if deleted_only:
            picked = [r.version for r in rows if r.deleted]
        else:
            picked = [r.version for r in rows if deleted or not r.deleted]
        if not picked and not (deleted_only and rows):
            raise _subject_not_found(subject)
        return _page(picked, query)

    def _resolve_version(
        self, subject: str, text: str, *, deleted: bool, missing_code: int | None = None
    ) -> _Version:
        rows = self._state.subjects.get(subject, [])
        visible = [r for r in rows if deleted or not r.deleted]
        if not visible:
            if missing_code is not None:
                raise RegistryReject(
                    422, missing_code, f"Invalid schema: reference to unknown subject {subject!r}"
                )
            raise _subject_not_found(subject)
        if text in ("latest", "-1"):
            return visible[-1]
        try:
            version = int(text)
            if not 1 <= version <= _MAX_VERSION:
                raise ValueError
        except ValueError:
            raise RegistryReject(
                422,
                42202,
                f"The specified version '{text}' is not a valid version id. "
                'Allowed values are between [1, 2^31-1] and the string "latest"',
            ) from None
        for row in visible:
            if row.version == version:
                return row
        if missing_code is not None:
            raise RegistryReject(
                422, missing_code, f"Invalid schema: reference to unknown version {version} of {subject!r}"
            )
        raise RegistryReject(404, 40402, f"Version {version} not found.")

    def _version_json(self, subject: str, row: _Version) -> dict[str, Any]:
        return self._registration_json(subject, row, self._state.schemas[row.schema_id])

    def _latest_with_metadata(self, subject: str, query: Mapping[str, list[str]]) -> dict[str, Any]:
        deleted = _flag(query, "deleted")
        rows = [r for r in self._state.subjects.get(subject, []) if deleted or not r.deleted]
        if not rows:
            raise _subject_not_found(subject)
        wanted = dict(zip(query.get("key", []), query.get("value", []), strict=False))
        for row in reversed(rows):
            stored = self._state.schemas[row.schema_id]
            properties = (stored.body.get("metadata") or {}).get("properties") or {}
            if all(properties.get(k) == v for k, v in wanted.items()):
                return self._version_json(subject, row)
        raise RegistryReject(404, 40403, f"Schema with metadata {wanted} not found in subject '{subject}'")

    def _referenced_by(self, subject: str, version: int) -> list[int]:
        ids = {
            row.schema_id
            for rows in self._state.subjects.values()
            for row in rows
            if not row.deleted
            and any(
                ref["subject"] == subject and int(ref["version"]) == version
                for ref in self._state.schemas[row.schema_id].body["references"]
            )
        }
        return sorted(ids)

    def _reject_if_referenced(self, subject: str, versions: list[int]) -> None:
        for version in versions:
            ids = self._referenced_by(subject, version)
            if ids:
                raise RegistryReject(
                    422,
                    42206,
                    f"One or more references exist to the schema {{subject={subject},version={version}}}",
                )

    def _delete_subject(self, subject: str, permanent: bool) -> list[int]:
        rows = self._state.subjects.get(subject)
        if not rows:
            raise _subject_not_found(subject)
        if self._effective_mode(subject) == "READONLY":
            raise RegistryReject(422, 42205, f"Subject {subject} is in read-only mode")
        live = [r for r in rows if not r.deleted]
        if permanent:
            if live:
                raise RegistryReject(
                    404, 40405, f"Subject '{subject}' was not deleted first before being permanently deleted"
                )
            del self._state.subjects[subject]
            for row in rows:
                self._count_use(row.schema_id, -1)
            return [r.version for r in rows]
        if not live:
            raise RegistryReject(
                404, 40404, f"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently"
            )
        self._reject_if_referenced(subject, [r.version for r in live])
        for row in live:
            row.deleted = True
        return [r.version for r in live]

    def _delete_version(self, subject: str, text: str, permanent: bool) -> int:
        row = self._resolve_version(subject, text, deleted=True)
        if text in ("latest", "-1") and not permanent:
            row = self._resolve_version(subject, text, deleted=False)
        if permanent:
            if not row.deleted:
                raise RegistryReject(
                    404,
                    40407,
                    f"Subject '{subject}' Version {row.version} was not deleted first "
                    "before being permanently deleted",
                )
            rows = self._state.subjects[subject]
            rows.remove(row)
            self._count_use(row.schema_id, -1)
            if not rows:
                del self._state.subjects[subject]
            return row.version
        if row.deleted:
            raise RegistryReject(
                404,
                40406,
                f"Subject '{subject}' Version {row.version} was soft deleted."
                "Set permanent=true to delete permanently",
            )
        self._reject_if_referenced(subject, [row.version])
        row.deleted = True
        return row.version

    # -- compatibility, config, mode, contexts --------------------------------------------------
    def _compatibility(
        self, subject: str, version: str | None, query: Mapping[str, list[str]], body: Any
    ) -> dict[str, Any]:
        wanted = self._parse_schema(body)
        if version is None:
            rows = self._live_rows(subject)
        else:
            rows = [self._resolve_version(subject, version, deleted=False)]
        messages = self._compatibility_messages(subject, wanted, rows) if rows else []
        answer: dict[str, Any] = {"is_compatible": not messages}
        if _flag(query, "verbose"):
            answer["messages"] = messages
        return answer

    def _route_config(
        self, method: str, subject: str | None, query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        state = self._state
        if method == "GET":
            if subject is None:
                return 200, dict(state.config)
            config = state.subject_configs.get(subject)
            if config is None:
                if _flag(query, "defaultToGlobal"):
                    return 200, dict(state.config)
                raise RegistryReject(
                    404, 40408, f"Subject '{subject}' does not have subject-level compatibility configured"
                )
            return 200, dict(config)
        if method == "PUT":
            if not isinstance(body, dict):
                raise RegistryReject(422, 42203, "Invalid config: the request body must be a JSON object")
            update = dict(body)
            level = update.pop("compatibility", None) or update.pop("compatibilityLevel", None)
            if level is not None:
                if not isinstance(level, str) or level.upper() not in _LEVELS:
                    raise RegistryReject(
                        422,
                        42203,
                        f"Invalid compatibility level {level!r}. Valid values are {', '.join(_LEVELS)}",
                    )
                update["compatibilityLevel"] = level.upper()
            target = state.config if subject is None else state.subject_configs.setdefault(subject, {})
            target.update({k: v for k, v in update.items() if v is not None})
            echo = dict(body)
            if level is not None:
                echo.pop("compatibilityLevel", None)
                echo["compatibility"] = level.upper()
            return 200, echo
        if method == "DELETE":
            if subject is None:
                previous = state.config
                state.config = {"compatibilityLevel": "BACKWARD"}
                return 200, dict(previous)
            config = state.subject_configs.pop(subject, None)
            if config is None:
                if subject not in state.subjects:
                    raise _subject_not_found(subject)
                raise RegistryReject(
                    404, 40408, f"Subject '{subject}' does not have subject-level compatibility configured"
                )
            return 200, dict(config)
        raise RegistryReject(405, 405, "HTTP 405 Method Not Allowed")

    def _route_mode(
        self, method: str, subject: str | None, query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        state = self._state
        if method == "GET":
            if subject is None:
                return 200, {"mode": state.mode}
            mode = state.subject_modes.get(subject)
            if mode is None:
                if _flag(query, "defaultToGlobal"):
                    return 200, {"mode": state.mode}
                raise RegistryReject(
                    404, 40409, f"Subject '{subject}' does not have subject-level mode configured"
                )
            return 200, {"mode": mode}
        if method == "PUT":
            mode = body.get("mode") if isinstance(body, dict) else None
            if not isinstance(mode, str) or mode.upper() not in _MODES:
                raise RegistryReject(
                    422, 42204, f"Invalid mode {mode!r}. Valid values are {', '.join(_MODES)}"
                )
            mode = mode.upper()
            if mode == "IMPORT" and not _flag(query, "force"):
                has_schemas = bool(state.subjects) if subject is None else bool(state.subjects.get(subject))
                if has_schemas:
                    raise RegistryReject(422, 42205, "Cannot import since found existing subjects")
            if subject is None:
                state.mode = mode
            else:
                state.subject_modes[subject] = mode
            return 200, {"mode": mode}
        if method == "DELETE" and subject is not None:
            previous = state.subject_modes.pop(subject, None)
            if previous is None:
                raise RegistryReject(
                    404, 40409, f"Subject '{subject}' does not have subject-level mode configured"
                )
            return 200, {"mode": previous}
        raise RegistryReject(405, 405, "HTTP 405 Method Not Allowed")

    def _contexts(self) -> list[str]:
        contexts = {"."}
        for subject in self._state.subjects:
            if subject.startswith(":.") and subject.count(":") >= 2:
                contexts.add(subject[1 : subject.index(":", 1)])
        return sorted(contexts)

    # -- associations ---------------------------------------------------------------------------------
    def _route_associations(
        self, method: str, seg: list[str], query: Mapping[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        if len(seg) == 1 and method == "POST":
            return 200, self._create_associations(body)
        types = query.get("associationType") or None
        resource_type = _one(query, "resourceType")

        def wanted(a: _Association) -> bool:
            return (resource_type is None or a.resource_type == resource_type) and (
                types is None or a.association_type in types
            )

        if len(seg) == 4 and seg[1] == "resources" and method == "GET":
            namespace, name = seg[2], seg[3]
            found = [
                a.to_json()
                for a in self._state.associations
                if a.resource_namespace == namespace and a.resource_name == name and wanted(a)
            ]
            return 200, _page(found, query)
        if len(seg) == 3 and seg[1] == "resources" and method == "DELETE":
            resource_id = seg[2]
            before = len(self._state.associations)
            self._state.associations = [
                a for a in self._state.associations if not (a.resource_id == resource_id and wanted(a))
            ]
            if len(self._state.associations) == before:
                raise RegistryReject(404, 40401, f"No association found for resource '{resource_id}'")
            return 204, None
        raise RegistryReject(404, 404, f"HTTP 404 Not Found: {method} /{'/'.join(seg)}")

    def _create_associations(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise RegistryReject(422, 42201, "Invalid association request: the body must be a JSON object")
        name, namespace = body.get("resourceName"), body.get("resourceNamespace")
        if not isinstance(name, str) or not isinstance(namespace, str):
            raise RegistryReject(
                422, 42201, "Invalid association request: resourceName and resourceNamespace needed"
            )
        resource_id = str(body.get("resourceId") or f"{namespace}:{name}")
        resource_type = str(body.get("resourceType") or "topic")
        answers = []
        for info in body.get("associations") or []:
            subject = info.get("subject")
            if not isinstance(subject, str) or not subject:
                raise RegistryReject(
                    422, 42201, "Invalid association request: every association needs a subject"
                )
            schema = info.get("schema")
            guid = None
            if schema:
                registered = self._register(subject, {}, schema)
                guid = registered["guid"]
            elif self._live_rows(subject):
                guid = self._state.schemas[self._live_rows(subject)[-1].schema_id].guid
            association = _Association(
                subject,
                guid,
                name,
                namespace,
                resource_id,
                resource_type,
                str(info.get("associationType") or "value"),
                info.get("lifecycle"),
                bool(info.get("frozen", False)),
            )
            self._state.associations = [
                a
                for a in self._state.associations
                if not (a.resource_id == resource_id and a.association_type == association.association_type)
            ]
            self._state.associations.append(association)
            answers.append(
                {
                    "subject": subject,
                    "associationType": association.association_type,
                    "lifecycle": association.lifecycle,
                    "frozen": association.frozen,
                    **({"schema": schema} if schema else {}),
                }
            )
        return {
            "resourceName": name,
            "resourceNamespace": namespace,
            "resourceId": resource_id,
            "resourceType": resource_type,
            "associations": answers,
        }


_SCOPES: dict[str, InMemoryRegistry] = {}
_SCOPES_LOCK = threading.Lock()


def registry_for_scope(scope: str) -> InMemoryRegistry:
    """The process-wide registry of ``mock://scope`` (created on first use)."""
    with _SCOPES_LOCK:
        registry = _SCOPES.get(scope)
        if registry is None:
            registry = _SCOPES[scope] = InMemoryRegistry()
        return registry
