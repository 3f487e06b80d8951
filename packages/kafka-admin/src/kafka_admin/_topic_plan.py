"""Declarative topics: the difference between desired ``TopicSpec`` objects and the cluster.

``plan_topics`` reads the cluster (describe_topics, describe_configs) and
returns a ``TopicPlan``: topics to create, partition counts to grow, configs
to set and, only when asked with ``delete_unlisted``, topics to delete; what
cannot be done (shrinking partitions, changing the replication factor) is
listed as a conflict and never attempted. ``apply_topics`` carries the plan
out; run twice, the second plan is empty.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ._flow import Flow, raise_first, run_async, run_blocking
from ._futures import new_future
from ._topic_spec import TopicSpec
from ._types import (
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    KafkaError,
    KafkaException,
    NewPartitions,
    NewTopic,
    ResourceType,
    TopicCollection,
    TopicDescription,
)

if TYPE_CHECKING:
    from ._aio_client import AIOAdminClient
    from ._client import AdminClient

__all__ = [
    "AlterTopicConfig",
    "ConfigChange",
    "CreateTopic",
    "DeleteTopic",
    "GrowPartitions",
    "TopicAction",
    "TopicPlan",
    "TopicPlanResult",
    "apply_topics",
    "apply_topics_async",
    "diff_topics",
    "plan_topics",
    "plan_topics_async",
]

R = TypeVar("R")


@dataclass(frozen=True)
class CreateTopic:
    """Create a topic that does not exist."""

    spec: TopicSpec

    @property
    def topic(self) -> str:
        return self.spec.name

    def describe(self) -> str:
        parts = f"{self.spec.partitions} partitions" if self.spec.partitions else "default partitions"
        rf = (
            f"replication {self.spec.replication_factor}"
            if self.spec.replication_factor
            else "default replication"
        )
        configs = "".join(f", {k}={v}" for k, v in sorted(self.spec.config.items()))
        return f"create topic {self.topic!r} ({parts}, {rf}{configs})"


@dataclass(frozen=True)
class GrowPartitions:
    """Raise a topic's partition count."""

    topic: str
    current: int
    desired: int

    def describe(self) -> str:
        return f"grow topic {self.topic!r} from {self.current} to {self.desired} partitions"


@dataclass(frozen=True)
class ConfigChange:
    """One topic config to set; ``current`` is ``None`` where it is not set on the topic."""

    name: str
    current: str | None
    desired: str


@dataclass(frozen=True)
class AlterTopicConfig:
    """Set configs of an existing topic (incrementally: other configs are untouched)."""

    topic: str
    changes: tuple[ConfigChange, ...]

    def describe(self) -> str:
        listed = ", ".join(
            f"{c.name}: {c.current if c.current is not None else '(unset)'} -> {c.desired}"
            for c in self.changes
        )
        return f"set configs of topic {self.topic!r}: {listed}"


@dataclass(frozen=True)
class DeleteTopic:
    """Delete a topic that is not desired (only planned with ``delete_unlisted``)."""

    topic: str

    def describe(self) -> str:
        return f"delete topic {self.topic!r}"


TopicAction = CreateTopic | GrowPartitions | AlterTopicConfig | DeleteTopic


def _action_dict(action: TopicAction) -> dict[str, Any]:
    if isinstance(action, CreateTopic):
        return {"action": "create", **action.spec.to_dict()}
    if isinstance(action, GrowPartitions):
        return {
            "action": "grow_partitions",
            "name": action.topic,
            "from": action.current,
            "to": action.desired,
        }
    if isinstance(action, AlterTopicConfig):
        return {
            "action": "set_config",
            "name": action.topic,
            "changes": [{"name": c.name, "from": c.current, "to": c.desired} for c in action.changes],
        }
    return {"action": "delete", "name": action.topic}


