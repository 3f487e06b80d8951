"""Every registry operation, written once for the sync and the async client.

Each operation is a generator: it consults the cache, yields the
``RestRequest`` it needs (method, path, query, JSON body), receives the decoded
JSON answer (or has the ``SchemaRegistryError`` thrown into it), updates the
cache and returns the result. The clients only drive these generators over
their transport (see ``_sync_client`` and ``_async_client``).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import quote

from ._errors import SchemaRegistryError
from ._model import (
    Association,
    AssociationCreateOrUpdateRequest,
    AssociationResponse,
    RegisteredSchema,
    Schema,
    SchemaVersion,
    ServerConfig,
)
from ._registry_cache import RegistryCache

__all__ = ["Operation", "RestRequest"]

_T = TypeVar("_T")
Query = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RestRequest:
    """One REST call: ``path`` is relative to the registry URL and already percent-encoded.

    ``shareable`` requests are idempotent: concurrent identical ones are sent once.
    """

    method: str
    path: str
    query: Query = ()
    body: Mapping[str, Any] | None = None
    shareable: bool = False


Operation = Generator[RestRequest, Any, _T]


def _seg(value: str) -> str:
    return quote(value, safe="")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _query(**params: Any) -> Query:
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        name = key.rstrip("_")
        if isinstance(value, bool):
            out.append((name, _bool(value)))
        elif isinstance(value, (list, tuple)):
            out.extend((name, str(v)) for v in value)
        else:
            out.append((name, str(value)))
    return tuple(out)


def _check_subject(subject_name: object) -> str:
    if not isinstance(subject_name, str) or not subject_name:
        raise ValueError(f"subject_name must be a non-empty str, not {subject_name!r}")
    return subject_name


def _check_schema(schema: object) -> Schema:
    if not isinstance(schema, Schema):
        raise TypeError(f"schema must be a Schema, not {type(schema).__name__}")
    return schema


def _check_version(version: object) -> str:
    if version == "latest" or (isinstance(version, int) and not isinstance(version, bool)):
        return str(version)
    raise ValueError(f"version must be an int or 'latest', not {version!r}")


def _in_named_context(subject_name: str) -> bool:
    # ":.ctx:subject" lives in context ".ctx", whose ids are not those of the default context.
    return subject_name.startswith(":.")


def _parse(kind: type[_T], answer: Any, what: str) -> _T:
    """Build a model object from JSON, turning a malformed answer into a SchemaRegistryError."""
    try:
        return kind.from_dict(answer)  # type: ignore[attr-defined,no-any-return]
    except (TypeError, ValueError, AttributeError) as exc:
        raise SchemaRegistryError(
            200, SchemaRegistryError.UNKNOWN, f"malformed {what} in answer: {exc}"
        ) from None


def _expect(kind: type[_T] | tuple[type, ...], answer: Any, what: str) -> Any:
    if not isinstance(answer, kind):
        raise SchemaRegistryError(
            200,
            SchemaRegistryError.UNKNOWN,
            f"malformed answer: {what} expected, got {type(answer).__name__}",
        )
    return answer


def _int_list(answer: Any, what: str) -> list[int]:
    items = _expect(list, answer, what)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise SchemaRegistryError(
            200, SchemaRegistryError.UNKNOWN, f"malformed answer: {what} must hold integers"
        )
    return list(items)


def _str_list(answer: Any, what: str) -> list[str]:
    items = _expect(list, answer, what)
    if not all(isinstance(i, str) for i in items):
        raise SchemaRegistryError(
            200, SchemaRegistryError.UNKNOWN, f"malformed answer: {what} must hold strings"
        )
    return list(items)


def _field(answer: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    value = _expect(dict, answer, "a JSON object").get(key)
    if not isinstance(value, kind):
        raise SchemaRegistryError(
            200, SchemaRegistryError.UNKNOWN, f"malformed answer: no valid {key!r} field"
        )
    return value


# -- schemas ----------------------------------------------------------------------------


def register_schema_full_response(
    cache: RegistryCache, subject_name: str, schema: Schema, normalize_schemas: bool
) -> Operation[RegisteredSchema]:
    """Register ``schema`` under ``subject_name``; a cached registration makes no request."""
    _check_subject(subject_name)
    _check_schema(schema)
    schema_id = cache.id_by_schema(subject_name, schema)
    if schema_id is not None:
        known = cache.schema_by_id(subject_name, schema_id)
        if known is not None:
            registered = cache.registered_by_schema(subject_name, schema)
            version = registered.version if registered is not None else None
            return RegisteredSchema(subject_name, version, schema_id, known[0], known[1])
    answer = yield RestRequest(
        "POST",
        f"subjects/{_seg(subject_name)}/versions",
        _query(normalize=normalize_schemas),
        schema.to_dict(),
        shareable=True,
    )
    result = _parse(RegisteredSchema, answer, "registration")
    if result.schema_id is None:
        raise SchemaRegistryError(
            200, SchemaRegistryError.UNKNOWN, "malformed answer: registration has no 'id'"
        )
    stored = result.schema if result.schema.schema_str is not None else schema
    registered = RegisteredSchema(
        result.subject or subject_name, result.version, result.schema_id, result.guid, stored
    )
    cache.set_schema(subject_name, registered.schema_id, registered.guid, stored)
    if not _in_named_context(subject_name) and result.schema.schema_str is not None:
        # The registry's own copy (with the metadata and rules it applied) also answers get_schema(id).
        cache.set_schema(None, registered.schema_id, registered.guid, stored)
    if registered.version is not None:
        cache.set_registered(schema, registered)
    return registered


def get_schema(
    cache: RegistryCache,
    schema_id: int,
    subject_name: str | None,
    fmt: str | None,
    reference_format: str | None,
) -> Operation[Schema]:
    """Fetch the schema with id ``schema_id`` (in ``subject_name``'s context)."""
    if not isinstance(schema_id, int) or isinstance(schema_id, bool):
        raise TypeError(f"schema_id must be an int, not {type(schema_id).__name__}")
    known = cache.schema_by_id(subject_name, schema_id)
    if known is not None:
        return known[1]
    answer = yield RestRequest(
        "GET",
        f"schemas/ids/{schema_id}",
        _query(subject=subject_name, format=fmt, reference_format=reference_format),
        shareable=True,
    )
    result = _parse(RegisteredSchema, answer, "schema")
    cache.set_schema(subject_name, schema_id, result.guid, result.schema)
    return result.schema


def get_schema_by_guid(cache: RegistryCache, guid: str, fmt: str | None) -> Operation[Schema]:
    """Fetch the schema with GUID ``guid``."""
    if not isinstance(guid, str) or not guid:
        raise ValueError(f"guid must be a non-empty str, not {guid!r}")
    known = cache.schema_by_guid(guid)
    if known is not None:
        return known
    answer = yield RestRequest("GET", f"schemas/guids/{_seg(guid)}", _query(format=fmt), shareable=True)
    result = _parse(RegisteredSchema, answer, "schema")
    cache.set_schema(None, result.schema_id, guid, result.schema)
    return result.schema


def get_schema_types() -> Operation[list[str]]:
    """List the schema types the registry supports."""
    return _str_list((yield RestRequest("GET", "schemas/types", shareable=True)), "schema types")


def get_subjects_by_schema_id(
    schema_id: int, subject_name: str | None, deleted: bool, offset: int, limit: int
) -> Operation[list[str]]:
    """List the subjects schema ``schema_id`` is registered under."""
    query = _query(subject=subject_name, deleted=deleted or None, offset=offset, limit=limit)
    answer = yield RestRequest("GET", f"schemas/ids/{schema_id}/subjects", query, shareable=True)
    return _str_list(answer, "subjects")


def get_schema_versions(
    schema_id: int, subject_name: str | None, deleted: bool, offset: int, limit: int
) -> Operation[list[SchemaVersion]]:
    """List the (subject, version) pairs schema ``schema_id`` is registered as."""
    query = _query(subject=subject_name, deleted=deleted or None, offset=offset, limit=limit)
    answer = yield RestRequest("GET", f"schemas/ids/{schema_id}/versions", query, shareable=True)
    return [_parse(SchemaVersion, item, "schema version") for item in _expect(list, answer, "a list")]


def lookup_schema(
    cache: RegistryCache,
    subject_name: str,
    schema: Schema,
    normalize_schemas: bool,
    fmt: str | None,
    deleted: bool,
) -> Operation[RegisteredSchema]:
    """Find ``schema`` among the versions of ``subject_name``."""
    _check_subject(subject_name)
    _check_schema(schema)
    known = cache.registered_by_schema(subject_name, schema)
    if known is not None:
        return known
    answer = yield RestRequest(
        "POST",
        f"subjects/{_seg(subject_name)}",
        _query(normalize=normalize_schemas, format=fmt, deleted=deleted),
        schema.to_dict(),
        shareable=True,
    )
    result = _parse(RegisteredSchema, answer, "registered schema")
    registered = RegisteredSchema(
        result.subject or subject_name, result.version, result.schema_id, result.guid, schema
    )
    cache.set_registered(schema, registered)
    return registered


# -- subjects and versions ----------------------------------------------------------------


def get_subjects(
    subject_prefix: str | None, deleted: bool, deleted_only: bool, offset: int, limit: int
) -> Operation[list[str]]:
    """List the subjects (with a prefix; soft-deleted ones when asked)."""
    query = _query(
        subjectPrefix=subject_prefix, deleted=deleted, deleted_only=deleted_only, offset=offset, limit=limit
    )
    return _str_list((yield RestRequest("GET", "subjects", query, shareable=True)), "subjects")


def delete_subject(cache: RegistryCache, subject_name: str, permanent: bool) -> Operation[list[int]]:
    """Delete ``subject_name`` (soft, or permanently); return the deleted versions."""
    _check_subject(subject_name)
    answer = yield RestRequest(
        "DELETE", f"subjects/{_seg(subject_name)}", _query(permanent=permanent or None)
    )
    cache.remove_subject(subject_name)
    return _int_list(answer, "versions")


def get_latest_version(
    cache: RegistryCache, subject_name: str, fmt: str | None
) -> Operation[RegisteredSchema]:
    """Fetch the latest version of ``subject_name`` (cached, with ``cache.latest.ttl.sec``)."""
    _check_subject(subject_name)
    known = cache.latest(subject_name)
    if known is not None:
        return known
    answer = yield RestRequest(
        "GET", f"subjects/{_seg(subject_name)}/versions/latest", _query(format=fmt), shareable=True
    )
    result = _parse(RegisteredSchema, answer, "registered schema")
    cache.set_latest(subject_name, result)
    return result


def get_latest_with_metadata(
    cache: RegistryCache, subject_name: str, metadata: Mapping[str, str], deleted: bool, fmt: str | None
) -> Operation[RegisteredSchema]:
    """Fetch the latest version of ``subject_name`` whose metadata properties include ``metadata``."""
    _check_subject(subject_name)
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a dict of str to str, not {type(metadata).__name__}")
    known = cache.latest_with_metadata(subject_name, metadata, deleted)
    if known is not None:
        return known
    query = _query(deleted=deleted, format=fmt, key=list(metadata.keys()), value=list(metadata.values()))
    answer = yield RestRequest("GET", f"subjects/{_seg(subject_name)}/metadata", query, shareable=True)
    result = _parse(RegisteredSchema, answer, "registered schema")
    cache.set_latest_with_metadata(subject_name, metadata, deleted, result)
    return result


def get_version(
    cache: RegistryCache,
    subject_name: str,
    version: int | Literal["latest"],
    deleted: bool,
    fmt: str | None,
) -> Operation[RegisteredSchema]:
    """Fetch version ``version`` of ``subject_name`` (soft-deleted ones when ``deleted``)."""
    _check_subject(subject_name)
    segment = _check_version(version)
    if isinstance(version, int):
        known = cache.registered_by_version(subject_name, version)
        if known is not None:
            return known
    answer = yield RestRequest(
        "GET",
        f"subjects/{_seg(subject_name)}/versions/{segment}",
        _query(deleted=deleted, format=fmt),
        shareable=True,
    )
    result = _parse(RegisteredSchema, answer, "registered schema")
    cache.set_registered(result.schema, result)
    return result


def get_versions(
    subject_name: str, deleted: bool, deleted_only: bool, offset: int, limit: int
) -> Operation[list[int]]:
    """List the versions of ``subject_name``."""
    _check_subject(subject_name)
    query = _query(deleted=deleted, deleted_only=deleted_only, offset=offset, limit=limit)
    answer = yield RestRequest("GET", f"subjects/{_seg(subject_name)}/versions", query, shareable=True)
    return _int_list(answer, "versions")


def delete_version(cache: RegistryCache, subject_name: str, version: int, permanent: bool) -> Operation[int]:
    """Delete version ``version`` of ``subject_name`` (soft, or permanently); return it."""
    _check_subject(subject_name)
    segment = _check_version(version)
    answer = yield RestRequest(
        "DELETE", f"subjects/{_seg(subject_name)}/versions/{segment}", _query(permanent=permanent or None)
    )
    deleted = _expect(int, answer, "a version number")
    cache.remove_version(subject_name, deleted)
    return int(deleted)


def get_referenced_by(
    subject_name: str, version: int | Literal["latest"], offset: int, limit: int
) -> Operation[list[int]]:
    """List the ids of the schemas that reference version ``version`` of ``subject_name``."""
    _check_subject(subject_name)
    segment = _check_version(version)
    answer = yield RestRequest(
        "GET",
        f"subjects/{_seg(subject_name)}/versions/{segment}/referencedby",
        _query(offset=offset, limit=limit),
        shareable=True,
    )
    return _int_list(answer, "schema ids")


# -- compatibility and config -------------------------------------------------------------


def test_compatibility(
    subject_name: str, schema: Schema, version: int | str, normalize: bool, verbose: bool
) -> Operation[bool]:
    """Whether ``schema`` is compatible with version ``version`` of ``subject_name``."""
    _check_subject(subject_name)
    _check_schema(schema)
    segment = _check_version(version)
    answer = yield RestRequest(
        "POST",
        f"compatibility/subjects/{_seg(subject_name)}/versions/{segment}",
        _query(normalize=normalize, verbose=verbose),
        schema.to_dict(),
    )
    return bool(_field(answer, "is_compatible", bool))


def test_compatibility_all_versions(
    subject_name: str, schema: Schema, normalize: bool, verbose: bool
) -> Operation[bool]:
    """Whether ``schema`` is compatible with every version of ``subject_name`` the level requires."""
    _check_subject(subject_name)
    _check_schema(schema)
    answer = yield RestRequest(
        "POST",
        f"compatibility/subjects/{_seg(subject_name)}/versions",
        _query(normalize=normalize, verbose=verbose),
        schema.to_dict(),
    )
    return bool(_field(answer, "is_compatible", bool))


def _config_path(subject_name: str | None) -> str:
    return "config" if subject_name is None else f"config/{_seg(_check_subject(subject_name))}"


def set_compatibility(subject_name: str | None, level: str | None) -> Operation[str]:
    """Set the compatibility level (of a subject, or the global one); return it."""
    if not isinstance(level, str) or not level:
        raise ValueError(f"level must be a compatibility level name, not {level!r}")
    answer = yield RestRequest("PUT", _config_path(subject_name), body={"compatibility": level.upper()})
    return str(_field(answer, "compatibility", str))


def get_compatibility(subject_name: str | None) -> Operation[str]:
    """Return the compatibility level (of a subject, or the global one)."""
    answer = yield RestRequest("GET", _config_path(subject_name))
    return str(_field(answer, "compatibilityLevel", str))


def set_config(subject_name: str | None, config: ServerConfig | None) -> Operation[ServerConfig]:
    """Store ``config`` (of a subject, or the global one); return what the registry stored."""
    if not isinstance(config, ServerConfig):
        raise TypeError(f"config must be a ServerConfig, not {type(config).__name__}")
    answer = yield RestRequest("PUT", _config_path(subject_name), body=config.to_dict())
    return _parse(ServerConfig, answer, "config")


def get_config(subject_name: str | None) -> Operation[ServerConfig]:
    """Return the config (of a subject, or the global one)."""
    return _parse(ServerConfig, (yield RestRequest("GET", _config_path(subject_name))), "config")


def delete_config(subject_name: str | None) -> Operation[ServerConfig]:
    """Delete the config (of a subject, or reset the global one); return the previous one."""
    return _parse(ServerConfig, (yield RestRequest("DELETE", _config_path(subject_name))), "config")


# -- mode and contexts ----------------------------------------------------------------------


def _mode_path(subject_name: str | None) -> str:
    return "mode" if subject_name is None else f"mode/{_seg(_check_subject(subject_name))}"


def get_mode(subject_name: str | None) -> Operation[str]:
    """Return the mode (of a subject, or the global one)."""
    return str(_field((yield RestRequest("GET", _mode_path(subject_name))), "mode", str))


def update_mode(subject_name: str | None, mode: str, force: bool) -> Operation[str]:
    """Set the mode (of a subject, or the global one); return it."""
    if not isinstance(mode, str) or not mode:
        raise ValueError(f"mode must be a mode name (READWRITE, READONLY, IMPORT, ...), not {mode!r}")
    answer = yield RestRequest("PUT", _mode_path(subject_name), _query(force=force), {"mode": mode.upper()})
    return str(_field(answer, "mode", str))


def delete_mode(subject_name: str) -> Operation[str]:
    """Delete a subject's mode; return the previous one."""
    return str(_field((yield RestRequest("DELETE", _mode_path(subject_name))), "mode", str))


def get_contexts(offset: int, limit: int) -> Operation[list[str]]:
    """List the registry's contexts."""
    answer = yield RestRequest("GET", "contexts", _query(offset=offset, limit=limit), shareable=True)
    return _str_list(answer, "contexts")


# -- associations -----------------------------------------------------------------------------


def get_associations_by_resource_name(
    resource_name: str,
    resource_namespace: str,
    resource_type: str | None,
    association_types: Sequence[str] | None,
    offset: int,
    limit: int,
) -> Operation[list[Association]]:
    """List the associations of a resource."""
    query = _query(
        resourceType=resource_type,
        associationType=list(association_types) if association_types is not None else None,
        offset=offset if offset > 0 else None,
        limit=limit if limit >= 1 else None,
    )
    answer = yield RestRequest(
        "GET",
        f"associations/resources/{_seg(resource_namespace)}/{_seg(resource_name)}",
        query,
        shareable=True,
    )
    return [_parse(Association, item, "association") for item in _expect(list, answer, "a list")]


def create_association(request: AssociationCreateOrUpdateRequest) -> Operation[AssociationResponse]:
    """Create or update the associations described by ``request``."""
    if not isinstance(request, AssociationCreateOrUpdateRequest):
        raise TypeError(f"request must be an AssociationCreateOrUpdateRequest, not {type(request).__name__}")
    answer = yield RestRequest("POST", "associations", body=request.to_dict())
    return _parse(AssociationResponse, answer, "association response")


def delete_associations(
    resource_id: str,
    resource_type: str | None,
    association_types: Sequence[str] | None,
    cascade_lifecycle: bool,
) -> Operation[None]:
    """Delete the associations of a resource."""
    query = _query(
        cascadeLifecycle=cascade_lifecycle,
        resourceType=resource_type,
        associationType=list(association_types) if association_types is not None else None,
    )
    yield RestRequest("DELETE", f"associations/resources/{_seg(resource_id)}", query)
    return None
