"""Consumer groups on a real broker (Tansu): partition split, handover, commits, lost partitions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from kafka_core import (
    OFFSET_INVALID,
    ConsumeError,
    Deserializer,
    DeserializingConsumer,
    Serializer,
    SerializingProducer,
    TopicPartition,
)
from testsupport.broker import rounds

pytestmark = pytest.mark.broker

PARTITIONS = 4


class TextSerializer(Serializer):
    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else obj.encode("utf-8")


class TextDeserializer(Deserializer):
    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        return None if value is None else value.decode("utf-8")


def _conf(bootstrap: str, group: str, **extra: Any) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": group, "session.timeout.ms": 2000,
            "heartbeat.interval.ms": 300, "fetch.wait.max.ms": 50, "auto.offset.reset": "earliest",
            "enable.auto.commit": False, "value.deserializer": TextDeserializer(), **extra}


def _produce(bootstrap: str, topic: str, per_partition: range) -> None:
    producer = SerializingProducer({"bootstrap.servers": bootstrap, "value.serializer": TextSerializer()})
    for p in range(PARTITIONS):
        for n in per_partition:
            producer.produce(topic, value=f"p{p}-{n}", partition=p)
    assert producer.flush(10) == 0


def _partitions(consumer: Any) -> set[int]:
    return {tp.partition for tp in consumer.assignment()}


def _poll_until(consumers: dict[str, Any], received: dict[str, list[Any]],
                done: Callable[[], bool], timeout_s: float = 20) -> None:
    """Poll every consumer in turn, keeping what each receives, until ``done()`` or the deadline.

    Errors raised by ``poll`` are kept too, as ``("error", name)``.
    """
    for _ in rounds(timeout_s):
        for name, consumer in consumers.items():
            try:
                msg = consumer.poll(0.05)
            except ConsumeError as exc:
                received[name].append(("error", exc.name))
                continue
            if msg is not None:
                received[name].append((msg.partition(), msg.offset(), msg.value()))
        if done():
            return
    raise AssertionError(f"condition not reached within {timeout_s}s; received {received}")


def test_two_members_split_the_partitions_and_a_leavers_partitions_move_on_from_its_commits(
        tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, PARTITIONS, "split")
    group = f"g-{topic}"
    events: list[tuple[str, str, list[int]]] = []

    def member(name: str) -> Any:
        consumer = DeserializingConsumer(_conf(tansu, group))
        consumer.subscribe(
            [topic],
            on_assign=lambda c, parts: events.append((name, "assign", sorted(p.partition for p in parts))),
            on_revoke=lambda c, parts: events.append((name, "revoke", sorted(p.partition for p in parts))))
        return consumer

    c1, c2 = member("c1"), member("c2")
    members = {"c1": c1, "c2": c2}
    received: dict[str, list[Any]] = {"c1": [], "c2": []}
    try:
        _poll_until(members, received, lambda: bool(_partitions(c1)) and bool(_partitions(c2))
                    and _partitions(c1) | _partitions(c2) == set(range(PARTITIONS)))
        own1, own2 = _partitions(c1), _partitions(c2)
        assert own1.isdisjoint(own2)
        assert received == {"c1": [], "c2": []}  # nothing produced yet

        _produce(tansu, topic, range(10))
        _poll_until(members, received, lambda: len(received["c1"]) + len(received["c2"]) == 10 * PARTITIONS)
        for name, own in (("c1", own1), ("c2", own2)):
            # Each member got exactly its own partitions' records, each partition in order.
            assert sorted(received[name]) == [(p, n, f"p{p}-{n}") for p in sorted(own) for n in range(10)]
            assert [r for r in received[name] if r[0] == min(own)] == [
                (min(own), n, f"p{min(own)}-{n}") for n in range(10)]

        # Commit what was handed out; the commit and committed() agree.
        for consumer, own in ((c1, own1), (c2, own2)):
            committed = consumer.commit(asynchronous=False)
            assert sorted((tp.topic, tp.partition, tp.offset) for tp in committed) == [
                (topic, p, 10) for p in sorted(own)]
            assert all(tp.error is None for tp in committed)
            again = consumer.committed([TopicPartition(topic, p) for p in sorted(own)], timeout=10)
            assert [(tp.partition, tp.offset) for tp in again] == [(p, 10) for p in sorted(own)]

        events.clear()
        c2.close()
        del members["c2"]
        _poll_until(members, received, lambda: _partitions(c1) == set(range(PARTITIONS)))
        assert ("c2", "revoke", sorted(own2)) in events
        assert events[-1] == ("c1", "assign", list(range(PARTITIONS)))

        # New records on every partition: c1 takes over c2's partitions from c2's commits
        # (offset 10), not from the start, and its own partitions from its own commits.
        received["c1"].clear()
        _produce(tansu, topic, range(10, 15))
        _poll_until(members, received, lambda: len(received["c1"]) >= 5 * PARTITIONS)
        for _ in rounds(0.5):  # time for any record that should not come
            msg = c1.poll(0.05)
            if msg is not None:
                received["c1"].append((msg.partition(), msg.offset(), msg.value()))
        expected = [(p, n, f"p{p}-{n}") for p in range(PARTITIONS) for n in range(10, 15)]
        assert sorted(received["c1"]) == expected
    finally:
        for consumer in members.values():
            consumer.close()


def test_commit_and_committed_agree_for_explicit_offsets_and_messages(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 3, "commits")
    group = f"g-{topic}"
    producer = SerializingProducer({"bootstrap.servers": tansu, "value.serializer": TextSerializer()})
    for n in range(3):
        producer.produce(topic, value=f"v{n}", partition=1)
    assert producer.flush(10) == 0

    consumer = DeserializingConsumer(_conf(tansu, group))
    other_group = DeserializingConsumer(_conf(tansu, f"{group}-other"))
    try:
        wanted = [TopicPartition(topic, 0, 5), TopicPartition(topic, 2, 17)]
        result = consumer.commit(offsets=wanted, asynchronous=False)
        assert [(tp.topic, tp.partition, tp.offset, tp.error) for tp in result] == [
            (topic, 0, 5, None), (topic, 2, 17, None)]

        consumer.assign([TopicPartition(topic, 1, 0)])
        msgs: list[Any] = []
        for _ in rounds(10):
            if len(msgs) >= 3:
                break
            msgs += consumer.consume(3, 0.5)
        assert [(m.offset(), m.value()) for m in msgs] == [(0, "v0"), (1, "v1"), (2, "v2")]
        # Committing a message commits the offset after it.
        result = consumer.commit(message=msgs[1], asynchronous=False)
        assert [(tp.partition, tp.offset) for tp in result] == [(1, 2)]

        asked = [TopicPartition(topic, p) for p in range(3)]
        expected = [(0, 5), (1, 2), (2, 17)]
        assert [(tp.partition, tp.offset) for tp in consumer.committed(asked, timeout=10)] == expected
        # A second member of the group reads the same commits; another group has none.
        second = DeserializingConsumer(_conf(tansu, group))
        try:
            assert [(tp.partition, tp.offset) for tp in second.committed(asked, timeout=10)] == expected
        finally:
            second.close()
        assert [tp.offset for tp in other_group.committed(asked, timeout=10)] == [OFFSET_INVALID] * 3
    finally:
        consumer.close()
        other_group.close()


@pytest.mark.slow
def test_lost_partitions_go_to_on_lost_or_else_to_on_revoke(tansu: str, create_topic: Any) -> None:
    topic = create_topic(tansu, 2, "lost")
    calls: dict[str, list[tuple[str, list[int]]]] = {"revoke_only": [], "with_lost": []}

    def recorder(name: str, kind: str) -> Any:
        return lambda c, parts: calls[name].append((kind, sorted(p.partition for p in parts)))

    # max.poll.interval.ms is the smallest librdkafka takes (the session timeout): a member
    # that does not poll for longer leaves the group and its partitions count as lost.
    conf = {"max.poll.interval.ms": 2000}
    revoke_only = DeserializingConsumer(_conf(tansu, f"g-{topic}-a", **conf))
    revoke_only.subscribe([topic], on_revoke=recorder("revoke_only", "revoke"))
    with_lost = DeserializingConsumer(_conf(tansu, f"g-{topic}-b", **conf))
    with_lost.subscribe([topic], on_revoke=recorder("with_lost", "revoke"),
                        on_lost=recorder("with_lost", "lost"))
    members = {"revoke_only": revoke_only, "with_lost": with_lost}
    try:
        _poll_until(members, {"revoke_only": [], "with_lost": []},
                    lambda: all(_partitions(c) == {0, 1} for c in members.values()))
        time.sleep(3.5)  # longer than max.poll.interval.ms without polling
        received: dict[str, list[Any]] = {"revoke_only": [], "with_lost": []}
        _poll_until(members, received, lambda: bool(calls["revoke_only"]) and bool(calls["with_lost"]))
        # The stall itself is reported by the next poll, as a ConsumeError.
        assert received == {name: [("error", "_MAX_POLL_EXCEEDED")] for name in members}
        assert calls["revoke_only"][0] == ("revoke", [0, 1])
        assert calls["with_lost"][0] == ("lost", [0, 1])
        assert ("revoke", [0, 1]) not in calls["with_lost"]
    finally:
        for consumer in members.values():
            consumer.close()