@dataclass(frozen=True)
class TopicPlan:
    """What it takes to bring the cluster to the desired topics.

    ``actions`` are carried out by ``apply_topics``; ``conflicts`` describe
    differences no action may resolve (shrinking, replication changes).
    """

    actions: tuple[TopicAction, ...]
    conflicts: tuple[str, ...] = ()

    @property
    def in_sync(self) -> bool:
        """True when there is nothing to do and nothing in conflict."""
        return not self.actions and not self.conflicts

    def describe(self) -> list[str]:
        """One human-readable line per action, then one per conflict."""
        return [a.describe() for a in self.actions] + [f"conflict: {c}" for c in self.conflicts]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"actions": [...], "conflicts": [...]}``."""
        return {"actions": [_action_dict(a) for a in self.actions], "conflicts": list(self.conflicts)}


@dataclass(frozen=True)
class TopicPlanResult:
    """Outcome of ``apply_topics``: the plan, what was applied and what failed with which error."""

    plan: TopicPlan
    dry_run: bool
    applied: tuple[TopicAction, ...] = ()
    failed: tuple[tuple[TopicAction, BaseException], ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no action failed and the plan had no conflicts."""
        return not self.failed and not self.plan.conflicts

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the plan and the outcome of each action."""
        return {
            **self.plan.to_dict(),
            "dry_run": self.dry_run,
            "applied": [_action_dict(a) for a in self.applied],
            "failed": [{**_action_dict(a), "error": str(e)} for a, e in self.failed],
        }


def diff_topics(
    desired: Iterable[TopicSpec],
    existing: Mapping[str, tuple[int, int, Mapping[str, str | None]]],
    unlisted: Iterable[str] = (),
) -> TopicPlan:
    """The plan from ``desired`` specs to the ``existing`` topics; pure, sends nothing.

    ``existing`` maps a topic name to ``(partitions, replication_factor,
    {config: value})``; ``unlisted`` names the existing topics to delete.
    """
    actions: list[TopicAction] = []
    conflicts: list[str] = []
    for spec in desired:
        if spec.name not in existing:
            actions.append(CreateTopic(spec))
            continue
        partitions, replication, configs = existing[spec.name]
        if spec.partitions is not None and spec.partitions > partitions:
            actions.append(GrowPartitions(spec.name, partitions, spec.partitions))
        elif spec.partitions is not None and spec.partitions < partitions:
            conflicts.append(
                f"topic {spec.name!r} has {partitions} partitions, {spec.partitions} desired: partitions "
                "cannot shrink; delete and re-create the topic to reduce them"
            )
        if spec.replication_factor is not None and spec.replication_factor != replication:
            conflicts.append(
                f"topic {spec.name!r} has replication factor {replication}, "
                f"{spec.replication_factor} desired: "
                "changing it needs a partition reassignment, which this tool does not do"
            )
        changes = tuple(
            ConfigChange(name, configs.get(name), value)
            for name, value in sorted(spec.config.items())
            if configs.get(name) != value
        )
        if changes:
            actions.append(AlterTopicConfig(spec.name, changes))
    actions.extend(DeleteTopic(name) for name in sorted(unlisted))
    return TopicPlan(tuple(actions), tuple(conflicts))


def _in_thread(function: Callable[[], R]) -> Future[R]:
    """Run a blocking call in a daemon thread; its future completes with the result."""
    future = new_future()

    def run() -> None:
        try:
            future.set_result(function())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=run, name="kafka-admin-metadata", daemon=True).start()
    return future


def _is_unknown_topic(outcome: object) -> bool:
    if not isinstance(outcome, KafkaException):
        return False
    error = outcome.args[0] if outcome.args else None
    return isinstance(error, KafkaError) and error.code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def _internal(name: str) -> bool:
    return name.startswith("__")


def _check_specs(op: str, desired: object) -> list[TopicSpec]:
    if not isinstance(desired, list):
        raise TypeError(f"{op}(): desired must be a list of TopicSpec, got {type(desired).__name__}")
    names: set[str] = set()
    for i, spec in enumerate(desired):
        if not isinstance(spec, TopicSpec):
            raise TypeError(f"{op}(): desired[{i}] must be a TopicSpec, got {type(spec).__name__}")
        if spec.name in names:
            raise ValueError(f"{op}(): desired lists topic {spec.name!r} more than once")
        names.add(spec.name)
    return desired


def _plan_flow(
    admin: AdminClient, op: str, desired: list[TopicSpec], delete_unlisted: str | None, request_timeout: float
) -> Flow[TopicPlan]:
    specs = _check_specs(op, desired)
    if delete_unlisted is not None and not isinstance(delete_unlisted, str):
        raise TypeError(f"{op}(): delete_unlisted must be a topic-name prefix (str) or None")
    options = {"request_timeout": request_timeout}
    existing: dict[str, tuple[int, int, Mapping[str, str | None]]] = {}
    unlisted: list[str] = []
    if delete_unlisted is not None:
        prefix = delete_unlisted
        wanted = {s.name for s in specs}
        metadata = raise_first(
            (yield {"metadata": _in_thread(lambda: admin.list_topics(timeout=request_timeout))})
        )
        unlisted = [
            name
            for name in metadata["metadata"].topics
            if name.startswith(prefix) and name not in wanted and not _internal(name)
        ]
    if specs:
        described = yield admin.describe_topics(TopicCollection([s.name for s in specs]), **options)
        found: dict[str, TopicDescription] = {}
        for name, outcome in described.items():
            if _is_unknown_topic(outcome):
                continue
            if isinstance(outcome, BaseException):
                raise outcome
            found[name] = outcome
        with_config = [
            ConfigResource(ResourceType.TOPIC, s.name) for s in specs if s.name in found and s.config
        ]
        configs: dict[str, Mapping[str, str | None]] = {}
        if with_config:
            entries = raise_first((yield admin.describe_configs(with_config, **options)))
            configs = {
                resource.name: {k: e.value for k, e in values.items()} for resource, values in entries.items()
            }
        for name, description in found.items():
            replicas = len(description.partitions[0].replicas) if description.partitions else 0
            existing[name] = (len(description.partitions), replicas, configs.get(name, {}))
    return diff_topics(specs, existing, unlisted)


def _apply_flow(
    admin: AdminClient,
    op: str,
    desired: list[TopicSpec],
    delete_unlisted: str | None,
    request_timeout: float,
    dry_run: bool,
) -> Flow[TopicPlanResult]:
    plan = yield from _plan_flow(admin, op, desired, delete_unlisted, request_timeout)
    if dry_run or not plan.actions:
        return TopicPlanResult(plan, dry_run)
    options = {"request_timeout": request_timeout}
    pending: dict[Any, Future[Any]] = {}
    creates = [a for a in plan.actions if isinstance(a, CreateTopic)]
    grows = [a for a in plan.actions if isinstance(a, GrowPartitions)]
    alters = [a for a in plan.actions if isinstance(a, AlterTopicConfig)]
    deletes = [a for a in plan.actions if isinstance(a, DeleteTopic)]
    if creates:
        new = [
            NewTopic(
                a.topic, a.spec.partitions or -1, a.spec.replication_factor or -1, config=dict(a.spec.config)
            )
            for a in creates
        ]
        futures = admin.create_topics(new, operation_timeout=request_timeout, **options)
        pending.update({a: futures[a.topic] for a in creates})
    if grows:
        futures = admin.create_partitions(
            [NewPartitions(a.topic, a.desired) for a in grows], operation_timeout=request_timeout, **options
        )
        pending.update({a: futures[a.topic] for a in grows})
    if alters:
        resources = {
            a: ConfigResource(
                ResourceType.TOPIC,
                a.topic,
                incremental_configs=[
                    ConfigEntry(c.name, c.desired, incremental_operation=AlterConfigOpType.SET)
                    for c in a.changes
                ],
            )
            for a in alters
        }
        futures_by_resource = admin.incremental_alter_configs(list(resources.values()), **options)
        pending.update({a: futures_by_resource[r] for a, r in resources.items()})
    if deletes:
        futures = admin.delete_topics(
            [a.topic for a in deletes], operation_timeout=request_timeout, **options
        )
        pending.update({a: futures[a.topic] for a in deletes})
    outcomes = yield pending
    applied = tuple(a for a in plan.actions if not isinstance(outcomes[a], BaseException))
    failed = tuple((a, outcomes[a]) for a in plan.actions if isinstance(outcomes[a], BaseException))
    return TopicPlanResult(plan, dry_run, applied, failed)


def plan_topics(
    admin: AdminClient,
    desired: list[TopicSpec],
    *,
    delete_unlisted: str | None = None,
    request_timeout: float = 10.0,
    timeout: float = 30.0,
) -> TopicPlan:
    """The ``TopicPlan`` from the cluster's topics to ``desired``; changes nothing.

    ``delete_unlisted``: a topic-name prefix; existing topics with that prefix
    that are not desired are planned for deletion (``""``: every topic but the
    internal ``__*`` ones). ``None`` (default) never deletes. Blocks at most
    ``timeout`` seconds.
    """
    flow = _plan_flow(admin, "plan_topics", desired, delete_unlisted, request_timeout)
    return run_blocking(flow, "plan_topics", timeout)


def apply_topics(
    admin: AdminClient,
    desired: list[TopicSpec],
    *,
    dry_run: bool = False,
    delete_unlisted: str | None = None,
    request_timeout: float = 10.0,
    timeout: float = 60.0,
) -> TopicPlanResult:
    """Plan as ``plan_topics`` and, unless ``dry_run``, carry out every action.

    Idempotent: applying the same specs again finds nothing to do. A failed
    action does not stop the others; see ``TopicPlanResult.failed``.
    """
    flow = _apply_flow(admin, "apply_topics", desired, delete_unlisted, request_timeout, dry_run)
    return run_blocking(flow, "apply_topics", timeout)


async def plan_topics_async(
    admin: AIOAdminClient,
    desired: list[TopicSpec],
    *,
    delete_unlisted: str | None = None,
    request_timeout: float = 10.0,
    timeout: float = 30.0,
) -> TopicPlan:
    """``plan_topics`` for asyncio."""
    flow = _plan_flow(admin.sync_client, "plan_topics", desired, delete_unlisted, request_timeout)
    return await run_async(flow, "plan_topics", timeout)


async def apply_topics_async(
    admin: AIOAdminClient,
    desired: list[TopicSpec],
    *,
    dry_run: bool = False,
    delete_unlisted: str | None = None,
    request_timeout: float = 10.0,
    timeout: float = 60.0,
) -> TopicPlanResult:
    """``apply_topics`` for asyncio."""
    flow = _apply_flow(admin.sync_client, "apply_topics", desired, delete_unlisted, request_timeout, dry_run)
    return await run_async(flow, "apply_topics", timeout)
