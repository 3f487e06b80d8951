"""Declarative topics: specs, the pure diff, and plan/apply against the Tansu broker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from kafka_admin import (
    AdminClient,
    AIOAdminClient,
    AlterTopicConfig,
    ConfigChange,
    ConfigResource,
    CreateTopic,
    DeleteTopic,
    GrowPartitions,
    KafkaError,
    NewTopic,
    ResourceType,
    TopicPlan,
    TopicSpec,
    apply_topics,
    diff_topics,
    load_topic_specs,
    plan_topics,
    topic_specs_from_data,
)


def test_diff_creates_grows_sets_and_reports_conflicts() -> None:
    desired = [
        TopicSpec("new", 3),
        TopicSpec("grow", 6, config={"retention.ms": "1000"}),
        TopicSpec("shrink", 2, replication_factor=3),
        TopicSpec("same", 1, config={"cleanup.policy": "compact"}),
    ]
    existing = {
        "grow": (4, 1, {"retention.ms": "500"}),
        "shrink": (5, 1, {}),
        "same": (1, 1, {"cleanup.policy": "compact"}),
        "other": (1, 1, {}),
    }
    plan = diff_topics(desired, existing)
    assert plan.actions == (
        CreateTopic(TopicSpec("new", 3)),
        GrowPartitions("grow", 4, 6),
        AlterTopicConfig("grow", (ConfigChange("retention.ms", "500", "1000"),)),
    )
    assert len(plan.conflicts) == 2
    assert "'shrink' has 5 partitions, 2 desired" in plan.conflicts[0]
    assert "replication factor 1, 3 desired" in plan.conflicts[1]
    assert not plan.in_sync


def test_diff_never_deletes_unless_given_topics_to_delete() -> None:
    assert diff_topics([], {"a": (1, 1, {})}).in_sync
    assert diff_topics([], {"a": (1, 1, {})}, unlisted=["a"]).actions == (DeleteTopic("a"),)


def test_spec_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="TopicSpec 't': partitions must be >= 1, got 0"):
        TopicSpec("t", 0)
    with pytest.raises(TypeError, match=r"TopicSpec 't': config\['retention.ms'\] must be a str, got int"):
        TopicSpec("t", 1, config={"retention.ms": 5})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="name must be 1 to 249 characters"):
        TopicSpec("")


def test_specs_load_from_json(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    path.write_text(
        json.dumps(
            {
                "topics": [
                    {
                        "name": "orders",
                        "partitions": 6,
                        "config": {"retention.ms": 86400000, "compression.type": "zstd"},
                    },
                    {"name": "audit"},
                ]
            }
        )
    )
    assert load_topic_specs(path) == [
        TopicSpec("orders", 6, config={"retention.ms": "86400000", "compression.type": "zstd"}),
        TopicSpec("audit"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topics": [{"name": "a", "partitons": 1}]}, r"topics\[0\] has unknown keys \['partitons'\]"),
        ([{"name": "a"}, {"name": "a"}], r"topics\[1\]: topic 'a' is listed more than once"),
        ([{"partitions": 1}], r"topics\[0\] has no name"),
        ([{"name": "a", "partitions": -1}], r"topics\[0\]: TopicSpec 'a': partitions must be >= 1"),
        ("orders", "expected a list of topics"),
    ],
)
def test_bad_spec_data_is_reported_with_its_place(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        topic_specs_from_data(data, "topics.json")


def test_unreadable_spec_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  oops")
    with pytest.raises(ValueError, match=r"bad.json: invalid JSON at line 2"):
        load_topic_specs(bad)
    with pytest.raises(ValueError, match="cannot read"):
        load_topic_specs(tmp_path / "absent.json")


@pytest.mark.broker
def test_dry_run_plans_without_changing_anything(admin: AdminClient, new_topic: Callable[[str], str]) -> None:
    name = new_topic("decl")
    result = admin.apply_topics([TopicSpec(name, 2)], dry_run=True)
    assert result.dry_run
    assert result.plan.actions == (CreateTopic(TopicSpec(name, 2)),)
    assert result.applied == ()
    assert name not in admin.list_topics(timeout=10).topics


@pytest.mark.broker
def test_apply_creates_sets_configs_and_is_idempotent(
    admin: AdminClient, make_topic: Callable[..., str], new_topic: Callable[[str], str]
) -> None:
    existing = make_topic(partitions=2, config={"retention.ms": "1000"})
    missing = new_topic("decl")
    desired = [
        TopicSpec(existing, 2, config={"retention.ms": "2000"}),
        TopicSpec(missing, 3, 1, config={"cleanup.policy": "compact"}),
    ]

    result = apply_topics(admin, desired)
    assert result.ok, result.failed
    assert set(result.applied) == {
        AlterTopicConfig(existing, (ConfigChange("retention.ms", "1000", "2000"),)),
        CreateTopic(desired[1]),
    }
    assert len(admin.list_topics(timeout=10).topics[missing].partitions) == 3
    resources = [ConfigResource(ResourceType.TOPIC, existing), ConfigResource(ResourceType.TOPIC, missing)]
    configs = {r.name: f.result(15) for r, f in admin.describe_configs(resources).items()}
    assert configs[existing]["retention.ms"].value == "2000"
    assert configs[missing]["cleanup.policy"].value == "compact"

    assert plan_topics(admin, desired).in_sync
    assert apply_topics(admin, desired).applied == ()


@pytest.mark.broker
def test_growing_partitions_is_planned_and_its_failure_reported(
    admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic(partitions=1)
    result = admin.apply_topics([TopicSpec(name, 3)])
    # Tansu has no CreatePartitions; a full Kafka cluster grows the topic here.
    assert result.plan.actions == (GrowPartitions(name, 1, 3),)
    assert not result.ok
    [(action, error)] = result.failed
    assert action == GrowPartitions(name, 1, 3)
    assert error.args[0].code() == KafkaError._UNSUPPORTED_FEATURE
    assert result.to_dict()["failed"][0]["action"] == "grow_partitions"


@pytest.mark.broker
def test_shrinking_is_a_conflict_and_never_attempted(
    admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic(partitions=3)
    result = admin.apply_topics([TopicSpec(name, 1)])
    assert result.plan.actions == ()
    assert "cannot shrink" in result.plan.conflicts[0]
    assert not result.ok
    assert len(admin.list_topics(timeout=10).topics[name].partitions) == 3


@pytest.mark.broker
def test_unlisted_topics_are_deleted_only_when_told(
    admin: AdminClient, new_topic: Callable[[str], str]
) -> None:
    prefix = new_topic("scope") + "."
    keep, drop = prefix + "keep", prefix + "drop"
    for name in (keep, drop):
        admin.create_topics([NewTopic(name, 1, 1)])[name].result(15)
    assert plan_topics(admin, [TopicSpec(keep)]).in_sync
    plan = plan_topics(admin, [TopicSpec(keep)], delete_unlisted=prefix)
    assert plan.actions == (DeleteTopic(drop),)
    result = apply_topics(admin, [TopicSpec(keep)], delete_unlisted=prefix)
    assert result.applied == (DeleteTopic(drop),)
    topics = admin.list_topics(timeout=10).topics
    assert keep in topics
    assert drop not in topics


@pytest.mark.broker
def test_async_plan_and_apply(tansu: str, new_topic: Callable[[str], str]) -> None:
    name = new_topic("decl")

    async def scenario() -> tuple[TopicPlan, TopicPlan]:
        async with AIOAdminClient({"bootstrap.servers": tansu, "log_level": 3}) as aio:
            result = await aio.apply_topics([TopicSpec(name, 2)])
            assert result.applied == (CreateTopic(TopicSpec(name, 2)),)
            return await aio.plan_topics([TopicSpec(name, 2)]), await aio.plan_topics([TopicSpec(name, 4)])

    same, bigger = asyncio.run(scenario())
    assert same.in_sync
    assert bigger.actions == (GrowPartitions(name, 2, 4),)


def test_plan_arguments_are_checked(offline_admin: AdminClient) -> None:
    with pytest.raises(TypeError, match=r"plan_topics\(\): desired\[0\] must be a TopicSpec, got str"):
        plan_topics(offline_admin, ["orders"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"desired lists topic 'a' more than once"):
        plan_topics(offline_admin, [TopicSpec("a"), TopicSpec("a")])
