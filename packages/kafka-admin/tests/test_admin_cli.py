"""The kafka-admin command line, run as a subprocess against the Tansu broker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from kafka_admin import AdminClient, ConfigResource, ResourceType
from kafka_admin._cli import main
from kafka_admin._cli_config import ConfigError, client_config, parse_properties
from kafka_core import TopicPartition

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run() -> Run:
    """Run ``python -m kafka_admin ARGS`` with a clean environment (plus ``env``); 60 s at most."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")}
        return subprocess.run(
            [sys.executable, "-m", "kafka_admin", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**clean, **(env or {})},
            check=False,
        )

    return invoke


def test_console_script_is_declared() -> None:
    [script] = entry_points(group="console_scripts", name="kafka-admin")
    assert script.load() is main


@pytest.mark.broker
def test_topics_create_list_describe_delete(run: Run, tansu: str, new_topic: Callable[[str], str]) -> None:
    name = new_topic("cli")
    created = run("-b", tansu, "topics", "create", name, "-p", "3", "-r", "1", "-c", "retention.ms=60000")
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"created topic {name!r}\n"

    listed = run("-b", tansu, "--json", "topics", "list")
    assert listed.returncode == 0, listed.stderr
    assert {"name": name, "partitions": 3, "replication_factor": 1} in json.loads(listed.stdout)

    table = run("-b", tansu, "topics", "list")
    assert table.stdout.splitlines()[0].split() == ["TOPIC", "PARTITIONS", "REPLICATION"]
    assert [name, "3", "1"] in [line.split() for line in table.stdout.splitlines()]

    described = run("-b", tansu, "--json", "topics", "describe", name)
    assert [p["partition"] for p in json.loads(described.stdout)[0]["partitions"]] == [0, 1, 2]

    again = run("-b", tansu, "topics", "create", name)
    assert again.returncode == 1
    assert "TOPIC_ALREADY_EXISTS" in again.stdout
    assert "some operations failed" in again.stderr

    deleted = run("-b", tansu, "topics", "delete", name)
    assert deleted.returncode == 0, deleted.stderr
    assert name not in run("-b", tansu, "topics", "list").stdout


@pytest.mark.broker
def test_configs_get_and_set(
    run: Run, tansu: str, admin: AdminClient, make_topic: Callable[..., str]
) -> None:
    name = make_topic(config={"retention.ms": "60000"})
    changed = run("-b", tansu, "configs", "set", "topic", name, "retention.ms=120000")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout == f"updated topic {name!r}: set retention.ms\n"
    resource = ConfigResource(ResourceType.TOPIC, name)
    assert admin.describe_configs([resource])[resource].result(15)["retention.ms"].value == "120000"
    shown = json.loads(run("-b", tansu, "--json", "configs", "get", "topic", name).stdout)
    assert {"name": "retention.ms", "value": "120000"}.items() <= shown[0].items()


@pytest.mark.broker
def test_topics_apply_dry_run_then_apply(
    run: Run, tansu: str, tmp_path: Path, new_topic: Callable[[str], str]
) -> None:
    name = new_topic("cli")
    spec = tmp_path / "topics.json"
    spec.write_text(
        json.dumps({"topics": [{"name": name, "partitions": 2, "config": {"retention.ms": 60000}}]})
    )

    dry = run("-b", tansu, "topics", "apply", str(spec), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"create topic {name!r} (2 partitions, default replication, retention.ms=60000)" in dry.stdout
    assert name not in run("-b", tansu, "topics", "list").stdout

    applied = run("-b", tansu, "--json", "topics", "apply", str(spec))
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout)["applied"] == [
        {"action": "create", "name": name, "partitions": 2, "config": {"retention.ms": "60000"}}
    ]

    again = run("-b", tansu, "topics", "apply", str(spec))
    assert again.stdout == "topics are in sync: nothing to do\n"


@pytest.mark.broker
def test_groups_lag_list_describe_delete(
    run: Run,
    tansu: str,
    make_topic: Callable[..., str],
    produce_each: Callable[[str, int, int], None],
    commit_offsets: Callable[[str, list[TopicPartition]], None],
    new_topic: Callable[[str], str],
) -> None:
    topic, group = make_topic(partitions=1), new_topic("grp")
    produce_each(topic, 0, 3)
    commit_offsets(group, [TopicPartition(topic, 0, 1)])

    lag = run("-b", tansu, "groups", "lag", group, "--json")  # --json after the command works too
    assert lag.returncode == 0, lag.stderr
    assert json.loads(lag.stdout) == {
        "group_id": group,
        "total_lag": 2,
        "partitions": [
            {"topic": topic, "partition": 0, "committed_offset": 1, "log_end_offset": 3, "lag": 2}
        ],
    }
    table = run("-b", tansu, "groups", "lag", group).stdout.splitlines()
    assert table[0].split() == ["TOPIC", "PARTITION", "COMMITTED", "END", "LAG"]
    assert table[1].split() == [topic, "0", "1", "3", "2"]
    assert table[2] == f"total lag of group {group}: 2"

    assert group in run("-b", tansu, "groups", "list").stdout
    described = json.loads(run("-b", tansu, "--json", "groups", "describe", group).stdout)
    assert described[0]["group_id"] == group
    assert run("-b", tansu, "groups", "delete", group).returncode == 0
    assert "has no committed offsets" in run("-b", tansu, "groups", "lag", group).stdout


