"""``AIOAdminClient``: the admin operations as asyncio awaitables.

Requests are handed to the native client at once (that never blocks); the
returned ``asyncio.Future`` objects are the ``AdminClient`` futures wrapped
with ``asyncio.wrap_future``, so awaiting them never blocks the event loop.
The few calls that block in the native layer (``list_topics``,
``list_groups``, ``cluster_id``, ``poll``) run in a worker thread.
Each method takes the arguments of the ``AdminClient`` method of that name.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from ._client import AdminClient
from ._types import (
    AclBinding,
    AclBindingFilter,
    ClusterMetadata,
    ConfigEntry,
    ConfigResource,
    ConsumerGroupDescription,
    ConsumerGroupTopicPartitions,
    DeletedRecords,
    DescribeClusterResult,
    ElectionType,
    GroupMetadata,
    KafkaException,
    ListConsumerGroupsResult,
    ListOffsetsResultInfo,
    NewPartitions,
    NewTopic,
    OffsetSpec,
    TopicCollection,
    TopicDescription,
    TopicPartition,
    UserScramCredentialAlteration,
    UserScramCredentialsDescription,
)

if TYPE_CHECKING:
    from types import TracebackType

    from ._lag import ConsumerGroupLag
    from ._topic_plan import TopicPlan, TopicPlanResult
    from ._topic_spec import TopicSpec

__all__ = ["AIOAdminClient"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _loop(operation: str) -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(f"AIOAdminClient.{operation}() must be called from a running event loop") from None


def _one(operation: str, submit: Callable[[], Future[V]]) -> asyncio.Future[V]:
    # The loop is checked first, so that nothing is sent when there is none.
    loop = _loop(operation)
    return asyncio.wrap_future(submit(), loop=loop)


def _each(operation: str, submit: Callable[[], dict[K, Future[V]]]) -> dict[K, asyncio.Future[V]]:
    loop = _loop(operation)
    return {key: asyncio.wrap_future(future, loop=loop) for key, future in submit().items()}


class AIOAdminClient:
    """Admin client for asyncio services.

    Operations return ``asyncio.Future`` objects shaped like the
    ``AdminClient`` results (``{entity: future}`` or a single future) and must
    be called from a running event loop. ``conf`` and keywords are those of
    ``AdminClient``.
    """

    def __init__(self, conf: dict[str, str | int | float | bool], **kwargs: Any) -> None:
        self._client = AdminClient(conf, **kwargs)

    @property
    def sync_client(self) -> AdminClient:
        """The blocking ``AdminClient`` this client submits through."""
        return self._client

    async def __aenter__(self) -> AIOAdminClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Destroy the native client (in a worker thread: it waits for outstanding requests)."""
        await asyncio.to_thread(self._client.__exit__, exc_type, exc_value, traceback)

    async def poll(self, timeout: float = -1) -> int:
        """``AdminClient.poll`` in a worker thread."""
        return await asyncio.to_thread(self._client.poll, timeout)

    def set_sasl_credentials(self, username: str, password: str) -> None:
        """Replace the SASL credentials (does not block)."""
        self._client.set_sasl_credentials(username, password)

    async def list_topics(self, topic: str | None = None, timeout: float = -1) -> ClusterMetadata:
        """Cluster metadata, fetched in a worker thread."""
        return await asyncio.to_thread(self._client.list_topics, topic, timeout)

    async def list_groups(self, group: str | None = None, timeout: float = -1) -> list[GroupMetadata]:
        """Deprecated group metadata, fetched in a worker thread."""
        return await asyncio.to_thread(self._client.list_groups, group, timeout)

    async def cluster_id(self, timeout: float = -1) -> str:
        """The cluster id, fetched in a worker thread."""
        return await asyncio.to_thread(self._client.cluster_id, timeout)

    def describe_cluster(self, **kwargs: Any) -> asyncio.Future[DescribeClusterResult]:
        return _one("describe_cluster", lambda: self._client.describe_cluster(**kwargs))

    def create_topics(self, new_topics: list[NewTopic], **kwargs: Any) -> dict[str, asyncio.Future[None]]:
        return _each("create_topics", lambda: self._client.create_topics(new_topics, **kwargs))

    def delete_topics(self, topics: list[str], **kwargs: Any) -> dict[str, asyncio.Future[None]]:
        return _each("delete_topics", lambda: self._client.delete_topics(topics, **kwargs))

    def create_partitions(
        self, new_partitions: list[NewPartitions], **kwargs: Any
    ) -> dict[str, asyncio.Future[None]]:
        return _each("create_partitions", lambda: self._client.create_partitions(new_partitions, **kwargs))

    def describe_topics(
        self, topics: TopicCollection, **kwargs: Any
    ) -> dict[str, asyncio.Future[TopicDescription]]:
        return _each("describe_topics", lambda: self._client.describe_topics(topics, **kwargs))

    def describe_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, asyncio.Future[dict[str, ConfigEntry]]]:
        return _each("describe_configs", lambda: self._client.describe_configs(resources, **kwargs))

    def alter_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, asyncio.Future[None]]:
        """Deprecated, as ``AdminClient.alter_configs``."""
        # Warn here, not in the sync method, so that the warning names our caller.
        warnings.warn(
            "alter_configs has been deprecated. Use incremental_alter_configs instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        loop = _loop("alter_configs")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            futures = self._client.alter_configs(resources, **kwargs)
        return {key: asyncio.wrap_future(future, loop=loop) for key, future in futures.items()}

    def incremental_alter_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, asyncio.Future[None]]:
        return _each(
            "incremental_alter_configs", lambda: self._client.incremental_alter_configs(resources, **kwargs)
        )

    def create_acls(self, acls: list[AclBinding], **kwargs: Any) -> dict[AclBinding, asyncio.Future[None]]:
        return _each("create_acls", lambda: self._client.create_acls(acls, **kwargs))

    def describe_acls(
        self, acl_binding_filter: AclBindingFilter, **kwargs: Any
    ) -> asyncio.Future[list[AclBinding]]:
        return _one("describe_acls", lambda: self._client.describe_acls(acl_binding_filter, **kwargs))

    def delete_acls(
        self, acl_binding_filters: list[AclBindingFilter], **kwargs: Any
    ) -> dict[AclBindingFilter, asyncio.Future[list[AclBinding]]]:
        return _each("delete_acls", lambda: self._client.delete_acls(acl_binding_filters, **kwargs))

    def list_consumer_groups(self, **kwargs: Any) -> asyncio.Future[ListConsumerGroupsResult]:
        return _one("list_consumer_groups", lambda: self._client.list_consumer_groups(**kwargs))

    def describe_consumer_groups(
        self, group_ids: list[str], **kwargs: Any
    ) -> dict[str, asyncio.Future[ConsumerGroupDescription]]:
        return _each(
            "describe_consumer_groups", lambda: self._client.describe_consumer_groups(group_ids, **kwargs)
        )

    def delete_consumer_groups(self, group_ids: list[str], **kwargs: Any) -> dict[str, asyncio.Future[None]]:
        return _each(
            "delete_consumer_groups", lambda: self._client.delete_consumer_groups(group_ids, **kwargs)
        )

    def list_consumer_group_offsets(
        self, list_consumer_group_offsets_request: list[ConsumerGroupTopicPartitions], **kwargs: Any
    ) -> dict[str, asyncio.Future[ConsumerGroupTopicPartitions]]:
        return _each(
            "list_consumer_group_offsets",
            lambda: self._client.list_consumer_group_offsets(list_consumer_group_offsets_request, **kwargs),
        )

    def alter_consumer_group_offsets(
        self, alter_consumer_group_offsets_request: list[ConsumerGroupTopicPartitions], **kwargs: Any
    ) -> dict[str, asyncio.Future[ConsumerGroupTopicPartitions]]:
        return _each(
            "alter_consumer_group_offsets",
            lambda: self._client.alter_consumer_group_offsets(alter_consumer_group_offsets_request, **kwargs),
        )

    def describe_user_scram_credentials(
        self, users: list[str] | None = None, **kwargs: Any
    ) -> (
        asyncio.Future[dict[str, UserScramCredentialsDescription]]
        | dict[str, asyncio.Future[UserScramCredentialsDescription]]
    ):
        loop = _loop("describe_user_scram_credentials")
        result = self._client.describe_user_scram_credentials(users, **kwargs)
        if isinstance(result, dict):
            return {key: asyncio.wrap_future(future, loop=loop) for key, future in result.items()}
        return asyncio.wrap_future(result, loop=loop)

    def alter_user_scram_credentials(
        self, alterations: list[UserScramCredentialAlteration], **kwargs: Any
    ) -> dict[str, asyncio.Future[None]]:
        return _each(
            "alter_user_scram_credentials",
            lambda: self._client.alter_user_scram_credentials(alterations, **kwargs),
        )

    def list_offsets(
        self, topic_partition_offsets: dict[TopicPartition, OffsetSpec], **kwargs: Any
    ) -> dict[TopicPartition, asyncio.Future[ListOffsetsResultInfo]]:
        return _each("list_offsets", lambda: self._client.list_offsets(topic_partition_offsets, **kwargs))

    def delete_records(
        self, topic_partition_offsets: list[TopicPartition], **kwargs: Any
    ) -> dict[TopicPartition, asyncio.Future[DeletedRecords]]:
        return _each("delete_records", lambda: self._client.delete_records(topic_partition_offsets, **kwargs))

    def elect_leaders(
        self, election_type: ElectionType, partitions: list[TopicPartition] | None = None, **kwargs: Any
    ) -> asyncio.Future[dict[TopicPartition, KafkaException | None]]:
        return _one("elect_leaders", lambda: self._client.elect_leaders(election_type, partitions, **kwargs))

    async def consumer_group_lag(
        self, group_id: str, topics: list[str] | None = None, *, timeout: float = 30.0, **kwargs: Any
    ) -> ConsumerGroupLag:
        """Per-partition committed offset, log end offset and lag (see ``kafka_admin.consumer_group_lag``)."""
        from ._lag import consumer_group_lag_async

        return await consumer_group_lag_async(self, group_id, topics, timeout=timeout, **kwargs)

    async def plan_topics(self, desired: list[TopicSpec], **kwargs: Any) -> TopicPlan:
        """The changes that would bring the cluster's topics to ``desired`` (see ``plan_topics``)."""
        from ._topic_plan import plan_topics_async

        return await plan_topics_async(self, desired, **kwargs)

    async def apply_topics(self, desired: list[TopicSpec], **kwargs: Any) -> TopicPlanResult:
        """Bring the cluster's topics to ``desired`` (see ``apply_topics``)."""
        from ._topic_plan import apply_topics_async

        return await apply_topics_async(self, desired, **kwargs)
