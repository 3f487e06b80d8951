"""AIOAdminClient: the operations as awaitables, never blocking the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from kafka_admin import (
    AIOAdminClient,
    ConfigResource,
    DescribeClusterResult,
    KafkaError,
    KafkaException,
    NewTopic,
    ResourceType,
)
from kafka_core import TopicCollection


@pytest.mark.broker
def test_topic_operations_are_awaitable(tansu: str, new_topic: Callable[[str], str]) -> None:
    name = new_topic("aio")

    async def scenario() -> None:
        async with AIOAdminClient({"bootstrap.servers": tansu, "log_level": 3}) as aio:
            created = aio.create_topics([NewTopic(name, 2, 1, config={"retention.ms": "5000"})])
            assert all(isinstance(f, asyncio.Future) for f in created.values())
            await asyncio.gather(*created.values())
            description = await aio.describe_topics(TopicCollection([name]))[name]
            assert len(description.partitions) == 2
            resource = ConfigResource(ResourceType.TOPIC, name)
            configs = await aio.describe_configs([resource])[resource]
            assert configs["retention.ms"].value == "5000"
            cluster = await aio.describe_cluster()
            assert isinstance(cluster, DescribeClusterResult)
            assert cluster.cluster_id == await aio.cluster_id(10)
            assert name in (await aio.list_topics(timeout=10)).topics
            await aio.delete_topics([name])[name]
            with pytest.raises(KafkaException) as caught:
                await aio.describe_topics(TopicCollection([name]))[name]
            assert caught.value.args[0].code() == KafkaError.UNKNOWN_TOPIC_OR_PART

    asyncio.run(scenario())


def test_awaiting_does_not_block_the_loop() -> None:
    async def scenario() -> tuple[int, float]:
        aio = AIOAdminClient({"bootstrap.servers": "127.0.0.1:9", "log_level": 0})
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        task = asyncio.create_task(ticker())
        started = time.monotonic()
        with pytest.raises(KafkaException):
            await aio.describe_cluster(request_timeout=0.5)
        elapsed = time.monotonic() - started
        task.cancel()
        return ticks, elapsed

    ticks, elapsed = asyncio.run(scenario())
    assert elapsed >= 0.4
    assert ticks >= 10, "the event loop was blocked while the request was pending"


def test_operations_need_a_running_loop() -> None:
    aio = AIOAdminClient({"bootstrap.servers": "127.0.0.1:9", "log_level": 0})
    with pytest.raises(
        RuntimeError, match=r"AIOAdminClient.describe_cluster\(\) must be called from a running"
    ):
        aio.describe_cluster(request_timeout=0.1)


def test_bad_arguments_raise_at_the_call() -> None:
    async def scenario() -> None:
        aio = AIOAdminClient({"bootstrap.servers": "127.0.0.1:9", "log_level": 0})
        with pytest.raises(ValueError, match=r"create_topics\(\): new_topics\[0\].num_partitions"):
            aio.create_topics([NewTopic("t", 0)])

    asyncio.run(scenario())


@pytest.mark.broker
def test_deprecated_and_scram_shapes_match_the_sync_client(
    tansu: str, make_topic: Callable[..., str]
) -> None:
    name = make_topic()

    async def scenario() -> None:
        async with AIOAdminClient({"bootstrap.servers": tansu, "log_level": 3}) as aio:
            resource = ConfigResource(ResourceType.TOPIC, name, set_config={"retention.ms": "1000"})
            with pytest.deprecated_call(match="incremental_alter_configs"):
                altered = aio.alter_configs([resource], request_timeout=10)
            with pytest.raises(KafkaException):
                await altered[resource]  # Tansu has no AlterConfigs
            everyone = aio.describe_user_scram_credentials(request_timeout=10)
            assert isinstance(everyone, asyncio.Future)
            assert await everyone == {}
            per_user = aio.describe_user_scram_credentials(["nobody"], request_timeout=10)
            assert isinstance(per_user, dict)
            with pytest.raises(KafkaException, match="no result for 'nobody'"):
                await per_user["nobody"]
            assert isinstance(await aio.poll(0), int)

    asyncio.run(scenario())
