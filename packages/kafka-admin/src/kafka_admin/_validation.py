"""Argument checks run before an admin request is sent.

Every check raises ``TypeError`` (wrong type) or ``ValueError`` (wrong value)
with a message naming the operation, the argument and, for a list, the index
of the offending item, e.g. ``create_topics(): new_topics[1].num_partitions
must be -1 (broker default) or >= 1, got 0``. Values that may be secret
(passwords, salts) are never put into a message.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from enum import Enum
from typing import Any, TypeVar

from ._types import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    ConfigResource,
    ConsumerGroupTopicPartitions,
    ElectionType,
    IsolationLevel,
    NewPartitions,
    NewTopic,
    OffsetSpec,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    TopicCollection,
    TopicPartition,
    UserScramCredentialAlteration,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

__all__ = [
    "check_acl_bindings",
    "check_acl_filter",
    "check_acl_filters",
    "check_alter_group_offsets",
    "check_config_resources",
    "check_election",
    "check_group_filters",
    "check_group_ids",
    "check_isolation_level",
    "check_list_group_offsets",
    "check_list_offsets",
    "check_new_partitions",
    "check_new_topics",
    "check_nonempty_str",
    "check_scram_alterations",
    "check_scram_users",
    "check_topic_collection",
    "check_topic_names",
    "check_topic_partitions",
]

H = TypeVar("H", bound=Hashable)

# The broker's topic-name limit (Kafka's Topic.MAX_NAME_LENGTH).
_MAX_TOPIC_NAME_LENGTH = 249


def _type_name(value: object) -> str:
    return type(value).__name__


def _list(op: str, name: str, value: object, *, allow_empty: bool = False) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"{op}(): {name} must be a list, got {_type_name(value)}")
    if not value and not allow_empty:
        raise ValueError(f"{op}(): {name} must not be empty")
    return value


def _instance(op: str, where: str, value: object, cls: type[Any], label: str) -> None:
    if not isinstance(value, cls):
        raise TypeError(f"{op}(): {where} must be a {label}, got {_type_name(value)}")


def _unique(op: str, name: str, keys: Sequence[H], describe: str) -> None:
    seen: set[H] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"{op}(): {name} holds {describe} {key!r} more than once")
        seen.add(key)


def check_nonempty_str(op: str, where: str, value: object) -> str:
    """``value`` must be a non-empty ``str``; returns it."""
    if not isinstance(value, str):
        raise TypeError(f"{op}(): {where} must be a str, got {_type_name(value)}")
    if not value:
        raise ValueError(f"{op}(): {where} must not be empty")
    return value


def _topic_name(op: str, where: str, value: object) -> str:
    name = check_nonempty_str(op, where, value)
    if len(name) > _MAX_TOPIC_NAME_LENGTH:
        raise ValueError(
            f"{op}(): {where} is {len(name)} characters long, the limit is {_MAX_TOPIC_NAME_LENGTH}"
        )
    return name


def _string_map(op: str, where: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise TypeError(f"{op}(): {where} must be a dict of str to str, got {_type_name(value)}")
    for key, item in value.items():
        check_nonempty_str(op, f"{where} key", key)
        if not isinstance(item, str):
            raise TypeError(f"{op}(): {where}[{key!r}] must be a str, got {_type_name(item)}")


def check_new_topics(op: str, new_topics: object) -> list[NewTopic]:
    """A non-empty list of ``NewTopic`` with distinct, valid names and counts."""
    topics = _list(op, "new_topics", new_topics)
    for i, topic in enumerate(topics):
        where = f"new_topics[{i}]"
        _instance(op, where, topic, NewTopic, "NewTopic")
        _topic_name(op, f"{where}.topic", topic.topic)
        if topic.num_partitions == 0 or topic.num_partitions < -1:
            raise ValueError(
                f"{op}(): {where}.num_partitions must be -1 (broker default) or >= 1, "
                f"got {topic.num_partitions}"
            )
        if topic.replication_factor == 0 or topic.replication_factor < -1:
            raise ValueError(
                f"{op}(): {where}.replication_factor must be -1 (broker default) or >= 1, "
                f"got {topic.replication_factor}"
            )
        _string_map(op, f"{where}.config", topic.config)
    _unique(op, "new_topics", [t.topic for t in topics], "topic")
    return topics


def check_topic_names(op: str, name: str, topics: object) -> list[str]:
    """A non-empty list of distinct, non-empty topic names."""
    names = _list(op, name, topics)
    for i, topic in enumerate(names):
        _topic_name(op, f"{name}[{i}]", topic)
    _unique(op, name, names, "topic")
    return names


def check_topic_collection(op: str, topics: object) -> list[str]:
    """A ``TopicCollection`` whose names are valid; returns the names."""
    _instance(op, "topics", topics, TopicCollection, "TopicCollection")
    names = topics.topic_names  # type: ignore[attr-defined]
    return check_topic_names(op, "topics.topic_names", list(names) if isinstance(names, tuple) else names)


def check_new_partitions(op: str, new_partitions: object) -> list[NewPartitions]:
    """A non-empty list of ``NewPartitions`` with distinct topics and total counts >= 1."""
    items = _list(op, "new_partitions", new_partitions)
    for i, item in enumerate(items):
        where = f"new_partitions[{i}]"
        _instance(op, where, item, NewPartitions, "NewPartitions")
        _topic_name(op, f"{where}.topic", item.topic)
        if item.new_total_count < 1:
            raise ValueError(f"{op}(): {where}.new_total_count must be >= 1, got {item.new_total_count}")
    _unique(op, "new_partitions", [p.topic for p in items], "topic")
    return items


_CONFIG_RESOURCE_TYPES = frozenset({ResourceType.TOPIC, ResourceType.BROKER, ResourceType.GROUP})


def check_config_resources(op: str, resources: object, *, changes: str | None = None) -> list[ConfigResource]:
    """A non-empty list of distinct ``ConfigResource`` of a configurable type.

    ``changes`` names the attribute that must hold changes for an alter
    operation (``set_config_dict`` or ``incremental_configs``); at most one
    broker resource per call, since it must go to that broker.
    """
    items = _list(op, "resources", resources)
    brokers = 0
    for i, resource in enumerate(items):
        where = f"resources[{i}]"
        _instance(op, where, resource, ConfigResource, "ConfigResource")
        if resource.restype not in _CONFIG_RESOURCE_TYPES:
            raise ValueError(
                f"{op}(): {where} has resource type {resource.restype.name}; "
                "configs exist only for TOPIC, BROKER and GROUP"
            )
        check_nonempty_str(op, f"{where}.name", resource.name)
        if resource.restype is ResourceType.BROKER:
            brokers += 1
            if not resource.name.isdigit():
                raise ValueError(f"{op}(): {where}.name must be a broker id, got {resource.name!r}")
        if changes is not None and not getattr(resource, changes):
            raise ValueError(f"{op}(): {where} holds no config changes ({changes} is empty)")
        if changes == "incremental_configs":
            for j, entry in enumerate(resource.incremental_configs):
                if entry.incremental_operation is None:
                    raise ValueError(
                        f"{op}(): {where}.incremental_configs[{j}] ({entry.name!r}) "
                        "has no incremental_operation"
                    )
    if brokers > 1:
        raise ValueError(f"{op}(): resources holds {brokers} BROKER resources; at most one per call")
    _unique(op, "resources", items, "resource")
    return items


def _acl_fields(op: str, where: str, acl: AclBinding, *, is_filter: bool) -> None:
    if not is_filter:
        check_nonempty_str(op, f"{where}.name", acl.name)
        check_nonempty_str(op, f"{where}.principal", acl.principal)
        check_nonempty_str(op, f"{where}.host", acl.host)
        checks: tuple[tuple[str, Any, set[Enum]], ...] = (
            ("restype", acl.restype, {ResourceType.ANY, ResourceType.UNKNOWN}),
            (
                "resource_pattern_type",
                acl.resource_pattern_type,
                {ResourcePatternType.ANY, ResourcePatternType.MATCH, ResourcePatternType.UNKNOWN},
            ),
            ("operation", acl.operation, {AclOperation.ANY, AclOperation.UNKNOWN}),
            ("permission_type", acl.permission_type, {AclPermissionType.ANY, AclPermissionType.UNKNOWN}),
        )
        for field, value, forbidden in checks:
            if value in forbidden:
                raise ValueError(f"{op}(): {where}.{field} is {value.name}, which only a filter may use")


def check_acl_bindings(op: str, acls: object) -> list[AclBinding]:
    """A non-empty list of distinct, concrete ``AclBinding`` (not filters)."""
    items = _list(op, "acls", acls)
    for i, acl in enumerate(items):
        where = f"acls[{i}]"
        if isinstance(acl, AclBindingFilter) or not isinstance(acl, AclBinding):
            raise TypeError(f"{op}(): {where} must be an AclBinding, got {_type_name(acl)}")
        _acl_fields(op, where, acl, is_filter=False)
    _unique(op, "acls", items, "ACL binding")
    return items


def check_acl_filter(op: str, where: str, acl_filter: object) -> AclBindingFilter:
    """An ``AclBindingFilter``."""
    _instance(op, where, acl_filter, AclBindingFilter, "AclBindingFilter")
    return acl_filter  # type: ignore[return-value]


def check_acl_filters(op: str, filters: object) -> list[AclBindingFilter]:
    """A non-empty list of distinct ``AclBindingFilter``."""
    items = _list(op, "acl_binding_filters", filters)
    for i, item in enumerate(items):
        check_acl_filter(op, f"acl_binding_filters[{i}]", item)
    _unique(op, "acl_binding_filters", items, "filter")
    return items


def check_group_ids(op: str, group_ids: object) -> list[str]:
    """A non-empty list of distinct, non-empty group ids."""
    ids = _list(op, "group_ids", group_ids)
    for i, group_id in enumerate(ids):
        check_nonempty_str(op, f"group_ids[{i}]", group_id)
    _unique(op, "group_ids", ids, "group")
    return ids


def check_group_filters(op: str, name: str, values: object, cls: type[Any]) -> list[int] | None:
    """``None`` or a set of ``cls`` members (``ConsumerGroupState`` / ``ConsumerGroupType``)."""
    if values is None:
        return None
    if not isinstance(values, set):
        raise TypeError(f"{op}(): {name} must be a set of {cls.__name__}, got {_type_name(values)}")
    for value in values:
        if not isinstance(value, cls):
            raise TypeError(f"{op}(): {name} must hold only {cls.__name__}, got {_type_name(value)}")
    return sorted(int(v.value) for v in values)


def check_topic_partitions(
    op: str, name: str, partitions: object, *, offsets: str, allow_empty: bool = False
) -> list[TopicPartition]:
    """A list of ``TopicPartition`` with topics and partitions >= 0.

    ``offsets``: ``"none"`` (offset must be unset), ``"non-negative"``,
    ``"records"`` (>= 0 or -1, the log end) or ``"any"``.
    """
    items = _list(op, name, partitions, allow_empty=allow_empty)
    for i, tp in enumerate(items):
        where = f"{name}[{i}]"
        _instance(op, where, tp, TopicPartition, "TopicPartition")
        _topic_name(op, f"{where}.topic", tp.topic)
        if tp.partition < 0:
            raise ValueError(f"{op}(): {where}.partition must be >= 0, got {tp.partition}")
        if offsets == "none" and tp.offset != -1001:
            raise ValueError(f"{op}(): {where}.offset must not be set, got {tp.offset}")
        if offsets == "non-negative" and tp.offset < 0:
            raise ValueError(f"{op}(): {where}.offset must be >= 0, got {tp.offset}")
        if offsets == "records" and tp.offset < -1:
            raise ValueError(f"{op}(): {where}.offset must be >= 0 or -1 (OFFSET_END), got {tp.offset}")
    _unique(op, name, [(tp.topic, tp.partition) for tp in items], "topic partition")
    return items


def _one_group_request(op: str, name: str, request: object) -> ConsumerGroupTopicPartitions:
    items = _list(op, name, request)
    if len(items) != 1:
        raise ValueError(f"{op}(): {name} must hold exactly one group request, got {len(items)}")
    item = items[0]
    _instance(op, f"{name}[0]", item, ConsumerGroupTopicPartitions, "ConsumerGroupTopicPartitions")
    check_nonempty_str(op, f"{name}[0].group_id", item.group_id)
    return item  # type: ignore[no-any-return]


def check_list_group_offsets(op: str, name: str, request: object) -> str:
    """One ``ConsumerGroupTopicPartitions``, partitions ``None`` or offset-less; returns the group id."""
    item = _one_group_request(op, name, request)
    if item.topic_partitions is not None:
        check_topic_partitions(op, f"{name}[0].topic_partitions", item.topic_partitions, offsets="none")
    return str(item.group_id)


def check_alter_group_offsets(op: str, name: str, request: object) -> str:
    """One ``ConsumerGroupTopicPartitions`` with partitions and offsets >= 0; returns the group id."""
    item = _one_group_request(op, name, request)
    if item.topic_partitions is None:
        raise ValueError(f"{op}(): {name}[0].topic_partitions must list the partitions to alter")
    check_topic_partitions(op, f"{name}[0].topic_partitions", item.topic_partitions, offsets="non-negative")
    return str(item.group_id)


def check_scram_users(op: str, users: object) -> list[str] | None:
    """``None`` (all users) or a non-empty list of distinct user names."""
    if users is None:
        return None
    names = _list(op, "users", users)
    for i, user in enumerate(names):
        check_nonempty_str(op, f"users[{i}]", user)
    _unique(op, "users", names, "user")
    return names


def check_scram_alterations(op: str, alterations: object) -> list[UserScramCredentialAlteration]:
    """A non-empty list of upsertions / deletions, each (user, mechanism) once."""
    items = _list(op, "alterations", alterations)
    pairs: list[tuple[str, ScramMechanism]] = []
    for i, item in enumerate(items):
        where = f"alterations[{i}]"
        if isinstance(item, UserScramCredentialUpsertion):
            user = check_nonempty_str(op, f"{where}.user", item.user)
            info = item.scram_credential_info
            _instance(op, f"{where}.scram_credential_info", info, ScramCredentialInfo, "ScramCredentialInfo")
            _instance(
                op,
                f"{where}.scram_credential_info.mechanism",
                info.mechanism,
                ScramMechanism,
                "ScramMechanism",
            )
            if not isinstance(info.iterations, int) or info.iterations < 1:
                raise ValueError(f"{op}(): {where}.scram_credential_info.iterations must be an int >= 1")
            # Never echo the password or salt, not even their type's content.
            if not isinstance(item.password, bytes) or not item.password:
                raise TypeError(f"{op}(): {where}.password must be non-empty bytes")
            if item.salt is not None and (not isinstance(item.salt, bytes) or not item.salt):
                raise TypeError(f"{op}(): {where}.salt must be None or non-empty bytes")
            pairs.append((user, info.mechanism))
        elif isinstance(item, UserScramCredentialDeletion):
            user = check_nonempty_str(op, f"{where}.user", item.user)
            _instance(op, f"{where}.mechanism", item.mechanism, ScramMechanism, "ScramMechanism")
            pairs.append((user, item.mechanism))
        else:
            raise TypeError(
                f"{op}(): {where} must be a UserScramCredentialUpsertion or UserScramCredentialDeletion, "
                f"got {_type_name(item)}"
            )
    _unique(op, "alterations", pairs, "(user, mechanism)")
    return items


def check_list_offsets(op: str, topic_partition_offsets: object) -> dict[TopicPartition, OffsetSpec]:
    """A non-empty dict of ``TopicPartition`` to ``OffsetSpec``."""
    if not isinstance(topic_partition_offsets, dict):
        raise TypeError(
            f"{op}(): topic_partition_offsets must be a dict of TopicPartition to OffsetSpec, "
            f"got {_type_name(topic_partition_offsets)}"
        )
    if not topic_partition_offsets:
        raise ValueError(f"{op}(): topic_partition_offsets must not be empty")
    check_topic_partitions(op, "topic_partition_offsets", list(topic_partition_offsets), offsets="any")
    for tp, spec in topic_partition_offsets.items():
        if not isinstance(spec, OffsetSpec):
            raise TypeError(
                f"{op}(): topic_partition_offsets[{tp.topic}/{tp.partition}] must be an OffsetSpec, "
                f"got {_type_name(spec)}"
            )
    return topic_partition_offsets


def check_isolation_level(op: str, value: object) -> int:
    """An ``IsolationLevel``; returns its wire value."""
    _instance(op, "isolation_level", value, IsolationLevel, "IsolationLevel")
    return int(value.value)  # type: ignore[attr-defined]


def check_election(op: str, election_type: object, partitions: object) -> list[TopicPartition] | None:
    """An ``ElectionType`` and ``None`` (all partitions) or a non-empty partition list."""
    _instance(op, "election_type", election_type, ElectionType, "ElectionType")
    if partitions is None:
        return None
    return check_topic_partitions(op, "partitions", partitions, offsets="any")