@pytest.mark.broker
def test_config_from_environment_and_properties_file(run: Run, tansu: str, tmp_path: Path) -> None:
    by_env = run("topics", "list", env={"KAFKA_BOOTSTRAP_SERVERS": tansu})
    assert by_env.returncode == 0, by_env.stderr
    properties = tmp_path / "client.properties"
    properties.write_text(f"# admin client\nbootstrap.servers={tansu}\nclient.id = kafka-admin-test\n")
    by_file = run("--config-file", str(properties), "--json", "topics", "list")
    assert by_file.returncode == 0, by_file.stderr
    assert isinstance(json.loads(by_file.stdout), list)


@pytest.mark.broker
def test_acls_list_on_tansu(run: Run, tansu: str) -> None:
    listed = run("-b", tansu, "acls", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "no ACLs match\n"


def test_usage_errors_exit_2_before_contacting_anything(run: Run, tmp_path: Path) -> None:
    no_servers = run("topics", "list")
    assert no_servers.returncode == 2
    assert "no bootstrap servers" in no_servers.stderr
    bad_property = run("-b", "127.0.0.1:9", "-X", "no.such.property=1", "topics", "list")
    assert bad_property.returncode == 2
    assert 'No such configuration property: "no.such.property"' in bad_property.stderr
    bad_args = run("-b", "127.0.0.1:9", "topics", "create", "t", "-p", "0")
    assert bad_args.returncode == 2
    assert "new_topics[0].num_partitions must be -1 (broker default) or >= 1, got 0" in bad_args.stderr
    unknown = run("-b", "127.0.0.1:9", "topics", "frobnicate")
    assert unknown.returncode == 2
    assert "invalid choice: 'frobnicate'" in unknown.stderr
    bad_spec = tmp_path / "bad.json"
    bad_spec.write_text('[{"name": "t", "partitions": 0}]')
    spec_error = run("-b", "127.0.0.1:9", "topics", "apply", str(bad_spec))
    assert spec_error.returncode == 2
    assert "topics[0]: TopicSpec 't': partitions must be >= 1, got 0" in spec_error.stderr
    nothing = run("-b", "127.0.0.1:9", "configs", "set", "topic", "orders")
    assert nothing.returncode == 2
    assert "give at least one key=value or --delete KEY" in nothing.stderr
    everything = run("-b", "127.0.0.1:9", "acls", "delete")
    assert everything.returncode == 2
    assert "matches every ACL" in everything.stderr


def test_unreachable_cluster_fails_with_exit_1(run: Run) -> None:
    result = run("-b", "127.0.0.1:9", "--timeout", "1", "groups", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("kafka-admin: groups list failed:")
    acl = run(
        "-b",
        "127.0.0.1:9",
        "--timeout",
        "1",
        "acls",
        "create",
        "--resource-type",
        "topic",
        "--resource-name",
        "orders",
        "--principal",
        "User:bob",
        "--operation",
        "read",
    )
    assert acl.returncode == 1
    assert acl.stderr.startswith("kafka-admin: acls create failed:")


def test_secrets_from_files_never_reach_errors(tmp_path: Path) -> None:
    properties = tmp_path / "client.properties"
    properties.write_text("bootstrap.servers=127.0.0.1:9\nsasl.password hunter2-secret\n")
    with pytest.raises(ConfigError) as caught:
        client_config(str(properties), None, [], {})
    assert str(caught.value) == f"{properties}:2: expected key=value"
    with pytest.raises(ConfigError, match="-X option 1: expected key=value") as flagged:
        client_config(None, "127.0.0.1:9", ["sasl.password"], {})
    assert "sasl.password" not in str(flagged.value)


def test_config_sources_precedence(tmp_path: Path) -> None:
    properties = tmp_path / "client.properties"
    properties.write_text("bootstrap.servers=file:1\nclient.id: from-file\nsocket.timeout.ms=1000\n")
    environ = {
        "KAFKA_ADMIN_CONFIG_FILE": str(properties),
        "KAFKA_ADMIN_CLIENT_ID": "from-env",
        "KAFKA_BOOTSTRAP_SERVERS": "env:1",
    }
    assert client_config(None, None, [], environ) == {
        "bootstrap.servers": "env:1",
        "client.id": "from-env",
        "socket.timeout.ms": "1000",
    }
    assert client_config(None, "flag:1", ["client.id=from-flag"], environ) == {
        "bootstrap.servers": "flag:1",
        "client.id": "from-flag",
        "socket.timeout.ms": "1000",
    }
    assert parse_properties("! comment\na.b = c=d\n", "p") == {"a.b": "c=d"}
