"""Operations the Tansu broker lacks (or crashes on), exercised where they cannot take the run down.

The librdkafka mock cluster accepts the requests the native layer builds but
implements few admin APIs: a request it cannot serve ends in a clean
per-entity error. These operations are verified for real only against a full
Apache Kafka cluster (see docs/admin.rst).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from kafka_admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    KafkaError,
    KafkaException,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)
from kafka_core import ElectionType, Producer, TopicPartition

ACL = AclBinding(
    ResourceType.TOPIC,
    "orders",
    ResourcePatternType.LITERAL,
    "User:bob",
    "*",
    AclOperation.READ,
    AclPermissionType.ALLOW,
)
ANY_ACL = AclBindingFilter(
    ResourceType.ANY, None, ResourcePatternType.ANY, None, None, AclOperation.ANY, AclPermissionType.ANY
)


@pytest.fixture
def mock_admin(mock_bootstrap: str) -> Iterator[AdminClient]:
    yield AdminClient({"bootstrap.servers": mock_bootstrap, "socket.timeout.ms": 1000, "log_level": 0})


def _code(exc: BaseException) -> int:
    assert isinstance(exc, KafkaException)
    return int(exc.args[0].code())


def test_delete_records_request_reaches_the_partition_leader(
    mock_admin: AdminClient, mock_bootstrap: str, new_topic: Callable[[str], str]
) -> None:
    topic = new_topic("rec")
    producer = Producer({"bootstrap.servers": mock_bootstrap, "log_level": 0})
    for _ in range(3):
        producer.produce(topic, b"x", partition=0)
    assert producer.flush(10) == 0
    futures = mock_admin.delete_records([TopicPartition(topic, 0, 2)], request_timeout=5)
    assert list(futures) == [TopicPartition(topic, 0)]
    with pytest.raises(KafkaException) as caught:
        futures[TopicPartition(topic, 0)].result(10)
    # The mock cluster has no DeleteRecords; a full Kafka cluster answers DeletedRecords(low_watermark=2).
    assert _code(caught.value) == KafkaError._UNSUPPORTED_FEATURE


def test_acl_requests_are_built_and_fail_per_entity(mock_admin: AdminClient) -> None:
    created = mock_admin.create_acls([ACL], request_timeout=1)
    deleted = mock_admin.delete_acls([ANY_ACL], request_timeout=1)
    described = mock_admin.describe_acls(ANY_ACL, request_timeout=1)
    assert list(created) == [ACL]
    assert list(deleted) == [ANY_ACL]
    for future in (created[ACL], deleted[ANY_ACL], described):
        with pytest.raises(KafkaException) as caught:
            future.result(10)
        assert _code(caught.value) == KafkaError._TIMED_OUT


def test_scram_requests_are_built_and_fail_per_user(mock_admin: AdminClient) -> None:
    alterations = [
        UserScramCredentialUpsertion(
            "alice", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), b"pw", b"salt"
        ),
        UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_512),
        UserScramCredentialDeletion("bob", ScramMechanism.SCRAM_SHA_256),
    ]
    futures = mock_admin.alter_user_scram_credentials(alterations, request_timeout=1)
    assert list(futures) == ["alice", "bob"]
    for future in futures.values():
        with pytest.raises(KafkaException) as caught:
            future.result(10)
        assert _code(caught.value) == KafkaError._TIMED_OUT
    described = mock_admin.describe_user_scram_credentials(None, request_timeout=1)
    with pytest.raises(KafkaException):
        described.result(10)  # type: ignore[union-attr]


def test_elect_leaders_request_is_built(mock_admin: AdminClient) -> None:
    future = mock_admin.elect_leaders(ElectionType.PREFERRED, [TopicPartition("orders", 0)])
    with pytest.raises(KafkaException) as caught:
        future.result(20)
    assert _code(caught.value) == KafkaError._TIMED_OUT


@pytest.mark.broker
def test_tansu_answers_acl_and_scram_descriptions(admin: AdminClient) -> None:
    # Safe on the shared broker: describing is answered, deleting is refused locally.
    assert admin.describe_acls(ANY_ACL, request_timeout=10).result(15) == []
    with pytest.raises(KafkaException) as caught:
        admin.delete_acls([ANY_ACL], request_timeout=10)[ANY_ACL].result(15)
    assert _code(caught.value) == KafkaError._UNSUPPORTED_FEATURE
    assert admin.describe_user_scram_credentials(request_timeout=10).result(15) == {}  # type: ignore[union-attr]
    per_user = admin.describe_user_scram_credentials(["nobody"], request_timeout=10)
    with pytest.raises(KafkaException, match="no result for 'nobody'"):
        per_user["nobody"].result(15)  # type: ignore[index]


@pytest.mark.broker
def test_tansu_refuses_leader_election(admin: AdminClient, make_topic: Callable[..., str]) -> None:
    topic = make_topic()
    with pytest.raises(KafkaException) as caught:
        admin.elect_leaders(ElectionType.PREFERRED, [TopicPartition(topic, 0)]).result(15)
    assert _code(caught.value) == KafkaError._UNSUPPORTED_FEATURE
