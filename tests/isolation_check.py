#!/usr/bin/env python3
"""Install each distribution alone in a clean venv and import every public module.

For every ``packages/<dist>``: build the wheels of all our distributions, make
a new venv, install ``<dist>`` (with its own third-party extras) from those
wheels and PyPI, then import each of its public modules there. Only what the
distribution declares is installed, so an undeclared or upward import fails.
Exit code 0 when every distribution passes. ``bench/footprint.py`` reuses the
wheel and venv helpers.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
__all__ = [
    "LEAN_MAX_DISTRIBUTIONS",
    "build_wheels",
    "check",
    "check_lean",
    "distributions",
    "install",
    "main",
]

LEAN_MAX_DISTRIBUTIONS = 8
"""The most distributions ``kafka-core[avro]`` may install (issue 4's footprint target)."""

# Run inside the kafka-core[avro] venv: an Avro round trip through the mock:// registry, with
# nothing beyond what that extra declares (no httpx), then the installed distributions.
_LEAN_SCRIPT = """
import importlib.metadata, importlib.util, sys
from kafka_core import MessageField, SerializationContext
from kafka_schema_registry import SchemaRegistryClient
from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer
schema = '{"type": "record", "name": "R", "fields": [{"name": "n", "type": "long"}]}'
client = SchemaRegistryClient({"url": "mock://lean"})
ctx = SerializationContext("t", MessageField.VALUE)
data = AvroSerializer(client, schema)({"n": 7}, ctx)
assert AvroDeserializer(client)(data, ctx) == {"n": 7}, "round trip"
assert importlib.util.find_spec("httpx") is None, "httpx is installed"
print(len(list(importlib.metadata.distributions())))
"""


def distributions() -> dict[str, Path]:
    """Our distributions by name."""
    found = {}
    for pyproject in sorted(ROOT.glob("packages/*/pyproject.toml")):
        found[tomllib.loads(pyproject.read_text())["project"]["name"]] = pyproject.parent
    return found


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def build_wheels(work: Path) -> list[str]:
    """Build every distribution's wheel into ``work/wheels`` and pin our names to them.

    Returns the names that failed to build. The pins (``work/constraints.txt``)
    keep a same-named project on PyPI from being picked instead of ours.
    """
    failed = []
    pins = []
    for name, directory in distributions().items():
        built = _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(work / "wheels"),
                str(directory),
            ]
        )
        if built.returncode:
            failed.append(name)
            print(f"FAIL building {name}: {built.stderr[-1500:]}", flush=True)
        about = next((directory / "src").glob("*/__about__.py"))
        version = about.read_text().split('__version__ = "')[1].split('"')[0]
        pins.append(f"{name}=={version}")
    (work / "constraints.txt").write_text("\n".join(pins) + "\n")
    return failed


def install(work: Path, label: str, requirements: list[str]) -> tuple[Path | None, str]:
    """Make venv ``work/venv-<label>`` and install ``requirements``; return (python, error)."""
    venv = work / f"venv-{label}"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    if made.returncode:
        return None, f"venv: {made.stderr}"
    python = venv / "bin" / "python"
    installed = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--find-links",
            str(work / "wheels"),
            "-c",
            str(work / "constraints.txt"),
            *requirements,
        ]
    )
    if installed.returncode:
        return None, f"pip install {' '.join(requirements)}: {installed.stderr[-2000:]}"
    return python, ""


def _own_extras(project: dict[str, object], ours: set[str]) -> list[str]:
    """Extras whose requirements are all third-party (not another of our distributions)."""
    extras = project.get("optional-dependencies", {})
    assert isinstance(extras, dict)
    keep = []
    for name, reqs in extras.items():
        names = {r.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip() for r in reqs}
        if not names & ours:
            keep.append(name)
    return sorted(keep)


def _public_modules(src: Path) -> list[str]:
    modules = []
    for path in sorted(src.rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if any(p.startswith("_") for p in parts):
            continue
        modules.append(".".join(parts))
    return modules


def check(name: str, work: Path) -> str | None:
    """Install ``name`` alone and import its public modules; return an error text or None."""
    dists = distributions()
    directory = dists[name]
    project = tomllib.loads((directory / "pyproject.toml").read_text())["project"]
    extras = _own_extras(project, set(dists))
    requirement = f"{name}[{','.join(extras)}]" if extras else name
    python, error = install(work, name, [requirement])
    if python is None:
        return error
    modules = _public_modules(directory / "src")
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    imported = _run([str(python), "-W", "ignore::DeprecationWarning", "-c", code, *modules], cwd=work)
    if imported.returncode:
        return f"import failed with only {requirement} installed: {imported.stderr[-2000:]}"
    print(f"ok   {name}: {requirement} imported {len(modules)} public modules", flush=True)
    return None


def check_lean(work: Path) -> str | None:
    """Install ``kafka-core[avro]`` alone: an Avro round trip works, within the distribution budget."""
    python, error = install(work, "lean", ["kafka-core[avro]"])
    if python is None:
        return error
    ran = _run([str(python), "-W", "ignore::DeprecationWarning", "-c", _LEAN_SCRIPT], cwd=work)
    if ran.returncode:
        return f"Avro round trip failed with only kafka-core[avro] installed: {ran.stderr[-2000:]}"
    count = int(ran.stdout.split()[-1])
    if count > LEAN_MAX_DISTRIBUTIONS:
        return f"kafka-core[avro] installs {count} distributions (at most {LEAN_MAX_DISTRIBUTIONS})"
    print(f"ok   kafka-core[avro]: Avro round trip with {count} distributions installed", flush=True)
    return None


def main(names: list[str] | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="isolation-") as tmp:
        work = Path(tmp)
        failures = len(build_wheels(work))
        for name in names or list(distributions()):
            error = check(name, work)
            if error:
                failures += 1
                print(f"FAIL {name}: {error}", flush=True)
        if not names:
            error = check_lean(work)
            if error:
                failures += 1
                print(f"FAIL kafka-core[avro]: {error}", flush=True)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or None))
