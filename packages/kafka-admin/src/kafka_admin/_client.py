"""``AdminClient``: the reference admin API over the native admin client.

Every operation checks its arguments (raising ``TypeError`` / ``ValueError``
naming the argument before anything is sent), hands the request to the
native client with a request future, and returns futures the native
background thread completes: one per entity (topic, group, resource, ...)
where the reference returns a dict, or a single one. A failed entity's future
raises ``KafkaException``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from kafka_core._native import cimpl

from . import _validation as check
from ._futures import by_key, by_position, by_resource, fan_out, new_future, single_result
from ._native_release import release, start_reaper
from ._types import (
    AclBinding,
    AclBindingFilter,
    ClusterMetadata,
    ConfigEntry,
    ConfigResource,
    ConsumerGroupDescription,
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    ConsumerGroupType,
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

__all__ = ["AdminClient"]

_NUMBER = (int, float)

# Keyword options each operation accepts, and the type each must have.
_REQUEST = {"request_timeout": _NUMBER}
_OPERATION = {"request_timeout": _NUMBER, "operation_timeout": _NUMBER}
_VALIDATE = {"validate_only": (bool,)}


def _check_option_type(op: str, name: str, value: object, types: tuple[type, ...]) -> None:
    if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
        expected = " or ".join(t.__name__ for t in types)
        raise TypeError(f"{op}(): {name} must be {expected}, got {type(value).__name__}")


def _options(op: str, kwargs: dict[str, Any], accepted: Mapping[str, tuple[type, ...]]) -> dict[str, Any]:
    """Check ``kwargs`` against ``accepted`` and return them for the native call."""
    for name, value in kwargs.items():
        if name not in accepted:
            names = ", ".join(sorted(accepted)) or "none"
            raise TypeError(f"{op}(): unexpected keyword argument {name!r}; accepted: {names}")
        _check_option_type(op, name, value, accepted[name])
        if name.endswith("_timeout") and value < 0:
            raise ValueError(f"{op}(): {name} must be >= 0 seconds, got {value}")
    return dict(kwargs)


class AdminClient:
    """Admin operations on a Kafka cluster: topics, configs, ACLs, groups, offsets, SCRAM users.

    ``conf`` is a librdkafka configuration dict (at least ``bootstrap.servers``);
    ``logger`` (keyword) receives the client's log lines. Operations return
    ``concurrent.futures.Future`` objects as described on each method.
    """

    def __init__(self, conf: dict[str, str | int | float | bool], **kwargs: Any) -> None:
        if not isinstance(conf, dict):
            raise TypeError(f"AdminClient(): conf must be a dict, got {type(conf).__name__}")
        for key, value in conf.items():
            if not isinstance(key, str):
                raise TypeError(f"AdminClient(): conf keys must be str, got {type(key).__name__}")
            # The native layer would turn these into strings ("None", "['x']"); the value is never echoed.
            if value is None or isinstance(value, (list, tuple, set)):
                raise TypeError(
                    f"AdminClient(): conf[{key!r}] must be a str, int, float, bool or callback, "
                    f"got {type(value).__name__}"
                )
        start_reaper()
        self._native: Any = cimpl._AdminClientImpl(conf, **kwargs)

    # -- lifecycle --------------------------------------------------------

    def __del__(self) -> None:
        # Never let the native client be destroyed on a librdkafka thread (see _native_release).
        native = self.__dict__.pop("_native", None)
        if native is not None:
            release(native)

    def poll(self, timeout: float = -1) -> int:
        """Serve queued callbacks (logs, stats, errors) for up to ``timeout`` seconds; returns how many."""
        return int(self._native.poll(timeout))

    def __len__(self) -> int:
        """Number of requests and callbacks still queued in the native client."""
        return int(self._native.__len__())

    def __enter__(self) -> AdminClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        """Destroy the native client."""
        return self._native.__exit__(exc_type, exc_value, traceback)  # type: ignore[no-any-return]

    def set_sasl_credentials(self, username: str, password: str) -> None:
        """Replace the SASL PLAIN/SCRAM credentials used for the next authentication."""
        check.check_nonempty_str("set_sasl_credentials", "username", username)
        if not isinstance(password, str):
            raise TypeError(f"set_sasl_credentials(): password must be a str, got {type(password).__name__}")
        self._native.set_sasl_credentials(username, password)

    # -- metadata ---------------------------------------------------------

    def list_topics(self, topic: str | None = None, timeout: float = -1) -> ClusterMetadata:
        """Cluster metadata (brokers, topics, partitions), for all topics or one; blocks."""
        if topic is not None:
            check.check_nonempty_str("list_topics", "topic", topic)
        return self._native.list_topics(topic, timeout)  # type: ignore[no-any-return]

    def list_groups(self, group: str | None = None, timeout: float = -1) -> list[GroupMetadata]:
        """Deprecated: group metadata, for all groups or one; blocks.

        Use ``list_consumer_groups`` and ``describe_consumer_groups``.
        """
        warnings.warn(
            "list_groups() is deprecated, use list_consumer_groups() and describe_consumer_groups() instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        if group is not None:
            check.check_nonempty_str("list_groups", "group", group)
        with warnings.catch_warnings():
            # The native call warns too, attributed to this frame: ours above points at the caller.
            warnings.simplefilter("ignore", DeprecationWarning)
            return self._native.list_groups(group, timeout)  # type: ignore[no-any-return]

    def cluster_id(self, timeout: float = -1) -> str:
        """The cluster id; blocks up to ``timeout`` seconds."""
        return self._native.cluster_id(timeout)  # type: ignore[no-any-return]

    def describe_cluster(self, **kwargs: Any) -> Future[DescribeClusterResult]:
        """Future of the cluster's id, controller and nodes.

        Options: ``include_authorized_operations`` (bool), ``request_timeout`` (s).
        """
        options = _options("describe_cluster", kwargs, {**_REQUEST, "include_authorized_operations": (bool,)})
        future = new_future()
        self._native.describe_cluster(future, **options)
        return future

    # -- topics -----------------------------------------------------------

    def create_topics(self, new_topics: list[NewTopic], **kwargs: Any) -> dict[str, Future[None]]:
        """Create topics; returns ``{topic: future}``, each resolving to ``None``.

        Options: ``operation_timeout``, ``request_timeout`` (s), ``validate_only`` (bool).
        """
        topics = check.check_new_topics("create_topics", new_topics)
        options = _options("create_topics", kwargs, {**_OPERATION, **_VALIDATE})
        request, futures = fan_out([t.topic for t in topics], by_key)
        self._native.create_topics(topics, request, **options)
        return futures

    def delete_topics(self, topics: list[str], **kwargs: Any) -> dict[str, Future[None]]:
        """Delete topics; returns ``{topic: future}``, each resolving to ``None``.

        Options: ``operation_timeout``, ``request_timeout`` (s).
        """
        names = check.check_topic_names("delete_topics", "topics", topics)
        options = _options("delete_topics", kwargs, _OPERATION)
        request, futures = fan_out(names, by_key)
        self._native.delete_topics(names, request, **options)
        return futures

    def create_partitions(
        self, new_partitions: list[NewPartitions], **kwargs: Any
    ) -> dict[str, Future[None]]:
        """Grow topics to ``new_total_count`` partitions; returns ``{topic: future}`` of ``None``.

        Options: ``operation_timeout``, ``request_timeout`` (s), ``validate_only`` (bool).
        """
        items = check.check_new_partitions("create_partitions", new_partitions)
        options = _options("create_partitions", kwargs, {**_OPERATION, **_VALIDATE})
        request, futures = fan_out([p.topic for p in items], by_key)
        self._native.create_partitions(items, request, **options)
        return futures

    def describe_topics(self, topics: TopicCollection, **kwargs: Any) -> dict[str, Future[TopicDescription]]:
        """Describe topics; returns ``{topic: future}`` of ``TopicDescription``.

        Options: ``include_authorized_operations`` (bool), ``request_timeout`` (s).
        """
        names = check.check_topic_collection("describe_topics", topics)
        options = _options("describe_topics", kwargs, {**_REQUEST, "include_authorized_operations": (bool,)})
        request, futures = fan_out(names, by_position)
        self._native.describe_topics(names, request, **options)
        return futures

    # -- configs ----------------------------------------------------------

    def describe_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, Future[dict[str, ConfigEntry]]]:
        """Read configs; returns ``{resource: future}`` of ``{name: ConfigEntry}``.

        At most one BROKER resource per call. Options: ``request_timeout`` (s).
        """
        items = check.check_config_resources("describe_configs", resources)
        options = _options("describe_configs", kwargs, _REQUEST)
        request, futures = fan_out(items, by_resource)
        self._native.describe_configs(items, request, **options)
        return futures

    def alter_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, Future[None]]:
        """Deprecated: replace whole configs (unlisted keys revert to defaults).

        Use ``incremental_alter_configs``. Options: ``request_timeout`` (s),
        ``validate_only`` (bool).
        """
        warnings.warn(
            "alter_configs has been deprecated. Use incremental_alter_configs instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        items = check.check_config_resources("alter_configs", resources, changes="set_config_dict")
        options = _options("alter_configs", kwargs, {**_REQUEST, **_VALIDATE})
        request, futures = fan_out(items, by_resource)
        self._native.alter_configs(items, request, **options)
        return futures

    def incremental_alter_configs(
        self, resources: list[ConfigResource], **kwargs: Any
    ) -> dict[ConfigResource, Future[None]]:
        """Apply each resource's ``incremental_configs`` (SET, DELETE, APPEND, SUBTRACT).

        Returns ``{resource: future}`` of ``None``. Options: ``request_timeout``
        (s), ``validate_only`` (bool), ``broker`` (int).
        """
        items = check.check_config_resources(
            "incremental_alter_configs", resources, changes="incremental_configs"
        )
        options = _options("incremental_alter_configs", kwargs, {**_REQUEST, **_VALIDATE, "broker": (int,)})
        request, futures = fan_out(items, by_resource)
        self._native.incremental_alter_configs(items, request, **options)
        return futures

    # -- ACLs -------------------------------------------------------------

    def create_acls(self, acls: list[AclBinding], **kwargs: Any) -> dict[AclBinding, Future[None]]:
        """Create ACL bindings; returns ``{binding: future}`` of ``None``. Options: ``request_timeout``."""
        items = check.check_acl_bindings("create_acls", acls)
        options = _options("create_acls", kwargs, _REQUEST)
        request, futures = fan_out(items, by_position)
        self._native.create_acls(items, request, **options)
        return futures

    def describe_acls(self, acl_binding_filter: AclBindingFilter, **kwargs: Any) -> Future[list[AclBinding]]:
        """Future of the ACL bindings matching the filter. Options: ``request_timeout``."""
        acl_filter = check.check_acl_filter("describe_acls", "acl_binding_filter", acl_binding_filter)
        options = _options("describe_acls", kwargs, _REQUEST)
        future = new_future()
        self._native.describe_acls(acl_filter, future, **options)
        return future

    def delete_acls(
        self, acl_binding_filters: list[AclBindingFilter], **kwargs: Any
    ) -> dict[AclBindingFilter, Future[list[AclBinding]]]:
        """Delete the ACLs matching each filter; returns ``{filter: future}`` of the deleted bindings."""
        items = check.check_acl_filters("delete_acls", acl_binding_filters)
        options = _options("delete_acls", kwargs, _REQUEST)
        request, futures = fan_out(items, by_position)
        self._native.delete_acls(items, request, **options)
        return futures

    # -- consumer groups --------------------------------------------------

    def list_consumer_groups(self, **kwargs: Any) -> Future[ListConsumerGroupsResult]:
        """Future of the cluster's consumer groups (``valid`` listings and ``errors``).

        Options: ``states`` (set of ConsumerGroupState), ``types`` (set of
        ConsumerGroupType), ``request_timeout`` (s).
        """
        states = check.check_group_filters(
            "list_consumer_groups", "states", kwargs.pop("states", None), ConsumerGroupState
        )
        types = check.check_group_filters(
            "list_consumer_groups", "types", kwargs.pop("types", None), ConsumerGroupType
        )
        options = _options("list_consumer_groups", kwargs, _REQUEST)
        if states is not None:
            options["states_int"] = states
        if types is not None:
            options["types_int"] = types
        future = new_future()
        self._native.list_consumer_groups(future, **options)
        return future

    def describe_consumer_groups(
        self, group_ids: list[str], **kwargs: Any
    ) -> dict[str, Future[ConsumerGroupDescription]]:
        """Describe groups; returns ``{group_id: future}`` of ``ConsumerGroupDescription``.

        Options: ``include_authorized_operations`` (bool), ``request_timeout`` (s).
        """
        ids = check.check_group_ids("describe_consumer_groups", group_ids)
        options = _options(
            "describe_consumer_groups", kwargs, {**_REQUEST, "include_authorized_operations": (bool,)}
        )
        request, futures = fan_out(ids, by_position)
        self._native.describe_consumer_groups(ids, request, **options)
        return futures

    def delete_consumer_groups(self, group_ids: list[str], **kwargs: Any) -> dict[str, Future[None]]:
        """Delete (empty) groups; returns ``{group_id: future}`` of ``None``. Options: ``request_timeout``."""
        ids = check.check_group_ids("delete_consumer_groups", group_ids)
        options = _options("delete_consumer_groups", kwargs, _REQUEST)
        request, futures = fan_out(ids, by_position)
        self._native.delete_consumer_groups(ids, request, **options)
        return futures

    def list_consumer_group_offsets(
        self, list_consumer_group_offsets_request: list[ConsumerGroupTopicPartitions], **kwargs: Any
    ) -> dict[str, Future[ConsumerGroupTopicPartitions]]:
        """Committed offsets of one group (all its partitions, or those listed).

        Returns ``{group_id: future}`` of ``ConsumerGroupTopicPartitions``.
        Options: ``require_stable`` (bool), ``request_timeout`` (s).
        """
        request_list = list_consumer_group_offsets_request
        group_id = check.check_list_group_offsets(
            "list_consumer_group_offsets", "list_consumer_group_offsets_request", request_list
        )
        options = _options("list_consumer_group_offsets", kwargs, {**_REQUEST, "require_stable": (bool,)})
        request, futures = fan_out([group_id], by_position)
        self._native.list_consumer_group_offsets(request_list, request, **options)
        return futures

    def alter_consumer_group_offsets(
        self, alter_consumer_group_offsets_request: list[ConsumerGroupTopicPartitions], **kwargs: Any
    ) -> dict[str, Future[ConsumerGroupTopicPartitions]]:
        """Set one (inactive) group's committed offsets for the listed partitions.

        Returns ``{group_id: future}`` of ``ConsumerGroupTopicPartitions``
        (per-partition ``error`` set where that partition failed).
        Options: ``request_timeout`` (s).
        """
        request_list = alter_consumer_group_offsets_request
        group_id = check.check_alter_group_offsets(
            "alter_consumer_group_offsets", "alter_consumer_group_offsets_request", request_list
        )
        options = _options("alter_consumer_group_offsets", kwargs, _REQUEST)
        request, futures = fan_out([group_id], by_position)
        self._native.alter_consumer_group_offsets(request_list, request, **options)
        return futures

    # -- SCRAM users ------------------------------------------------------

    def describe_user_scram_credentials(
        self, users: list[str] | None = None, **kwargs: Any
    ) -> (
        Future[dict[str, UserScramCredentialsDescription]]
        | dict[str, Future[UserScramCredentialsDescription]]
    ):
        """SCRAM credential descriptions (mechanism and iterations, never secrets).

        ``users=None``: one future of ``{user: description}`` for all users;
        a list: ``{user: future}`` of ``UserScramCredentialsDescription``.
        Options: ``request_timeout`` (s).
        """
        names = check.check_scram_users("describe_user_scram_credentials", users)
        options = _options("describe_user_scram_credentials", kwargs, _REQUEST)
        if names is None:
            request, single = single_result(fail_on_error_values=True)
            self._native.describe_user_scram_credentials(None, request, **options)
            return single
        request, futures = fan_out(names, by_key)
        self._native.describe_user_scram_credentials(names, request, **options)
        return futures

    def alter_user_scram_credentials(
        self, alterations: list[UserScramCredentialAlteration], **kwargs: Any
    ) -> dict[str, Future[None]]:
        """Upsert or delete SCRAM credentials; returns ``{user: future}`` of ``None``."""
        items = check.check_scram_alterations("alter_user_scram_credentials", alterations)
        options = _options("alter_user_scram_credentials", kwargs, _REQUEST)
        request, futures = fan_out(list(dict.fromkeys(a.user for a in items)), by_key)
        self._native.alter_user_scram_credentials(items, request, **options)
        return futures

    # -- offsets and records ----------------------------------------------

    def list_offsets(
        self, topic_partition_offsets: dict[TopicPartition, OffsetSpec], **kwargs: Any
    ) -> dict[TopicPartition, Future[ListOffsetsResultInfo]]:
        """Earliest, latest, by-timestamp or max-timestamp offsets of partitions.

        Returns ``{TopicPartition: future}`` of ``ListOffsetsResultInfo``.
        Options: ``isolation_level`` (IsolationLevel), ``request_timeout`` (s).
        """
        specs = check.check_list_offsets("list_offsets", topic_partition_offsets)
        isolation = kwargs.pop("isolation_level", None)
        options = _options("list_offsets", kwargs, _REQUEST)
        if isolation is not None:
            options["isolation_level_value"] = check.check_isolation_level("list_offsets", isolation)
        partitions = [TopicPartition(tp.topic, tp.partition, int(spec._value)) for tp, spec in specs.items()]
        request, futures = fan_out(partitions, by_key)
        self._native.list_offsets(partitions, request, **options)
        return futures

    def delete_records(
        self, topic_partition_offsets: list[TopicPartition], **kwargs: Any
    ) -> dict[TopicPartition, Future[DeletedRecords]]:
        """Delete records before each partition's ``offset`` (-1: all).

        Returns ``{TopicPartition: future}`` of ``DeletedRecords`` (the new low
        watermark). Options: ``operation_timeout``, ``request_timeout`` (s).
        """
        items = check.check_topic_partitions(
            "delete_records", "topic_partition_offsets", topic_partition_offsets, offsets="records"
        )
        options = _options("delete_records", kwargs, _OPERATION)
        request, futures = fan_out(items, by_key)
        self._native.delete_records(items, request, **options)
        return futures

    def elect_leaders(
        self, election_type: ElectionType, partitions: list[TopicPartition] | None = None, **kwargs: Any
    ) -> Future[dict[TopicPartition, KafkaException | None]]:
        """Run a preferred or unclean leader election for ``partitions`` (``None``: all).

        Future of ``{TopicPartition: None or KafkaException}``. The native
        client of confluent-kafka 2.16 fails on any timeout option, so
        ``request_timeout`` and ``operation_timeout`` are refused here with a
        clear ``TypeError``; the call uses ``socket.timeout.ms``.
        """
        items = check.check_election("elect_leaders", election_type, partitions)
        if kwargs:
            raise TypeError(
                f"elect_leaders(): keyword options are not supported by the native client "
                f"(got {', '.join(sorted(kwargs))}); the request uses socket.timeout.ms"
            )
        request, future = single_result()
        self._native.elect_leaders(election_type.value, items, request)
        return future

    # -- beyond the reference ---------------------------------------------

    def consumer_group_lag(
        self, group_id: str, topics: list[str] | None = None, *, timeout: float = 30.0, **kwargs: Any
    ) -> ConsumerGroupLag:
        """Per-partition committed offset, log end offset and lag of a group; blocks.

        See ``kafka_admin.consumer_group_lag`` for the arguments.
        """
        from ._lag import consumer_group_lag

        return consumer_group_lag(self, group_id, topics, timeout=timeout, **kwargs)

    def plan_topics(self, desired: list[TopicSpec], **kwargs: Any) -> TopicPlan:
        """The changes that would bring the cluster's topics to ``desired``; sends nothing.

        See ``kafka_admin.plan_topics`` for the arguments.
        """
        from ._topic_plan import plan_topics

        return plan_topics(self, desired, **kwargs)

    def apply_topics(self, desired: list[TopicSpec], **kwargs: Any) -> TopicPlanResult:
        """Bring the cluster's topics to ``desired`` (idempotent); ``dry_run=True`` only plans.

        See ``kafka_admin.apply_topics`` for the arguments.
        """
        from ._topic_plan import apply_topics

        return apply_topics(self, desired, **kwargs)
