#!/usr/bin/env python3
"""Installed size, distribution count and import time: ours beside the reference's.

Each target is installed alone in a fresh venv (our wheels built from this
checkout, everything else from PyPI); import time is the best of several
``python -c 'import ...'`` runs minus an empty interpreter start.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from isolation_check import build_wheels, install  # noqa: E402

# (label, requirements, import statement); ours first, the reference's after.
OURS = [
    ("kafka-core", ["kafka-core"], "import kafka_core"),
    ("kafka-serde", ["kafka-serde"], "import kafka_serde"),
    ("kafka-schema-registry", ["kafka-schema-registry"], "import kafka_schema_registry"),
    ("kafka-core[avro]", ["kafka-core[avro]"], "from kafka_schema_registry.avro import AvroSerializer"),
    ("kafka-admin", ["kafka-admin"], "from kafka_admin import AdminClient"),
    ("kafka-legacy-avro", ["kafka-legacy-avro"], "import kafka_legacy_avro"),
]
REFERENCE = [
    ("confluent-kafka", ["confluent-kafka==2.16.1"], "import confluent_kafka"),
    ("confluent-kafka[avro,schemaregistry]", ["confluent-kafka[avro,schemaregistry]==2.16.1"],
     "from confluent_kafka.schema_registry.avro import AvroSerializer"),
    ("confluent-kafka (admin)", ["confluent-kafka==2.16.1"], "from confluent_kafka.admin import AdminClient"),
]
# ours vs reference, compared line by line
PAIRS = [("kafka-core", "confluent-kafka"), ("kafka-core[avro]", "confluent-kafka[avro,schemaregistry]"),
         ("kafka-admin", "confluent-kafka (admin)")]
TARGETS = OURS + REFERENCE


def _site_size(python: Path) -> tuple[int, float]:
    code = ("import importlib.metadata as m, sysconfig, os\n"
            "root = sysconfig.get_paths()['purelib']\n"
            "size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)\n"
            "print(len(list(m.distributions())), size)")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]) / 1e6


def _import_ms(python: Path, statement: str, runs: int) -> float:
    def best(code: str) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([str(python), "-c", code], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        return min(times)

    return (best(statement) - best("pass")) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer import-time runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    targets = TARGETS
    rows = []
    with tempfile.TemporaryDirectory(prefix="footprint-") as tmp:
        work = Path(tmp)
        build_wheels(work)
        for i, (label, reqs, statement) in enumerate(targets):
            python, error = install(work, f"t{i}", reqs)
            if python is None:
                print(f"{label}: {error}")
                return 1
            dists, megabytes = _site_size(python)
            rows.append((label, dists, megabytes, _import_ms(python, statement, runs), statement))
    print(f"{'install':40} {'dists':>5} {'MB':>7} {'import ms':>9}  statement")
    for label, dists, megabytes, ms, statement in rows:
        print(f"{label:40} {dists:5d} {megabytes:7.1f} {ms:9.1f}  {statement}")
    by_label = {row[0]: row for row in rows}
    for ours, ref in PAIRS:
        a, b = by_label[ours], by_label[ref]
        print(f"{a[0]} vs {b[0]}: {a[1]} vs {b[1]} distributions, {a[2] / b[2]:.2f}x the megabytes, "
              f"{a[3] / b[3]:.2f}x the import time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
