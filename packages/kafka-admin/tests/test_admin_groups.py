"""Consumer groups, group offsets, partition offsets and consumer lag against the Tansu broker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from kafka_admin import (
    AdminClient,
    AIOAdminClient,
    ConsumerGroupDescription,
    ConsumerGroupLag,
    KafkaError,
    KafkaException,
    ListConsumerGroupsResult,
    ListOffsetsResultInfo,
    OffsetSpec,
    PartitionLag,
    consumer_group_lag,
)
from kafka_core import Consumer, ConsumerGroupTopicPartitions, IsolationLevel, TopicPartition

pytestmark = pytest.mark.broker

Commit = Callable[[str, list[TopicPartition]], None]
Produce = Callable[[str, int, int], None]


def _committed(admin: AdminClient, group: str) -> dict[tuple[str, int], int]:
    result = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(15)
    assert result.group_id == group
    return {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions}


def test_committed_offsets_are_listed(
    admin: AdminClient,
    make_topic: Callable[..., str],
    commit_offsets: Commit,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=2), new_topic("grp")
    commit_offsets(group, [TopicPartition(topic, 0, 4), TopicPartition(topic, 1, 2)])
    assert _committed(admin, group) == {(topic, 0): 4, (topic, 1): 2}
    only = admin.list_consumer_group_offsets(
        [ConsumerGroupTopicPartitions(group, [TopicPartition(topic, 1)])], require_stable=False
    )[group].result(15)
    assert [(tp.partition, tp.offset) for tp in only.topic_partitions] == [(1, 2)]


def test_altered_offsets_read_back(
    admin: AdminClient,
    make_topic: Callable[..., str],
    commit_offsets: Commit,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=2), new_topic("grp")
    commit_offsets(group, [TopicPartition(topic, 0, 1), TopicPartition(topic, 1, 1)])
    request = [ConsumerGroupTopicPartitions(group, [TopicPartition(topic, 0, 7)])]
    altered = admin.alter_consumer_group_offsets(request)[group].result(15)
    assert [(tp.partition, tp.offset, tp.error) for tp in altered.topic_partitions] == [(0, 7, None)]
    assert _committed(admin, group) == {(topic, 0): 7, (topic, 1): 1}


def test_groups_are_listed_described_and_deleted(
    admin: AdminClient,
    make_topic: Callable[..., str],
    commit_offsets: Commit,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(), new_topic("grp")
    commit_offsets(group, [TopicPartition(topic, 0, 1)])
    listing = admin.list_consumer_groups(request_timeout=10).result(15)
    assert isinstance(listing, ListConsumerGroupsResult)
    assert group in {g.group_id for g in listing.valid}
    description = admin.describe_consumer_groups([group])[group].result(15)
    assert isinstance(description, ConsumerGroupDescription)
    assert description.group_id == group
    assert description.members == []
    assert admin.delete_consumer_groups([group])[group].result(15) is None
    assert _committed(admin, group) == {}
    assert group not in {g.group_id for g in admin.list_consumer_groups().result(15).valid}


def test_list_groups_is_deprecated_but_works(admin: AdminClient) -> None:
    with pytest.deprecated_call(match="list_consumer_groups"):
        groups = admin.list_groups(timeout=10)
    assert isinstance(groups, list)


def test_list_offsets_earliest_and_latest(
    admin: AdminClient, make_topic: Callable[..., str], produce_each: Produce
) -> None:
    topic = make_topic(partitions=2)
    produce_each(topic, 0, 4)
    futures = admin.list_offsets(
        {
            TopicPartition(topic, 0): OffsetSpec.latest(),
            TopicPartition(topic, 1): OffsetSpec.latest(),
        },
        isolation_level=IsolationLevel.READ_UNCOMMITTED,
        request_timeout=10,
    )
    results = {tp.partition: f.result(15) for tp, f in futures.items()}
    assert all(isinstance(r, ListOffsetsResultInfo) for r in results.values())
    assert {p: r.offset for p, r in results.items()} == {0: 4, 1: 0}
    earliest = admin.list_offsets({TopicPartition(topic, 0): OffsetSpec.earliest()})
    assert earliest[TopicPartition(topic, 0)].result(15).offset == 0


def test_lag_matches_what_was_produced_and_committed(
    admin: AdminClient,
    make_topic: Callable[..., str],
    produce_each: Produce,
    commit_offsets: Commit,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=3), new_topic("grp")
    produce_each(topic, 0, 5)
    produce_each(topic, 1, 3)
    commit_offsets(group, [TopicPartition(topic, 0, 2), TopicPartition(topic, 1, 3)])

    lag = admin.consumer_group_lag(group, timeout=20)
    assert lag == ConsumerGroupLag(
        group,
        (
            PartitionLag(topic, 0, committed_offset=2, log_end_offset=5, lag=3),
            PartitionLag(topic, 1, committed_offset=3, log_end_offset=3, lag=0),
        ),
    )
    assert lag.total_lag == 3
    assert lag.topic_lag() == {topic: 3}

    # Naming the topics covers every partition, committed or not.
    everything = consumer_group_lag(admin, group, [topic], isolation_level=IsolationLevel.READ_COMMITTED)
    assert [(p.partition, p.committed_offset, p.log_end_offset, p.lag) for p in everything.partitions] == [
        (0, 2, 5, 3),
        (1, 3, 3, 0),
        (2, None, 0, None),
    ]


def test_lag_follows_a_real_consumer(
    admin: AdminClient,
    make_topic: Callable[..., str],
    produce_each: Produce,
    tansu: str,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=1), new_topic("grp")
    produce_each(topic, 0, 6)
    consumer = Consumer(
        {
            "bootstrap.servers": tansu,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "session.timeout.ms": 2000,
            "heartbeat.interval.ms": 300,
            "log_level": 3,
        }
    )
    try:
        consumer.subscribe([topic])
        consumed = 0
        deadline = time.monotonic() + 20
        while consumed < 4 and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                consumed += 1
                consumer.commit(message=message, asynchronous=False)
        assert consumed == 4, "the consumer did not receive 4 records within 20 s"
    finally:
        consumer.close()
    lag = admin.consumer_group_lag(group)
    assert [(p.committed_offset, p.log_end_offset, p.lag) for p in lag.partitions] == [(4, 6, 2)]


def test_lag_of_a_group_without_commits_is_empty(admin: AdminClient, new_topic: Callable[[str], str]) -> None:
    assert admin.consumer_group_lag(new_topic("nogrp")).partitions == ()


def test_lag_of_a_missing_topic_raises(admin: AdminClient, new_topic: Callable[[str], str]) -> None:
    with pytest.raises(KafkaException) as caught:
        admin.consumer_group_lag(new_topic("grp"), [new_topic("missing")])
    assert caught.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_lag_arguments_are_checked(admin: AdminClient) -> None:
    with pytest.raises(ValueError, match=r"consumer_group_lag\(\): group_id must not be empty"):
        admin.consumer_group_lag("")
    with pytest.raises(TypeError, match=r"consumer_group_lag\(\): topics must be a list"):
        admin.consumer_group_lag("g", "orders")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"timeout must be a number of seconds > 0"):
        admin.consumer_group_lag("g", timeout=0)


def test_async_lag_and_group_operations(
    tansu: str,
    make_topic: Callable[..., str],
    produce_each: Produce,
    commit_offsets: Commit,
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=2), new_topic("grp")
    produce_each(topic, 1, 4)
    commit_offsets(group, [TopicPartition(topic, 1, 1)])

    async def scenario() -> tuple[ConsumerGroupLag, dict[tuple[str, int], int], list[str]]:
        async with AIOAdminClient({"bootstrap.servers": tansu, "log_level": 3}) as aio:
            lag = await aio.consumer_group_lag(group)
            altered = aio.alter_consumer_group_offsets(
                [ConsumerGroupTopicPartitions(group, [TopicPartition(topic, 1, 3)])]
            )
            await altered[group]
            listed = await aio.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group]
            groups = await aio.list_consumer_groups()
            return (
                lag,
                {(tp.topic, tp.partition): tp.offset for tp in listed.topic_partitions},
                [g.group_id for g in groups.valid],
            )

    lag, committed, groups = asyncio.run(scenario())
    assert [(p.partition, p.committed_offset, p.log_end_offset, p.lag) for p in lag.partitions] == [
        (1, 1, 4, 3)
    ]
    assert committed == {(topic, 1): 3}
    assert group in groups
