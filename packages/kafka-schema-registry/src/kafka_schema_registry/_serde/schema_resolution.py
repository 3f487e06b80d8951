"""Resolution steps shared by every format: subjects, the schema to write with, the schemas to read with,
references and migrations.

Every function here is a generator of registry calls (see :mod:`.registry_io`),
run once per topic (serializers) or per schema id (deserializers); the result
is cached by the serde, so records after the first never come back here.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from kafka_core import MessageField, SerializationContext, SerializationError

from .._errors import SchemaRegistryError
from .._model import RegisteredSchema, RuleMode, Schema
from .registry_io import Steps, call, invoke
from .subject_name_strategy import KAFKA_CLUSTER_ID, AssociatedNameStrategy

__all__ = [
    "Migration",
    "latest_schema",
    "migrations_between",
    "referenced_schemas",
    "subject_for",
    "writer_schema",
]


def _cluster_id(strategy: AssociatedNameStrategy, resolver: Callable[[], Any] | None) -> Steps[str]:
    """The resource namespace of the associations: configured, else resolved, else ``"-"``."""
    if strategy.cluster_id_configured or resolver is None:
        return strategy.cluster_id
    try:
        found = yield invoke(resolver)
    except Exception as exc:
        raise SerializationError(
            "the associated subject name strategy could not resolve the Kafka cluster id (has the client"
            f" reached a broker?); set {KAFKA_CLUSTER_ID} in subject.name.strategy.conf to give it: {exc}"
        ) from exc
    if not found or not isinstance(found, str):
        raise SerializationError(
            f"the Kafka cluster id resolver gave {found!r}, not a cluster id; set {KAFKA_CLUSTER_ID}"
            " in subject.name.strategy.conf to give it"
        )
    return found


def subject_for(
    strategy: Any,
    ctx: SerializationContext | None,
    record_name: str | None,
    cluster_id_resolver: Callable[[], Any] | None = None,
) -> Steps[str | None]:
    """The subject of the record: ask the strategy (the associated one asks the registry, under the
    cluster id ``cluster_id_resolver`` gives unless one is configured)."""
    if isinstance(strategy, AssociatedNameStrategy):
        if ctx is None:
            raise ValueError("the associated subject name strategy needs a SerializationContext (the topic)")
        namespace = yield from _cluster_id(strategy, cluster_id_resolver)
        subjects: list[str] = []
        try:
            associations = yield call(
                "get_associations_by_resource_name",
                ctx.topic,
                namespace,
                "topic",
                ["key" if ctx.field == MessageField.KEY else "value"],
                0,
                -1,
            )
            subjects = [a.subject for a in associations or () if a.subject]
        except SchemaRegistryError as exc:
            if exc.http_status_code != 404:
                raise
        except (AttributeError, NotImplementedError):  # a client without associations
            pass
        return strategy.choose(ctx, record_name, subjects)
    return strategy(ctx, record_name)  # type: ignore[no-any-return]
    yield  # pragma: no cover - makes this a generator


def latest_schema(
    subject: str,
    use_schema_id: int | None,
    use_latest_with_metadata: dict[str, str] | None,
    use_latest_version: bool,
    fmt: str | None = None,
) -> Steps[RegisteredSchema | None]:
    """The schema chosen by ``use.schema.id`` / ``use.latest.with.metadata`` / ``use.latest.version``."""
    if use_schema_id is not None:
        schema = yield call("get_schema", use_schema_id, subject, fmt)
        registered = yield call("lookup_schema", subject, schema, normalize_schemas=False, deleted=True)
        return registered  # type: ignore[no-any-return]
    if use_latest_with_metadata is not None:
        found = yield call(
            "get_latest_with_metadata", subject, use_latest_with_metadata, deleted=True, fmt=fmt
        )
        return found  # type: ignore[no-any-return]
    if use_latest_version:
        found = yield call("get_latest_version", subject, fmt)
        return found  # type: ignore[no-any-return]
    return None


def writer_schema(
    schema_id: int | None, guid: str | None, subject: str | None, fmt: str | None = None
) -> Steps[Schema]:
    """The schema a record was written with, by id or GUID."""
    if schema_id is not None:
        found = yield call("get_schema", schema_id, subject, fmt)
    elif guid is not None:
        found = yield call("get_schema_by_guid", guid, fmt)
    else:
        raise SerializationError("the schema id and GUID are both unset")
    return found  # type: ignore[no-any-return]


def referenced_schemas(schema: Schema, fmt: str | None = None) -> Steps[list[tuple[str, Schema]]]:
    """Every schema ``schema`` references, recursively, dependencies first, once each: (name, schema)."""
    out: list[tuple[str, Schema]] = []
    seen: set[tuple[str | None, int | None]] = set()

    def visit(current: Schema) -> Steps[None]:
        for ref in current.references or ():
            if ref.subject is None or ref.version is None or ref.name is None:
                raise SerializationError(f"schema reference {ref!r} lacks a name, subject or version")
            key = (ref.subject, ref.version)
            if key in seen:
                continue
            seen.add(key)
            registered = yield call("get_version", ref.subject, ref.version, True, fmt)
            yield from visit(registered.schema)
            out.append((ref.name, registered.schema))

    yield from visit(schema)
    return out


class Migration:
    """One migration step: rules of ``mode`` from ``source`` to ``target``."""

    __slots__ = ("mode", "source", "target")

    def __init__(self, mode: RuleMode, source: RegisteredSchema, target: RegisteredSchema) -> None:
        self.mode = mode
        self.source = source
        self.target = target


def _has_migration_rules(schema: Schema, mode: RuleMode) -> bool:
    rules = schema.rule_set.migration_rules if schema.rule_set is not None else None
    return any(r.mode in (mode, RuleMode.UPDOWN) for r in rules or ())


def _writer_version(subject: str, writer: Schema, schema_id: int | None) -> Steps[RegisteredSchema]:
    # By id when known: the registry's (subject, version) pairs of the id, no schema comparison needed.
    if schema_id is not None:
        pairs = yield call("get_schema_versions", schema_id, subject, True)
        for pair in pairs or ():
            if pair.subject == subject and pair.version is not None:
                found = yield call("get_version", subject, pair.version, True)
                return found  # type: ignore[no-any-return]
    found = yield call("lookup_schema", subject, writer, normalize_schemas=False, deleted=True)
    return found  # type: ignore[no-any-return]


def migrations_between(
    subject: str, writer: Schema, target: RegisteredSchema, schema_id: int | None = None
) -> Steps[list[Migration]]:
    """The migration steps from the writer's version of ``subject`` to ``target``'s, in running order."""
    source = yield from _writer_version(subject, writer, schema_id)
    old, new = source.version, target.version
    if old is None or new is None or old == new:
        return []
    mode = RuleMode.UPGRADE if old < new else RuleMode.DOWNGRADE
    first, last = (source, target) if mode == RuleMode.UPGRADE else (target, source)
    versions: list[RegisteredSchema] = [first]
    for version in range(min(old, new) + 1, max(old, new)):
        between = yield call("get_version", subject, version, True)
        versions.append(between)
    versions.append(last)
    steps: list[Migration] = []
    for previous, current in pairwise(versions):
        if _has_migration_rules(current.schema, mode):
            steps.append(
                Migration(mode, previous, current)
                if mode == RuleMode.UPGRADE
                else Migration(mode, current, previous)
            )
    if mode == RuleMode.DOWNGRADE:
        steps.reverse()
    return steps
