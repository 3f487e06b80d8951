"""``python -m kafka_core plugins``: list installed plugins and those that failed to load."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def _plugins(as_json: bool) -> int:
    from .plugins import default_registry

    registry = default_registry()
    registry.discover_all()
    rows = [(i.kind, i.name, i.distribution, i.version) for i in registry.installed()]
    failures = registry.failures
    if as_json:
        print(json.dumps({
            "plugins": [dict(zip(("kind", "name", "distribution", "version"), r)) for r in rows],
            "failures": [{"kind": f.kind, "name": f.name, "distribution": f.distribution,
                          "version": f.version, "cause": f.cause} for f in failures],
        }, indent=2))
        return 1 if failures else 0
    header = ("KIND", "NAME", "DISTRIBUTION", "VERSION")
    widths = [max([len(header[c])] + [len(r[c]) for r in rows]) for c in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if not rows:
        print("(no plugins installed)")
    if failures:
        print("\nFailed to load:")
        for f in failures:
            print(f"  {f.kind} {f.name!r} from {f.distribution} {f.version}: {f.cause}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (1 when a plugin failed to load)."""
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
