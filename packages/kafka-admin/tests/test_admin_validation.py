"""Invalid arguments raise at the call, naming the operation and the argument, before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from kafka_admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
    OffsetSpec,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)
from kafka_core import (
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    ElectionType,
    TopicCollection,
    TopicPartition,
)

ACL = AclBinding(
    ResourceType.TOPIC,
    "t",
    ResourcePatternType.LITERAL,
    "User:bob",
    "*",
    AclOperation.READ,
    AclPermissionType.ALLOW,
)
ACL_FILTER = AclBindingFilter(
    ResourceType.ANY, None, ResourcePatternType.ANY, None, None, AclOperation.ANY, AclPermissionType.ANY
)
SCRAM = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096)
SECRET = b"hunter2-very-secret"

Call = Callable[[AdminClient], Any]

CASES: list[tuple[str, Call, type[Exception], tuple[str, ...]]] = [
    (
        "new_topics not a list",
        lambda a: a.create_topics(NewTopic("t", 1)),
        TypeError,
        ("create_topics()", "new_topics must be a list", "NewTopic"),
    ),
    ("empty new_topics", lambda a: a.create_topics([]), ValueError, ("new_topics must not be empty",)),
    (
        "wrong type in list",
        lambda a: a.create_topics([NewTopic("t", 1), "u"]),
        TypeError,
        ("new_topics[1] must be a NewTopic, got str",),
    ),
    (
        "empty topic name",
        lambda a: a.create_topics([NewTopic("", 1)]),
        ValueError,
        ("new_topics[0].topic must not be empty",),
    ),
    (
        "zero partitions",
        lambda a: a.create_topics([NewTopic("t", 0)]),
        ValueError,
        ("new_topics[0].num_partitions", "got 0"),
    ),
    (
        "negative partitions",
        lambda a: a.create_topics([NewTopic("t", -3)]),
        ValueError,
        ("new_topics[0].num_partitions", "got -3"),
    ),
    (
        "negative replication",
        lambda a: a.create_topics([NewTopic("t", 1, -2)]),
        ValueError,
        ("new_topics[0].replication_factor", "got -2"),
    ),
    (
        "non-str config value",
        lambda a: a.create_topics([NewTopic("t", 1, config={"retention.ms": 5})]),
        TypeError,
        ("new_topics[0].config['retention.ms'] must be a str, got int",),
    ),
    (
        "duplicate topics",
        lambda a: a.create_topics([NewTopic("t", 1), NewTopic("t", 2)]),
        ValueError,
        ("topic 't' more than once",),
    ),
    (
        "topic name too long",
        lambda a: a.create_topics([NewTopic("x" * 250, 1)]),
        ValueError,
        ("new_topics[0].topic is 250 characters long",),
    ),
    (
        "unknown option",
        lambda a: a.create_topics([NewTopic("t", 1)], request_timout=5),
        TypeError,
        ("create_topics(): unexpected keyword argument 'request_timout'", "request_timeout"),
    ),
    (
        "timeout of wrong type",
        lambda a: a.create_topics([NewTopic("t", 1)], request_timeout="5"),
        TypeError,
        ("create_topics(): request_timeout must be int or float, got str",),
    ),
    (
        "negative timeout",
        lambda a: a.delete_topics(["t"], operation_timeout=-1),
        ValueError,
        ("delete_topics(): operation_timeout must be >= 0",),
    ),
    (
        "validate_only not bool",
        lambda a: a.create_topics([NewTopic("t", 1)], validate_only=1),
        TypeError,
        ("validate_only must be bool, got int",),
    ),
    (
        "empty name to delete",
        lambda a: a.delete_topics(["t", ""]),
        ValueError,
        ("topics[1] must not be empty",),
    ),
    (
        "topics not a list",
        lambda a: a.delete_topics("t"),
        TypeError,
        ("delete_topics(): topics must be a list",),
    ),
    (
        "negative partition total",
        lambda a: a.create_partitions([NewPartitions("t", -1)]),
        ValueError,
        ("new_partitions[0].new_total_count must be >= 1, got -1",),
    ),
    (
        "describe_topics needs a TopicCollection",
        lambda a: a.describe_topics(["t"]),
        TypeError,
        ("describe_topics(): topics must be a TopicCollection, got list",),
    ),
    (
        "describe_topics empty name",
        lambda a: a.describe_topics(TopicCollection(["ok", ""])),
        ValueError,
        ("topics.topic_names[1] must not be empty",),
    ),
    (
        "config resource of ACL-only type",
        lambda a: a.describe_configs([ConfigResource(ResourceType.ANY, "x")]),
        ValueError,
        ("resources[0] has resource type ANY", "TOPIC, BROKER and GROUP"),
    ),
    (
        "two broker resources",
        lambda a: a.describe_configs(
            [ConfigResource(ResourceType.BROKER, "1"), ConfigResource(ResourceType.BROKER, "2")]
        ),
        ValueError,
        ("2 BROKER resources",),
    ),
    (
        "broker name not an id",
        lambda a: a.describe_configs([ConfigResource(ResourceType.BROKER, "b1")]),
        ValueError,
        ("resources[0].name must be a broker id",),
    ),
    (
        "incremental without changes",
        lambda a: a.incremental_alter_configs([ConfigResource(ResourceType.TOPIC, "t")]),
        ValueError,
        ("resources[0] holds no config changes",),
    ),
    (
        "incremental entry without operation",
        lambda a: a.incremental_alter_configs(
            [ConfigResource(ResourceType.TOPIC, "t", incremental_configs=[ConfigEntry("retention.ms", "1")])]
        ),
        ValueError,
        ("incremental_configs[0] ('retention.ms') has no incremental_operation",),
    ),
    (
        "create_acls with a filter",
        lambda a: a.create_acls([ACL_FILTER]),
        TypeError,
        ("create_acls(): acls[0] must be an AclBinding, got AclBindingFilter",),
    ),
    ("duplicate acls", lambda a: a.create_acls([ACL, ACL]), ValueError, ("ACL binding",)),
    (
        "describe_acls with a binding",
        lambda a: a.describe_acls(ACL),
        TypeError,
        ("acl_binding_filter must be a AclBindingFilter, got AclBinding",),
    ),
    (
        "delete_acls not a list",
        lambda a: a.delete_acls(ACL_FILTER),
        TypeError,
        ("delete_acls(): acl_binding_filters must be a list",),
    ),
    (
        "group states not a set",
        lambda a: a.list_consumer_groups(states=[ConsumerGroupState.STABLE]),
        TypeError,
        ("list_consumer_groups(): states must be a set of ConsumerGroupState",),
    ),
    (
        "group states wrong member",
        lambda a: a.list_consumer_groups(states={"STABLE"}),
        TypeError,
        ("states must hold only ConsumerGroupState, got str",),
    ),
    (
        "empty group id",
        lambda a: a.describe_consumer_groups(["g", ""]),
        ValueError,
        ("group_ids[1] must not be empty",),
    ),
    ("no groups", lambda a: a.delete_consumer_groups([]), ValueError, ("group_ids must not be empty",)),
    (
        "two group offset requests",
        lambda a: a.list_consumer_group_offsets(
            [ConsumerGroupTopicPartitions("a"), ConsumerGroupTopicPartitions("b")]
        ),
        ValueError,
        ("exactly one group request, got 2",),
    ),
    (
        "listing offsets with an offset set",
        lambda a: a.list_consumer_group_offsets(
            [ConsumerGroupTopicPartitions("g", [TopicPartition("t", 0, 5)])]
        ),
        ValueError,
        ("topic_partitions[0].offset must not be set",),
    ),
    (
        "altering to a negative offset",
        lambda a: a.alter_consumer_group_offsets(
            [ConsumerGroupTopicPartitions("g", [TopicPartition("t", 0, -2)])]
        ),
        ValueError,
        ("alter_consumer_group_offsets_request[0].topic_partitions[0].offset must be >= 0",),
    ),
    (
        "altering without partitions",
        lambda a: a.alter_consumer_group_offsets([ConsumerGroupTopicPartitions("g")]),
        ValueError,
        ("must list the partitions to alter",),
    ),
    (
        "list_offsets spec of wrong type",
        lambda a: a.list_offsets({TopicPartition("t", 0): -1}),
        TypeError,
        ("topic_partition_offsets[t/0] must be an OffsetSpec, got int",),
    ),
    (
        "list_offsets negative partition",
        lambda a: a.list_offsets({TopicPartition("t", -1): OffsetSpec.latest()}),
        ValueError,
        ("topic_partition_offsets[0].partition must be >= 0",),
    ),
    (
        "list_offsets isolation level",
        lambda a: a.list_offsets({TopicPartition("t", 0): OffsetSpec.latest()}, isolation_level=1),
        TypeError,
        ("isolation_level must be a IsolationLevel, got int",),
    ),
    (
        "delete_records offset below OFFSET_END",
        lambda a: a.delete_records([TopicPartition("t", 0, -5)]),
        ValueError,
        ("topic_partition_offsets[0].offset must be >= 0 or -1",),
    ),
    (
        "delete_records wrong item",
        lambda a: a.delete_records([("t", 0)]),
        TypeError,
        ("topic_partition_offsets[0] must be a TopicPartition, got tuple",),
    ),
    (
        "elect_leaders type",
        lambda a: a.elect_leaders(0),
        TypeError,
        ("election_type must be a ElectionType",),
    ),
    (
        "elect_leaders timeouts",
        lambda a: a.elect_leaders(ElectionType.PREFERRED, None, request_timeout=5),
        TypeError,
        ("elect_leaders(): keyword options are not supported", "request_timeout"),
    ),
    (
        "scram user empty",
        lambda a: a.describe_user_scram_credentials([""]),
        ValueError,
        ("users[0] must not be empty",),
    ),
    (
        "scram mixed item",
        lambda a: a.alter_user_scram_credentials(["alice"]),
        TypeError,
        ("alterations[0] must be a UserScramCredentialUpsertion or UserScramCredentialDeletion",),
    ),
    (
        "scram duplicate pair",
        lambda a: a.alter_user_scram_credentials(
            [UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_256)] * 2
        ),
        ValueError,
        ("(user, mechanism)",),
    ),
    (
        "list_topics empty topic",
        lambda a: a.list_topics(""),
        ValueError,
        ("list_topics(): topic must not be empty",),
    ),
]


@pytest.mark.parametrize(("call", "error", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_argument_raises_naming_it(
    offline_admin: AdminClient, call: Call, error: type[Exception], fragments: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        call(offline_admin)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_scram_password_is_never_echoed(offline_admin: AdminClient) -> None:
    bad = UserScramCredentialUpsertion("alice", SCRAM, SECRET.decode())  # str, not bytes
    with pytest.raises(TypeError) as caught:
        offline_admin.alter_user_scram_credentials([bad])
    assert "alterations[0].password must be non-empty bytes" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_sasl_password_is_never_echoed(offline_admin: AdminClient) -> None:
    with pytest.raises(TypeError) as caught:
        offline_admin.set_sasl_credentials("alice", SECRET)  # type: ignore[arg-type]
    assert "password must be a str, got bytes" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_conf_must_be_a_dict() -> None:
    with pytest.raises(TypeError, match=r"AdminClient\(\): conf must be a dict, got list"):
        AdminClient([("bootstrap.servers", "127.0.0.1:9")])  # type: ignore[arg-type]


def test_valid_requests_are_accepted_without_a_broker(offline_admin: AdminClient) -> None:
    """Checks pass real requests through: the native layer accepts them and answers by timing out."""
    futures = offline_admin.create_topics([NewTopic("t", 1)], request_timeout=0.2)
    assert set(futures) == {"t"}
    resource = ConfigResource(
        ResourceType.TOPIC,
        "t",
        incremental_configs=[ConfigEntry("retention.ms", "1", incremental_operation=AlterConfigOpType.SET)],
    )
    assert set(offline_admin.incremental_alter_configs([resource], request_timeout=0.2)) == {resource}
    with pytest.raises(Exception, match=r"[Tt]imed out"):
        futures["t"].result(10)


def test_conf_values_the_native_layer_would_stringify_are_refused() -> None:
    with pytest.raises(
        TypeError, match=r"conf\['sasl.password'\] must be a str, int, float, bool or callback, got list"
    ):
        AdminClient({"bootstrap.servers": "127.0.0.1:9", "sasl.password": ["hunter2"]})
    with pytest.raises(TypeError, match=r"conf\['sasl.username'\] .* got NoneType"):
        AdminClient({"bootstrap.servers": "127.0.0.1:9", "sasl.username": None})
