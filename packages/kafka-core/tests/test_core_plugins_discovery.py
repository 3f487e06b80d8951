"""Entry-point discovery with real installed distributions, each check in a fresh interpreter.

Distributions used: kafka-serde and the example plugin
examples/plugins/kafka-serde-msgpack, both pip-installed by this module into a
temporary directory (no network, no dependencies: whatever copy the test
environment has is shadowed), and tiny distributions written here as
``*.dist-info`` directories (METADATA + entry_points.txt): a real installation
as far as importlib.metadata is concerned. Each interpreter sees them through
PYTHONPATH.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PLUGIN_DISTRIBUTIONS = [
    REPO / "packages" / "kafka-serde",
    REPO / "examples" / "plugins" / "kafka-serde-msgpack",
]


def make_distribution(root: Path, name: str, version: str, entry_points: dict[str, dict[str, str]],
                      modules: dict[str, str]) -> Path:
    """Install a minimal distribution under ``root``: its modules and a dist-info directory."""
    dist_info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = []
    for group, eps in entry_points.items():
        lines.append(f"[{group}]")
        lines.extend(f"{ep_name} = {target}" for ep_name, target in eps.items())
        lines.append("")
    (dist_info / "entry_points.txt").write_text("\n".join(lines))
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source))
    return root


@functools.cache
def _base_site() -> Path:
    """A directory holding only kafka_core, what it needs (pluggy, the native client) and msgpack.

    The test interpreters run without site-packages (``-S``), so the plugins
    they see are exactly the distributions each test puts on their path,
    never whatever else the test environment has installed.
    """
    import confluent_kafka.cimpl
    import msgpack  # the example plugin's own dependency
    import pluggy

    base = Path(tempfile.mkdtemp(prefix="kafka-core-base-site-"))
    atexit.register(shutil.rmtree, base, True)
    native = Path(confluent_kafka.cimpl.__file__).parent
    kafka_core_src = REPO / "packages" / "kafka-core" / "src" / "kafka_core"
    for source in (Path(pluggy.__file__).parent, Path(msgpack.__file__).parent, native,
                   native.parent / "confluent_kafka.libs", kafka_core_src):
        if source.exists():
            (base / source.name).symlink_to(source)
    return base


def run_python(code: str, *paths: Path, args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (or ``-m`` args) in a fresh interpreter that sees only ``paths`` and kafka_core."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (*paths, _base_site()))
    command = [sys.executable, "-S", *args] if args else [sys.executable, "-S", "-c", textwrap.dedent(code)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """kafka-serde and the example plugin, installed by pip (offline, no dependencies) into one directory."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
         "--target", str(target), *map(str, PLUGIN_DISTRIBUTIONS)],
        check=True, timeout=120, capture_output=True,
    )
    return target


BROKEN_PLUGIN = """
    raise RuntimeError("needs libfrobnicate, which is not installed")
"""

RIVAL_PLUGIN = """
    from kafka_core.plugins import hookimpl

    class RivalStringSerializer:
        PLUGIN_NAME = "string"

    @hookimpl
    def kafka_serializers():
        return [RivalStringSerializer]
"""

SPY_PLUGIN = """
    from kafka_core.plugins import hookimpl

    class SpySerializer:
        PLUGIN_NAME = "spy"

    @hookimpl
    def kafka_serializers():
        return [SpySerializer]
"""


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    return make_distribution(
        tmp_path / "broken", "kafka-serde-broken", "1.2.3",
        {"kafka_core.serializer": {"broken": "broken_plugin"}}, {"broken_plugin": BROKEN_PLUGIN},
    )


@pytest.fixture
def rival_site(tmp_path: Path) -> Path:
    return make_distribution(
        tmp_path / "rival", "kafka-serde-rival", "0.9",
        {"kafka_core.serializer": {"string": "rival_plugin"}}, {"rival_plugin": RIVAL_PLUGIN},
    )


@pytest.fixture
def spy_site(tmp_path: Path) -> Path:
    return make_distribution(
        tmp_path / "spy", "kafka-serde-spy", "0.1",
        {"kafka_core.serializer": {"spy": "spy_plugin"}}, {"spy_plugin": SPY_PLUGIN},
    )


