#!/usr/bin/env python3
"""Set up the development environment and run the demo, the tests or the benchmarks.

    python3 dev.py demo [--bootstrap-servers HOST:PORT]   # the round-trip demo
    python3 dev.py test [pytest args]                      # lint, types, tests, docs
    python3 dev.py bench [--quick]                         # benchmarks vs the reference

Needs only python3: it creates ``.venv`` beside this file and installs what the
command needs from ``requirements/`` (again only when those files change).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def _fingerprint(requirements: str) -> str:
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("requirements/*.txt")) + sorted(ROOT.glob("packages/*/pyproject.toml"))
    files += sorted(ROOT.glob("examples/plugins/*/pyproject.toml"))
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return f"{requirements}:{digest.hexdigest()}"


def setup(requirements: str) -> None:
    """Create .venv if needed and install requirements/<requirements>.txt into it."""
    if not PY.exists():
        _run(sys.executable, "-m", "venv", VENV)
        _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    stamp = VENV / f".installed-{requirements}"
    wanted = _fingerprint(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    _run(PY, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements" / f"{requirements}.txt")
    stamp.write_text(wanted)


def demo(args: list[str]) -> int:
    setup("demo")
    return _run(PY, ROOT / "demo" / "demo.py", *args, check=False)


def test(args: list[str]) -> int:
    setup("dev")
    steps: list[tuple[str, list[str | Path]]] = [
        ("lint", [BIN / "ruff", "check", "."]),
        ("types", [PY, "-m", "mypy", *sorted(str(p) for p in ROOT.glob("packages/*/src"))]),
        ("docs", [PY, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "docs", "docs/_build/html"]),
        ("tests", [PY, "-m", "pytest", "-q", *args]),
    ]
    failed = []
    for name, cmd in steps:
        started = time.monotonic()
        code = _run(*cmd, check=False)
        print(f"== {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.monotonic() - started:.0f}s",
              flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"== failed: {', '.join(failed)}")
        return 1
    return 0


def bench(args: list[str]) -> int:
    setup("dev")
    return _run(PY, ROOT / "bench" / "run_all.py", *args, check=False)


def main() -> int:
    commands = {"demo": demo, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
