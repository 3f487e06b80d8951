"""Topic, cluster and config operations against the Tansu broker."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kafka_admin import (
    AdminClient,
    AlterConfigOpType,
    ClusterMetadata,
    ConfigEntry,
    ConfigResource,
    DescribeClusterResult,
    KafkaError,
    KafkaException,
    NewPartitions,
    NewTopic,
    ResourceType,
    TopicDescription,
)
from kafka_core import TopicCollection

pytestmark = pytest.mark.broker


def _code(exc: BaseException) -> int:
    assert isinstance(exc, KafkaException)
    return int(exc.args[0].code())


def test_created_topics_exist_with_their_partition_count(
    admin: AdminClient, new_topic: Callable[[str], str]
) -> None:
    one, three = new_topic("adm"), new_topic("adm")
    futures = admin.create_topics([NewTopic(one, 1, 1), NewTopic(three, 3, 1)], operation_timeout=10)
    assert set(futures) == {one, three}
    assert [f.result(15) for f in futures.values()] == [None, None]
    metadata = admin.list_topics(timeout=10)
    assert isinstance(metadata, ClusterMetadata)
    assert len(metadata.topics[one].partitions) == 1
    assert len(metadata.topics[three].partitions) == 3
    assert len(admin.list_topics(three, timeout=10).topics[three].partitions) == 3


def test_creating_an_existing_topic_fails_that_topic_only(
    admin: AdminClient, make_topic: Callable[..., str], new_topic: Callable[[str], str]
) -> None:
    existing, fresh = make_topic(), new_topic("adm")
    futures = admin.create_topics([NewTopic(existing, 1, 1), NewTopic(fresh, 2, 1)])
    with pytest.raises(KafkaException) as caught:
        futures[existing].result(15)
    assert _code(caught.value) == KafkaError.TOPIC_ALREADY_EXISTS
    assert futures[fresh].result(15) is None


def test_deleted_topics_are_gone(admin: AdminClient, make_topic: Callable[..., str]) -> None:
    name = make_topic()
    assert admin.delete_topics([name], operation_timeout=10)[name].result(15) is None
    assert name not in admin.list_topics(timeout=10).topics


def test_deleting_a_missing_topic_fails_with_unknown_topic(
    admin: AdminClient, new_topic: Callable[[str], str]
) -> None:
    name = new_topic("missing")
    with pytest.raises(KafkaException) as caught:
        admin.delete_topics([name])[name].result(15)
    assert _code(caught.value) == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_describe_topics_gives_partitions_and_replicas(
    admin: AdminClient, make_topic: Callable[..., str], new_topic: Callable[[str], str]
) -> None:
    name, missing = make_topic(partitions=2), new_topic("missing")
    futures = admin.describe_topics(TopicCollection([name, missing]))
    description = futures[name].result(15)
    assert isinstance(description, TopicDescription)
    assert description.name == name
    assert [p.id for p in description.partitions] == [0, 1]
    assert all(len(p.replicas) == 1 for p in description.partitions)
    with pytest.raises(KafkaException) as caught:
        futures[missing].result(15)
    assert _code(caught.value) == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_describe_cluster_and_cluster_id(admin: AdminClient) -> None:
    result = admin.describe_cluster(request_timeout=10).result(15)
    assert isinstance(result, DescribeClusterResult)
    assert result.cluster_id == admin.cluster_id(timeout=10)
    assert result.controller is not None
    assert [n.id for n in result.nodes] == [result.controller.id]
    assert result.nodes[0].host == "127.0.0.1"


def test_configs_set_at_creation_read_back(admin: AdminClient, make_topic: Callable[..., str]) -> None:
    name = make_topic(config={"retention.ms": "3600000"})
    resource = ConfigResource(ResourceType.TOPIC, name)
    configs = admin.describe_configs([resource])[resource].result(15)
    assert configs["retention.ms"].value == "3600000"
    assert configs["retention.ms"].name == "retention.ms"


def test_incremental_alter_configs_set_and_delete_read_back(
    admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic(config={"retention.ms": "3600000", "cleanup.policy": "delete"})
    change = ConfigResource(
        ResourceType.TOPIC,
        name,
        incremental_configs=[
            ConfigEntry("retention.ms", "7200000", incremental_operation=AlterConfigOpType.SET),
            ConfigEntry("cleanup.policy", None, incremental_operation=AlterConfigOpType.DELETE),
        ],
    )
    assert admin.incremental_alter_configs([change])[change].result(15) is None
    resource = ConfigResource(ResourceType.TOPIC, name)
    configs = admin.describe_configs([resource])[resource].result(15)
    assert configs["retention.ms"].value == "7200000"
    assert "cleanup.policy" not in configs or configs["cleanup.policy"].is_default


def test_validate_only_is_passed_to_the_broker(admin: AdminClient, new_topic: Callable[[str], str]) -> None:
    name = new_topic("adm")
    # Tansu accepts the request; a full Kafka cluster would not create the topic.
    assert admin.create_topics([NewTopic(name, 1, 1)], validate_only=True)[name].result(15) is None


# Operations Tansu does not implement: librdkafka refuses them locally after
# reading the broker's API versions, so the error reaches the caller's future.


def test_create_partitions_reports_the_unsupported_broker(
    admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic(partitions=1)
    with pytest.raises(KafkaException) as caught:
        admin.create_partitions([NewPartitions(name, 3)], request_timeout=10)[name].result(15)
    assert _code(caught.value) == KafkaError._UNSUPPORTED_FEATURE
    assert "CreatePartitions" in str(caught.value)


def test_alter_configs_is_deprecated_and_reports_the_unsupported_broker(
    admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic()
    resource = ConfigResource(ResourceType.TOPIC, name, set_config={"retention.ms": "1000"})
    with pytest.deprecated_call(match="incremental_alter_configs"):
        futures = admin.alter_configs([resource], request_timeout=10)
    with pytest.raises(KafkaException) as caught:
        futures[resource].result(15)
    assert _code(caught.value) == KafkaError._UNSUPPORTED_FEATURE


def test_client_is_a_context_manager_that_closes_it(tansu: str) -> None:
    with AdminClient({"bootstrap.servers": tansu, "log_level": 3}) as admin:
        assert admin.describe_cluster().result(15).cluster_id
    with pytest.raises(RuntimeError, match="closed"):
        admin.describe_cluster()
