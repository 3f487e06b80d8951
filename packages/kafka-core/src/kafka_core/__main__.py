"""``python -m kafka_core plugins``: list installed plugins, those that failed to load, and conflicts.

The exit code is 0 when every plugin loaded, 1 when one failed or two claim one name.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]

_COLUMNS = ("kind", "name", "distribution", "version")


def _plugins(as_json: bool) -> int:
    from .plugins import default_registry

    registry = default_registry()
    registry.discover_all()
    rows = [(i.kind, i.name, i.distribution, i.version) for i in registry.installed()]
    failures = registry.failures
    conflicts = registry.conflicts
    status = 1 if failures or conflicts else 0
    if as_json:
        print(json.dumps({
            "plugins": [dict(zip(_COLUMNS, row, strict=True)) for row in rows],
            "failures": [{"kind": f.kind, "name": f.name, "distribution": f.distribution,
                          "version": f.version, "cause": f.cause} for f in failures],
            "conflicts": [{"kind": c.kind, "name": c.name, "distributions": list(c.distributions)}
                          for c in conflicts],
        }, indent=2))
        return status
    header = tuple(c.upper() for c in _COLUMNS)
    widths = [max([len(header[c])] + [len(r[c]) for r in rows]) for c in range(len(_COLUMNS))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        print("(no plugins installed)")
    if failures:
        print("\nFailed to load:")
        for f in failures:
            print(f"  {f.kind} {f.name!r} from {f.distribution} {f.version}: {f.cause}")
    if conflicts:
        print("\nConflicts:")
        for c in conflicts:
            print(f"  {c}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (1 when a plugin failed to load or conflicts)."""
    parser = argparse.ArgumentParser(prog="python -m kafka_core")
    sub = parser.add_subparsers(dest="command", required=True)
    plugins = sub.add_parser("plugins", help="list installed plugins")
    plugins.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    if args.command == "plugins":
        return _plugins(args.json)
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
