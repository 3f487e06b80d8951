"""The command line's commands: each runs admin calls and returns an ``Output``.

An ``Output`` holds the JSON-ready data (printed with ``--json``), the
human-readable text (printed otherwise) and the exit status: 0 when every
entity succeeded, 1 when any failed (its error is in the data and the text).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ._client import AdminClient
from ._lag import consumer_group_lag
from ._text_table import render_table
from ._topic_plan import apply_topics
from ._topic_spec import load_topic_specs
from ._types import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    ConsumerGroupState,
    NewTopic,
    ResourcePatternType,
    ResourceType,
    TopicCollection,
)

__all__ = ["COMMANDS", "Output"]

# Shown instead of a sensitive config's value: the broker never sends those anyway.
_MASK = "******"


@dataclass(frozen=True)
class Output:
    """What a command prints and its exit status."""

    data: Any
    text: str
    status: int = 0


def _node(node: Any) -> str | None:
    return None if node is None else f"{node.id}@{node.host}:{node.port}"


def _each(futures: Mapping[Any, Future[Any]], timeout: float) -> dict[Any, tuple[Any, BaseException | None]]:
    outcomes: dict[Any, tuple[Any, BaseException | None]] = {}
    for key, future in futures.items():
        try:
            outcomes[key] = (future.result(timeout), None)
        except Exception as exc:
            outcomes[key] = (None, exc)
    return outcomes


def _status_output(
    verb: str, done: str, noun: str, outcomes: dict[str, tuple[Any, BaseException | None]]
) -> Output:
    data = [
        {"name": name, "ok": error is None, "error": None if error is None else str(error)}
        for name, (_, error) in outcomes.items()
    ]
    lines = [
        f"{done} {noun} {name!r}" if error is None else f"failed to {verb} {noun} {name!r}: {error}"
        for name, (_, error) in outcomes.items()
    ]
    return Output(data, "\n".join(lines), 0 if all(e is None for _, e in outcomes.values()) else 1)


def _key_values(items: list[str], what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise ValueError(f"{what} {item.split('=')[0]!r}: expected key=value")
        result[key] = value
    return result


# -- topics ---------------------------------------------------------------


def topics_list(admin: AdminClient, args: argparse.Namespace) -> Output:
    metadata = admin.list_topics(timeout=args.timeout)
    rows = []
    for name in sorted(metadata.topics):
        if name.startswith("__") and not args.all:
            continue
        partitions = metadata.topics[name].partitions
        replication = len(partitions[0].replicas) if 0 in partitions else None
        rows.append({"name": name, "partitions": len(partitions), "replication_factor": replication})
    table = render_table(
        ["TOPIC", "PARTITIONS", "REPLICATION"],
        [[r["name"], r["partitions"], r["replication_factor"]] for r in rows],
    )
    return Output(rows, table)


def topics_describe(admin: AdminClient, args: argparse.Namespace) -> Output:
    outcomes = _each(
        admin.describe_topics(TopicCollection(args.topics), request_timeout=args.timeout), args.timeout
    )
    data: list[dict[str, Any]] = []
    rows: list[list[object]] = []
    errors: list[str] = []
    for name, (description, error) in outcomes.items():
        if error is not None:
            data.append({"name": name, "error": str(error)})
            errors.append(f"topic {name!r}: {error}")
            continue
        partitions = [
            {
                "partition": p.id,
                "leader": _node(p.leader),
                "replicas": [n.id for n in p.replicas],
                "isr": [n.id for n in p.isr],
            }
            for p in description.partitions
        ]
        data.append(
            {
                "name": name,
                "topic_id": str(description.topic_id),
                "internal": description.is_internal,
                "partitions": partitions,
            }
        )
        rows.extend(
            [
                name,
                p["partition"],
                p["leader"],
                ",".join(map(str, p["replicas"])),
                ",".join(map(str, p["isr"])),
            ]
            for p in partitions
        )
    text = render_table(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"], rows)
    return Output(data, "\n".join([text, *errors]), 1 if errors else 0)


def topics_create(admin: AdminClient, args: argparse.Namespace) -> Output:
    config = _key_values(args.config, "--config")
    new = [NewTopic(name, args.partitions, args.replication_factor, config=config) for name in args.topics]
    futures = admin.create_topics(
        new, request_timeout=args.timeout, operation_timeout=args.timeout, validate_only=args.validate_only
    )
    verb, done = ("validate", "validated") if args.validate_only else ("create", "created")
    return _status_output(verb, done, "topic", _each(futures, args.timeout))


def topics_delete(admin: AdminClient, args: argparse.Namespace) -> Output:
    futures = admin.delete_topics(args.topics, request_timeout=args.timeout, operation_timeout=args.timeout)
    return _status_output("delete", "deleted", "topic", _each(futures, args.timeout))


def topics_apply(admin: AdminClient, args: argparse.Namespace) -> Output:
    specs = load_topic_specs(args.file)
    result = apply_topics(
        admin,
        specs,
        dry_run=args.dry_run,
        delete_unlisted=args.delete_unlisted,
        request_timeout=args.timeout,
        timeout=args.timeout * 2,
    )
    plan = result.plan
    if plan.in_sync:
        lines = ["topics are in sync: nothing to do"]
    elif args.dry_run:
        lines = ["plan (dry run, nothing changed):", *(f"  {line}" for line in plan.describe())]
    else:
        failed = {action for action, _ in result.failed}
        lines = [f"  {'FAILED ' if a in failed else 'done   '}{a.describe()}" for a in plan.actions]
        lines += [f"  error: {a.describe()}: {e}" for a, e in result.failed]
        lines += [f"  conflict: {c}" for c in plan.conflicts]
        lines.insert(0, "applied:")
    return Output(result.to_dict(), "\n".join(lines), 0 if result.ok else 1)


# -- groups ---------------------------------------------------------------


def groups_list(admin: AdminClient, args: argparse.Namespace) -> Output:
    states = {ConsumerGroupState[s.upper()] for s in args.state} if args.state else None
    listing = admin.list_consumer_groups(states=states, request_timeout=args.timeout).result(args.timeout)
    rows = sorted(
        (
            {
                "group_id": g.group_id,
                "state": g.state.name if g.state is not None else None,
                "type": g.type.name if g.type is not None else None,
                "simple": g.is_simple_consumer_group,
            }
            for g in listing.valid or []
        ),
        key=lambda r: str(r["group_id"]),
    )
    errors = [str(e) for e in listing.errors or []]
    text = render_table(["GROUP", "STATE", "TYPE"], [[r["group_id"], r["state"], r["type"]] for r in rows])
    text = "\n".join([text, *(f"error: {e}" for e in errors)])
    return Output({"groups": rows, "errors": errors}, text, 1 if errors else 0)


def groups_describe(admin: AdminClient, args: argparse.Namespace) -> Output:
    outcomes = _each(admin.describe_consumer_groups(args.groups, request_timeout=args.timeout), args.timeout)
    data, blocks, failed = [], [], False
    for group_id, (description, error) in outcomes.items():
        if error is not None:
            failed = True
            data.append({"group_id": group_id, "error": str(error)})
            blocks.append(f"group {group_id!r}: {error}")
            continue
        members = [
            {
                "member_id": m.member_id,
                "client_id": m.client_id,
                "host": m.host,
                "group_instance_id": m.group_instance_id,
                "assignment": [f"{tp.topic}-{tp.partition}" for tp in (m.assignment.topic_partitions or [])],
            }
            for m in description.members
        ]
        entry = {
            "group_id": group_id,
            "state": description.state.name if description.state else None,
            "type": description.type.name if description.type else None,
            "coordinator": _node(description.coordinator),
            "assignor": description.partition_assignor,
            "members": members,
        }
        data.append(entry)
        header = (
            f"group {group_id}: state {entry['state']}, coordinator {entry['coordinator']}, "
            f"assignor {entry['assignor'] or '-'}, {len(members)} member(s)"
        )
        table = (
            render_table(
                ["MEMBER", "CLIENT", "HOST", "ASSIGNMENT"],
                [[m["member_id"], m["client_id"], m["host"], ",".join(m["assignment"])] for m in members],
            )
            if members
            else ""
        )
        blocks.append("\n".join(filter(None, [header, table])))
    return Output(data, "\n\n".join(blocks), 1 if failed else 0)


def groups_lag(admin: AdminClient, args: argparse.Namespace) -> Output:
    lag = consumer_group_lag(
        admin, args.group, args.topic or None, request_timeout=args.timeout, timeout=args.timeout
    )
    partitions = [
        {
            "topic": p.topic,
            "partition": p.partition,
            "committed_offset": p.committed_offset,
            "log_end_offset": p.log_end_offset,
            "lag": p.lag,
        }
        for p in lag.partitions
    ]
    table = render_table(
        ["TOPIC", "PARTITION", "COMMITTED", "END", "LAG"],
        [
            [p["topic"], p["partition"], p["committed_offset"], p["log_end_offset"], p["lag"]]
            for p in partitions
        ],
    )
    text = (
        f"{table}\ntotal lag of group {lag.group_id}: {lag.total_lag}"
        if partitions
        else (f"group {lag.group_id} has no committed offsets")
    )
    return Output({"group_id": lag.group_id, "total_lag": lag.total_lag, "partitions": partitions}, text)


def groups_delete(admin: AdminClient, args: argparse.Namespace) -> Output:
    futures = admin.delete_consumer_groups(args.groups, request_timeout=args.timeout)
    return _status_output("delete", "deleted", "group", _each(futures, args.timeout))


# -- configs --------------------------------------------------------------


def _entry_value(entry: ConfigEntry) -> str | None:
    return _MASK if entry.is_sensitive else entry.value


def _source(entry: ConfigEntry) -> str:
    # The native layer fills ``source`` with the plain protocol number.
    source = entry.source
    try:
        return ConfigSource(source).name if not isinstance(source, ConfigSource) else source.name
    except ValueError:
        return str(source)


def configs_get(admin: AdminClient, args: argparse.Namespace) -> Output:
    resource = ConfigResource(ResourceType[args.resource_type.upper()], args.name)
    entries = admin.describe_configs([resource], request_timeout=args.timeout)[resource].result(args.timeout)
    rows = [
        {
            "name": name,
            "value": _entry_value(e),
            "source": _source(e),
            "default": e.is_default,
            "read_only": e.is_read_only,
            "sensitive": e.is_sensitive,
        }
        for name, e in sorted(entries.items())
        if not (args.changed and e.is_default)
    ]
    table = render_table(["NAME", "VALUE", "SOURCE"], [[r["name"], r["value"], r["source"]] for r in rows])
    return Output(rows, table if rows else "no configs")


def configs_set(admin: AdminClient, args: argparse.Namespace) -> Output:
    values = _key_values(args.settings, "setting")
    entries = [ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in values.items()]
    entries += [ConfigEntry(k, None, incremental_operation=AlterConfigOpType.DELETE) for k in args.delete]
    if not entries:
        raise ValueError("configs set: give at least one key=value or --delete KEY")
    resource = ConfigResource(
        ResourceType[args.resource_type.upper()], args.name, incremental_configs=entries
    )
    future = admin.incremental_alter_configs([resource], request_timeout=args.timeout)[resource]
    future.result(args.timeout)
    changed = [*(f"set {k}" for k in values), *(f"deleted {k}" for k in args.delete)]
    return Output(
        {
            "resource_type": args.resource_type,
            "name": args.name,
            "set": sorted(values),
            "deleted": list(args.delete),
        },
        f"updated {args.resource_type} {args.name!r}: {', '.join(changed)}",
    )


# -- ACLs -----------------------------------------------------------------


def _name(member: object) -> str:
    # AclBinding converts its enum fields on construction; the union type is the constructor's.
    return member.name if isinstance(member, Enum) else str(member)


def _acl_dict(acl: AclBinding) -> dict[str, Any]:
    return {
        "resource_type": _name(acl.restype),
        "name": acl.name,
        "pattern_type": _name(acl.resource_pattern_type),
        "principal": acl.principal,
        "host": acl.host,
        "operation": _name(acl.operation),
        "permission": _name(acl.permission_type),
    }


def _acl_table(acls: list[dict[str, Any]]) -> str:
    columns = ["resource_type", "name", "pattern_type", "principal", "host", "operation", "permission"]
    return render_table([c.upper() for c in columns], [[a[c] for c in columns] for a in acls])


def _acl_filter(args: argparse.Namespace) -> AclBindingFilter:
    return AclBindingFilter(
        ResourceType[args.resource_type.upper()],
        args.resource_name,
        ResourcePatternType[args.pattern_type.upper()],
        args.principal,
        args.host,
        AclOperation[args.operation.upper()],
        AclPermissionType[args.permission.upper()],
    )


def acls_list(admin: AdminClient, args: argparse.Namespace) -> Output:
    acls = [
        _acl_dict(a)
        for a in admin.describe_acls(_acl_filter(args), request_timeout=args.timeout).result(args.timeout)
    ]
    return Output(acls, _acl_table(acls) if acls else "no ACLs match")


def acls_create(admin: AdminClient, args: argparse.Namespace) -> Output:
    binding = AclBinding(
        ResourceType[args.resource_type.upper()],
        args.resource_name,
        ResourcePatternType[args.pattern_type.upper()],
        args.principal,
        args.host,
        AclOperation[args.operation.upper()],
        AclPermissionType[args.permission.upper()],
    )
    admin.create_acls([binding], request_timeout=args.timeout)[binding].result(args.timeout)
    return Output(_acl_dict(binding), f"created ACL: {_acl_table([_acl_dict(binding)])}")


def acls_delete(admin: AdminClient, args: argparse.Namespace) -> Output:
    acl_filter = _acl_filter(args)
    narrowed = args.resource_name is not None or args.principal is not None or args.resource_type != "any"
    if not narrowed and not args.all:
        raise ValueError("acls delete: this filter matches every ACL; narrow it or pass --all")
    deleted = admin.delete_acls([acl_filter], request_timeout=args.timeout)[acl_filter].result(args.timeout)
    acls = [_acl_dict(a) for a in deleted]
    return Output(acls, f"deleted {len(acls)} ACL(s)" + (f"\n{_acl_table(acls)}" if acls else ""))


COMMANDS: dict[tuple[str, str], Callable[[AdminClient, argparse.Namespace], Output]] = {
    ("topics", "list"): topics_list,
    ("topics", "describe"): topics_describe,
    ("topics", "create"): topics_create,
    ("topics", "delete"): topics_delete,
    ("topics", "apply"): topics_apply,
    ("groups", "list"): groups_list,
    ("groups", "describe"): groups_describe,
    ("groups", "lag"): groups_lag,
    ("groups", "delete"): groups_delete,
    ("configs", "get"): configs_get,
    ("configs", "set"): configs_set,
    ("acls", "list"): acls_list,
    ("acls", "create"): acls_create,
    ("acls", "delete"): acls_delete,
}