def test_importing_kafka_core_discovers_nothing(plugin_site: Path, spy_site: Path) -> None:
    result = run_python(
        """
        import sys, json
        import kafka_core
        print(json.dumps(sorted(m for m in sys.modules
                                if m.startswith(("kafka_serde", "spy_plugin", "msgpack")))))
        """,
        plugin_site, spy_site,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_asking_for_one_name_imports_only_its_plugin_module(plugin_site: Path, spy_site: Path) -> None:
    result = run_python(
        """
        import sys, json
        from kafka_core.plugins import PluginRegistry
        serializer = PluginRegistry().get("serializer", "string")
        print(json.dumps({
            "class": f"{serializer.__module__}.{serializer.__qualname__}",
            "modules": sorted(m for m in sys.modules
                              if m.startswith(("kafka_serde", "spy_plugin", "msgpack"))),
        }))
        """,
        plugin_site, spy_site,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["class"] == "kafka_serde._string.StringSerializer"
    plugin_modules = [m for m in report["modules"] if m.startswith("kafka_serde._plugins.")]
    assert plugin_modules == ["kafka_serde._plugins.string"]
    others = ("spy_plugin", "msgpack", "kafka_serde_msgpack")
    assert not [m for m in report["modules"] if m.startswith(others)]


def test_the_example_plugin_is_found_by_name_with_its_distribution(plugin_site: Path) -> None:
    result = run_python(
        """
        import json
        from kafka_core import MessageField, SerializationContext, SerializationError
        from kafka_core.plugins import PluginRegistry
        registry = PluginRegistry()
        ser = registry.get("serializer", "msgpack")
        de = registry.get("deserializer", "MsgPack")
        try:
            de()(b"\\xc1", SerializationContext("events", MessageField.VALUE))  # 0xc1: never used
        except SerializationError as exc:
            error = str(exc)
        print(json.dumps({
            "error": error,
            "classes": [ser.__module__ + "." + ser.__name__, de.__module__ + "." + de.__name__],
            "installed": [[i.kind, i.name, i.distribution, i.version] for i in registry.installed()],
            "round_trip": de()(ser()({"id": 7, "tags": ["a", "b"], "blob": b"\\x00"})),
        }, default=repr))
        """,
        plugin_site,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["classes"] == ["kafka_serde_msgpack._msgpack_serde.MsgpackSerializer",
                                 "kafka_serde_msgpack._msgpack_serde.MsgpackDeserializer"]
    assert report["installed"] == [["deserializer", "msgpack", "kafka-serde-msgpack", "0.1.0"],
                                   ["serializer", "msgpack", "kafka-serde-msgpack", "0.1.0"]]
    assert report["round_trip"] == {"id": 7, "tags": ["a", "b"], "blob": "b'\\x00'"}
    assert report["error"].startswith("MsgpackDeserializer failed (topic 'events', field 'value'): ")


def test_the_example_plugin_round_trips_through_the_clients_by_name(
    plugin_site: Path, mock_bootstrap: str, new_topic: object
) -> None:
    topic = new_topic("msgpack")  # type: ignore[operator]
    result = run_python(
        f"""
        import json, time
        from kafka_core import DeserializingConsumer, SerializingProducer, TopicPartition, OFFSET_BEGINNING
        conf = {{"bootstrap.servers": {mock_bootstrap!r}, "log_level": 3}}
        producer = SerializingProducer({{**conf, "key.serializer": "string", "value.serializer": "msgpack"}})
        values = [{{"id": 1, "tags": ["x"]}}, [1, 2.5, None, True], "text", None]
        for value in values:
            producer.produce({topic!r}, key="k", value=value, partition=0)
        assert producer.flush(10) == 0
        consumer = DeserializingConsumer({{**conf, "group.id": "g", "key.deserializer": "string",
                                          "value.deserializer": "msgpack"}})
        consumer.assign([TopicPartition({topic!r}, 0, OFFSET_BEGINNING)])
        received, deadline = [], time.monotonic() + 15
        while len(received) < len(values) and time.monotonic() < deadline:
            received.extend(consumer.consume(len(values) - len(received), timeout=0.5))
        consumer.close()
        print(json.dumps([[m.key(), m.value()] for m in received]))
        """,
        plugin_site,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["k", {"id": 1, "tags": ["x"]}], ["k", [1, 2.5, None, True]], ["k", "text"], ["k", None],
    ]


def test_a_broken_plugin_is_reported_with_its_distribution_and_does_not_break_others(
    broken_site: Path, plugin_site: Path
) -> None:
    result = run_python(
        """
        import json
        from kafka_core.plugins import PluginLoadError, PluginRegistry
        registry = PluginRegistry()
        try:
            registry.get("serializer", "broken")
        except PluginLoadError as exc:
            error = str(exc)
        print(json.dumps({
            "error": error,
            "string": registry.get("serializer", "string").__name__,
            "msgpack": registry.get("serializer", "msgpack").__name__,
            "failures": [[f.kind, f.name, f.distribution, f.version, f.cause] for f in registry.failures],
        }))
        """,
        broken_site, plugin_site,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["error"] == (
        "the plugin providing serializer 'broken' failed to load: kafka-serde-broken 1.2.3: "
        "RuntimeError: needs libfrobnicate, which is not installed"
    )
    assert report["string"] == "StringSerializer"
    assert report["msgpack"] == "MsgpackSerializer"
    assert report["failures"] == [["serializer", "broken", "kafka-serde-broken", "1.2.3",
                                   "RuntimeError: needs libfrobnicate, which is not installed"]]


def test_a_plugin_missing_its_library_names_the_extra_to_install(tmp_path: Path) -> None:
    site = make_distribution(
        tmp_path, "kafka-schema-registry-fake", "0.0.1",
        {"kafka_core.serializer": {"avro": "fake_avro_plugin"}},
        {"fake_avro_plugin": "import fastavro_not_installed_here\n"},
    )
    result = run_python(
        """
        from kafka_core.plugins import PluginLoadError, PluginRegistry
        try:
            PluginRegistry().get("serializer", "avro")
        except PluginLoadError as exc:
            print(exc)
        """,
        site,
    )
    assert result.returncode == 0, result.stderr
    cause = "ModuleNotFoundError: No module named 'fastavro_not_installed_here'"
    assert f"kafka-schema-registry-fake 0.0.1: {cause}" in result.stdout
    assert result.stdout.rstrip().endswith("; pip install 'kafka-schema-registry[avro]'")


def test_two_distributions_claiming_one_name_is_an_error_naming_both(
    rival_site: Path, plugin_site: Path
) -> None:
    result = run_python(
        """
        import json
        from kafka_core.plugins import PluginConflictError, PluginRegistry
        registry = PluginRegistry()
        first = registry.get("deserializer", "string").__name__  # only kafka-serde has this one
        errors = []
        for _ in range(2):  # the same error every time, not only on first lookup
            try:
                registry.get("serializer", "string")
            except PluginConflictError as exc:
                errors.append([str(exc), sorted(exc.distributions)])
        print(json.dumps({"first": first, "errors": errors,
                          "integer": registry.get("serializer", "integer").__name__}))
        """,
        rival_site, plugin_site,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["first"] == "StringDeserializer"
    assert report["integer"] == "IntegerSerializer"
    assert len(report["errors"]) == 2
    message, distributions = report["errors"][0]
    assert distributions == ["kafka-serde", "kafka-serde-rival"]
    assert message.startswith("serializer 'string' is provided by two distributions: ")
    assert message.endswith("; uninstall one of them")
    assert report["errors"][1] == report["errors"][0]


def test_an_entry_point_that_provides_another_name_is_reported(tmp_path: Path) -> None:
    site = make_distribution(
        tmp_path, "kafka-serde-mislabelled", "2.0",
        {"kafka_core.serializer": {"wanted": "spy_plugin"}}, {"spy_plugin": SPY_PLUGIN},
    )
    result = run_python(
        """
        from kafka_core.plugins import PluginLoadError, PluginRegistry
        try:
            PluginRegistry().get("serializer", "wanted")
        except PluginLoadError as exc:
            print(exc)
        """,
        site,
    )
    assert result.returncode == 0, result.stderr
    assert "kafka-serde-mislabelled 2.0: its entry point 'wanted' in group kafka_core.serializer " \
           "contributes no serializer named 'wanted'" in result.stdout


def _table(stdout: str) -> list[list[str]]:
    lines = stdout.split("\n\n", maxsplit=1)[0].splitlines()
    return [line.split() for line in lines[1:]]


def test_cli_lists_names_kinds_distributions_versions_and_failures(
    plugin_site: Path, broken_site: Path
) -> None:
    result = run_python("", plugin_site, broken_site, args=("-m", "kafka_core", "plugins"))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].split() == ["KIND", "NAME", "DISTRIBUTION", "VERSION"]
    rows = _table(result.stdout)
    for kind in ("serializer", "deserializer"):
        assert [kind, "msgpack", "kafka-serde-msgpack", "0.1.0"] in rows
        for name in ("string", "integer", "long", "float", "double", "uuid", "bytes"):
            assert [kind, name, "kafka-serde", "0.1.0"] in rows
    assert "Failed to load:" in result.stdout
    assert ("  serializer 'broken' from kafka-serde-broken 1.2.3: "
            "RuntimeError: needs libfrobnicate, which is not installed") in result.stdout.splitlines()


def test_cli_json_lists_plugins_failures_and_conflicts(plugin_site: Path, rival_site: Path) -> None:
    result = run_python("", plugin_site, rival_site, args=("-m", "kafka_core", "plugins", "--json"))
    report = json.loads(result.stdout)
    assert {"kind": "serializer", "name": "msgpack", "distribution": "kafka-serde-msgpack",
            "version": "0.1.0"} in report["plugins"]
    assert {"kind": "serializer", "name": "string", "distributions": ["kafka-serde", "kafka-serde-rival"]} \
        in [{**c, "distributions": sorted(c["distributions"])} for c in report["conflicts"]]
    assert result.returncode == 1
