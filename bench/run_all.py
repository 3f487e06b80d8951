#!/usr/bin/env python3
"""Run every benchmark in bench/ one after the other (``--quick`` is passed on)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["footprint.py", "bench_clients.py", "bench_serde.py", "bench_formats.py", "bench_avro_clients.py",
         "bench_schema_registry.py", "bench_aio.py"]


def main() -> int:
    failed = []
    for name in ORDER:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n## {name}", flush=True)
        if subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
