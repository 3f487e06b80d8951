"""Consumer lag: per partition, a group's committed offset, the log end offset and the difference.

One call reads the group's committed offsets (``list_consumer_group_offsets``)
and the partitions' log end offsets (``list_offsets``, latest) and joins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _validation as check
from ._flow import Flow, raise_first, run_async, run_blocking
from ._types import (
    ConsumerGroupTopicPartitions,
    IsolationLevel,
    KafkaException,
    OffsetSpec,
    TopicCollection,
    TopicPartition,
)

if TYPE_CHECKING:
    from ._aio_client import AIOAdminClient
    from ._client import AdminClient

__all__ = ["ConsumerGroupLag", "PartitionLag", "consumer_group_lag", "consumer_group_lag_async"]

_LATEST: OffsetSpec = OffsetSpec.latest()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class PartitionLag:
    """Lag of one partition.

    ``committed_offset`` is ``None`` where the group has committed nothing;
    ``lag`` is then ``None`` too, else ``log_end_offset - committed_offset``
    (never below 0).
    """

    topic: str
    partition: int
    committed_offset: int | None
    log_end_offset: int
    lag: int | None


@dataclass(frozen=True)
class ConsumerGroupLag:
    """A group's lag, one ``PartitionLag`` per partition, ordered by topic and partition."""

    group_id: str
    partitions: tuple[PartitionLag, ...]

    @property
    def total_lag(self) -> int:
        """Sum of the known per-partition lags."""
        return sum(p.lag for p in self.partitions if p.lag is not None)

    def topic_lag(self) -> dict[str, int]:
        """Total known lag per topic."""
        totals: dict[str, int] = {}
        for p in self.partitions:
            totals[p.topic] = totals.get(p.topic, 0) + (p.lag or 0)
        return totals


def _check_topics(op: str, topics: object) -> list[str] | None:
    if topics is None:
        return None
    return check.check_topic_names(op, "topics", topics)


def _lag_flow(
    admin: AdminClient,
    group_id: str,
    topics: Sequence[str] | None,
    isolation_level: IsolationLevel | None,
    request_timeout: float | None,
) -> Flow[ConsumerGroupLag]:
    timeouts = {} if request_timeout is None else {"request_timeout": request_timeout}
    wanted: list[TopicPartition] | None = None
    if topics is not None:
        described = raise_first((yield admin.describe_topics(TopicCollection(list(topics)), **timeouts)))
        wanted = [
            TopicPartition(name, info.id)
            for name, description in described.items()
            for info in description.partitions
        ]
    outcome = raise_first(
        (
            yield admin.list_consumer_group_offsets(
                [ConsumerGroupTopicPartitions(group_id, wanted)], **timeouts
            )
        )
    )
    committed: dict[tuple[str, int], int | None] = {}
    for tp in outcome[group_id].topic_partitions or []:
        if tp.error is not None:
            raise KafkaException(tp.error)
        committed[(tp.topic, tp.partition)] = tp.offset if tp.offset >= 0 else None
    if not committed:
        return ConsumerGroupLag(group_id, ())
    options = dict(timeouts)
    if isolation_level is not None:
        options["isolation_level"] = isolation_level  # type: ignore[assignment]
    ends = raise_first(
        (yield admin.list_offsets({TopicPartition(t, p): _LATEST for t, p in committed}, **options))
    )
    end_of = {(tp.topic, tp.partition): info.offset for tp, info in ends.items()}
    rows = []
    for (topic, partition), offset in sorted(committed.items()):
        end = end_of[(topic, partition)]
        lag = None if offset is None else max(0, end - offset)
        rows.append(PartitionLag(topic, partition, offset, end, lag))
    return ConsumerGroupLag(group_id, tuple(rows))


def _start(
    admin: AdminClient,
    op: str,
    group_id: str,
    topics: object,
    isolation_level: IsolationLevel | None,
    request_timeout: float | None,
    timeout: float,
) -> Flow[ConsumerGroupLag]:
    check.check_nonempty_str(op, "group_id", group_id)
    names = _check_topics(op, topics)
    if isolation_level is not None:
        check.check_isolation_level(op, isolation_level)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"{op}(): timeout must be a number of seconds > 0, got {timeout!r}")
    return _lag_flow(admin, group_id, names, isolation_level, request_timeout)


def consumer_group_lag(
    admin: AdminClient,
    group_id: str,
    topics: list[str] | None = None,
    *,
    isolation_level: IsolationLevel | None = None,
    request_timeout: float | None = None,
    timeout: float = 30.0,
) -> ConsumerGroupLag:
    """Lag of ``group_id`` on the partitions it committed to (or all partitions of ``topics``).

    ``isolation_level=READ_COMMITTED`` measures against the last stable
    offset. Blocks at most ``timeout`` seconds (``TimeoutError``); a broker
    error raises ``KafkaException``.
    """
    flow = _start(admin, "consumer_group_lag", group_id, topics, isolation_level, request_timeout, timeout)
    return run_blocking(flow, "consumer_group_lag", timeout)


async def consumer_group_lag_async(
    admin: AIOAdminClient,
    group_id: str,
    topics: list[str] | None = None,
    *,
    isolation_level: IsolationLevel | None = None,
    request_timeout: float | None = None,
    timeout: float = 30.0,
) -> ConsumerGroupLag:
    """``consumer_group_lag`` for asyncio: the same result, awaited without blocking the loop."""
    flow = _start(
        admin.sync_client, "consumer_group_lag", group_id, topics, isolation_level, request_timeout, timeout
    )
    return await run_async(flow, "consumer_group_lag", timeout)
