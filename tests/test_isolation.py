"""Each distribution installs and imports on its own, with only its declared dependencies; and
``kafka-core[avro]`` alone runs an Avro round trip with at most eight distributions installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_every_distribution_installs_and_imports_alone() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "isolation_check.py")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # one "ok" line per distribution
    names = sorted(p.parent.name for p in ROOT.glob("packages/*/pyproject.toml"))  # dir == dist name
    for name in names:
        assert f"ok   {name}:" in result.stdout, result.stdout
    # kafka-core[avro] alone: an Avro round trip on the mock:// registry, within the distribution budget
    assert "ok   kafka-core[avro]: Avro round trip" in result.stdout, result.stdout
