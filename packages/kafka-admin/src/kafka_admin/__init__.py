"""kafka-admin: the Kafka AdminClient of the reference API, and what admins reach for next.

``AdminClient`` has every operation of the Confluent client's admin API, with
the same names, arguments and futures; the admin types are the native layer's
own. Beside it: ``AIOAdminClient`` (asyncio), consumer lag
(``consumer_group_lag``), declarative topics (``TopicSpec``, ``plan_topics``,
``apply_topics``) and the ``kafka-admin`` command line.
"""

from __future__ import annotations

from .__about__ import __version__
from ._client import AdminClient
from ._types import (
    CONFIG_SOURCE_DEFAULT_CONFIG,
    CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG,
    CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG,
    CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG,
    CONFIG_SOURCE_GROUP_CONFIG,
    CONFIG_SOURCE_STATIC_BROKER_CONFIG,
    CONFIG_SOURCE_UNKNOWN_CONFIG,
    OFFSET_INVALID,
    RESOURCE_ANY,
    RESOURCE_BROKER,
    RESOURCE_GROUP,
    RESOURCE_TOPIC,
    RESOURCE_TRANSACTIONAL_ID,
    RESOURCE_UNKNOWN,
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AlterConfigOpType,
    BrokerMetadata,
    ClusterMetadata,
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    ConsumerGroupDescription,
    ConsumerGroupListing,
    DeletedRecords,
    DescribeClusterResult,
    GroupMember,
    GroupMetadata,
    KafkaError,
    KafkaException,
    ListConsumerGroupsResult,
    ListOffsetsResultInfo,
    MemberAssignment,
    MemberDescription,
    NewPartitions,
    NewTopic,
    OffsetSpec,
    PartitionMetadata,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    TopicDescription,
    TopicMetadata,
    UserScramCredentialAlteration,
    UserScramCredentialDeletion,
    UserScramCredentialsDescription,
    UserScramCredentialUpsertion,
)

__all__ = [
    "CONFIG_SOURCE_DEFAULT_CONFIG",
    "CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG",
    "CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG",
    "CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG",
    "CONFIG_SOURCE_GROUP_CONFIG",
    "CONFIG_SOURCE_STATIC_BROKER_CONFIG",
    "CONFIG_SOURCE_UNKNOWN_CONFIG",
    "OFFSET_INVALID",
    "RESOURCE_ANY",
    "RESOURCE_BROKER",
    "RESOURCE_GROUP",
    "RESOURCE_TOPIC",
    "RESOURCE_TRANSACTIONAL_ID",
    "RESOURCE_UNKNOWN",
    "AIOAdminClient",
    "AclBinding",
    "AclBindingFilter",
    "AclOperation",
    "AclPermissionType",
    "AdminClient",
    "AlterConfigOpType",
    "AlterTopicConfig",
    "BrokerMetadata",
    "ClusterMetadata",
    "ConfigChange",
    "ConfigEntry",
    "ConfigResource",
    "ConfigSource",
    "ConsumerGroupDescription",
    "ConsumerGroupLag",
    "ConsumerGroupListing",
    "CreateTopic",
    "DeleteTopic",
    "DeletedRecords",
    "DescribeClusterResult",
    "GroupMember",
    "GroupMetadata",
    "GrowPartitions",
    "KafkaError",
    "KafkaException",
    "ListConsumerGroupsResult",
    "ListOffsetsResultInfo",
    "MemberAssignment",
    "MemberDescription",
    "NewPartitions",
    "NewTopic",
    "OffsetSpec",
    "PartitionLag",
    "PartitionMetadata",
    "ResourcePatternType",
    "ResourceType",
    "ScramCredentialInfo",
    "ScramMechanism",
    "TopicAction",
    "TopicDescription",
    "TopicMetadata",
    "TopicPlan",
    "TopicPlanResult",
    "TopicSpec",
    "UserScramCredentialAlteration",
    "UserScramCredentialDeletion",
    "UserScramCredentialUpsertion",
    "UserScramCredentialsDescription",
    "__version__",
    "apply_topics",
    "apply_topics_async",
    "consumer_group_lag",
    "consumer_group_lag_async",
    "diff_topics",
    "load_topic_specs",
    "plan_topics",
    "plan_topics_async",
    "topic_specs_from_data",
]

# The asyncio client, lag and declarative topics are loaded on first use:
# `from kafka_admin import AdminClient` does not pay for them.
_LAZY = {
    "AIOAdminClient": "_aio_client",
    **dict.fromkeys(("ConsumerGroupLag", "PartitionLag", "consumer_group_lag", "consumer_group_lag_async"),
                    "_lag"),
    **dict.fromkeys(("AlterTopicConfig", "ConfigChange", "CreateTopic", "DeleteTopic", "GrowPartitions",
                     "TopicAction", "TopicPlan", "TopicPlanResult", "apply_topics", "apply_topics_async",
                     "diff_topics", "plan_topics", "plan_topics_async"), "_topic_plan"),
    **dict.fromkeys(("TopicSpec", "load_topic_specs", "topic_specs_from_data"), "_topic_spec"),
}


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kafka_admin' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value
