"""``kafka-admin``: topics, consumer groups, configs and ACLs from the command line.

Exit status: 0 success; 1 the cluster refused or failed an operation (or did
not answer in time); 2 a usage or configuration error, found before anything
is sent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TextIO

from .__about__ import __version__
from ._cli_commands import COMMANDS, Output
from ._cli_config import ConfigError, client_config
from ._client import AdminClient
from ._types import (
    AclOperation,
    AclPermissionType,
    ConsumerGroupState,
    KafkaError,
    KafkaException,
    ResourcePatternType,
    ResourceType,
)

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _choices(enum: type[Enum]) -> list[str]:
    """The members of ``enum`` as lower-case command-line choices, UNKNOWN left out."""
    return [m.name.lower() for m in enum if m.name != "UNKNOWN"]


_RESOURCE_TYPES = ["topic", "broker", "group"]
_ACL_RESOURCE_TYPES = _choices(ResourceType)
_PATTERN_TYPES = _choices(ResourcePatternType)
_OPERATIONS = _choices(AclOperation)
_PERMISSIONS = _choices(AclPermissionType)
_GROUP_STATES = _choices(ConsumerGroupState)

_EPILOG = """\
configuration (later wins): --config-file / $KAFKA_ADMIN_CONFIG_FILE (key=value lines),
$KAFKA_BOOTSTRAP_SERVERS and $KAFKA_ADMIN_<PROPERTY> (e.g. KAFKA_ADMIN_SASL_USERNAME),
then -b and -X key=value.

examples:
  kafka-admin -b localhost:9092 topics list
  kafka-admin -b localhost:9092 topics create orders -p 6 -r 3 -c retention.ms=86400000
  kafka-admin -b localhost:9092 topics apply topics.json --dry-run
  kafka-admin -b localhost:9092 --json groups lag billing
  kafka-admin -b localhost:9092 configs set topic orders retention.ms=3600000
"""


def _acl_options(parser: argparse.ArgumentParser, *, binding: bool) -> None:
    any_or = (lambda choices: [c for c in choices if c not in ("any", "match")]) if binding else (lambda c: c)
    parser.add_argument(
        "--resource-type",
        choices=any_or(_ACL_RESOURCE_TYPES),
        required=binding,
        default=None if binding else "any",
    )
    parser.add_argument("--resource-name", required=binding, help="resource name (filters: omit for any)")
    parser.add_argument(
        "--pattern-type", choices=any_or(_PATTERN_TYPES), default="literal" if binding else "any"
    )
    parser.add_argument("--principal", required=binding, help="e.g. User:alice (filters: omit for any)")
    parser.add_argument("--host", default="*" if binding else None, help="client host ('*' for all)")
    parser.add_argument(
        "--operation", choices=any_or(_OPERATIONS), required=binding, default=None if binding else "any"
    )
    parser.add_argument("--permission", choices=any_or(_PERMISSIONS), default="allow" if binding else "any")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kafka-admin``."""
    parser = argparse.ArgumentParser(
        prog="kafka-admin",
        description="Administer a Kafka cluster: topics, groups, configs and ACLs.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-b", "--bootstrap-servers", metavar="HOST:PORT[,...]", help="bootstrap servers")
    parser.add_argument(
        "-X",
        "--property",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a librdkafka client property (repeatable)",
    )
    parser.add_argument("--config-file", metavar="FILE", help="properties file (key=value lines)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for the cluster (default 30)",
    )
    areas = parser.add_subparsers(dest="area", metavar="{topics,groups,configs,acls}", required=True)

    topics = areas.add_parser("topics", help="list, describe, create, delete or apply topics")
    topic_cmds = topics.add_subparsers(dest="command", required=True)
    listing = topic_cmds.add_parser("list", help="list topics")
    listing.add_argument("--all", action="store_true", help="include internal __* topics")
    topic_cmds.add_parser("describe", help="partitions, leaders and replicas").add_argument(
        "topics", nargs="+"
    )
    create = topic_cmds.add_parser("create", help="create topics")
    create.add_argument("topics", nargs="+")
    create.add_argument(
        "-p", "--partitions", type=int, default=-1, help="partition count (default: broker's)"
    )
    create.add_argument("-r", "--replication-factor", type=int, default=-1, help="default: broker's")
    create.add_argument("-c", "--config", action="append", default=[], metavar="KEY=VALUE")
    create.add_argument("--validate-only", action="store_true", help="ask the broker to check only")
    topic_cmds.add_parser("delete", help="delete topics").add_argument("topics", nargs="+")
    apply = topic_cmds.add_parser("apply", help="bring topics to the state a JSON file declares")
    apply.add_argument(
        "file", help='JSON: {"topics": [{"name", "partitions", "replication_factor", "config"}]}'
    )
    apply.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    apply.add_argument(
        "--delete-unlisted",
        metavar="PREFIX",
        help="also delete topics starting with PREFIX that the file does not list",
    )

    groups = areas.add_parser("groups", help="list, describe, delete groups or show their lag")
    group_cmds = groups.add_subparsers(dest="command", required=True)
    group_cmds.add_parser("list", help="list consumer groups").add_argument(
        "--state", action="append", choices=_GROUP_STATES, help="only groups in this state (repeatable)"
    )
    group_cmds.add_parser("describe", help="state, coordinator and members").add_argument("groups", nargs="+")
    lag = group_cmds.add_parser("lag", help="committed offset, log end offset and lag per partition")
    lag.add_argument("group")
    lag.add_argument("--topic", action="append", help="cover every partition of this topic (repeatable)")
    group_cmds.add_parser("delete", help="delete (empty) groups").add_argument("groups", nargs="+")

    configs = areas.add_parser("configs", help="read or change configs")
    config_cmds = configs.add_subparsers(dest="command", required=True)
    get = config_cmds.add_parser("get", help="show a resource's configs")
    get.add_argument("resource_type", choices=_RESOURCE_TYPES)
    get.add_argument("name")
    get.add_argument("--changed", action="store_true", help="only configs the broker reports as not default")
    set_ = config_cmds.add_parser("set", help="set or delete configs (others are left alone)")
    set_.add_argument("resource_type", choices=_RESOURCE_TYPES)
    set_.add_argument("name")
    set_.add_argument("settings", nargs="*", metavar="KEY=VALUE")
    set_.add_argument(
        "--delete", action="append", default=[], metavar="KEY", help="revert KEY to its default"
    )

    acls = areas.add_parser("acls", help="list, create or delete ACLs")
    acl_cmds = acls.add_subparsers(dest="command", required=True)
    _acl_options(acl_cmds.add_parser("list", help="ACLs matching a filter"), binding=False)
    _acl_options(acl_cmds.add_parser("create", help="create one ACL"), binding=True)
    delete = acl_cmds.add_parser("delete", help="delete the ACLs matching a filter")
    _acl_options(delete, binding=False)
    delete.add_argument("--all", action="store_true", help="allow a filter that matches every ACL")
    # --json is accepted after the command too (kafka-admin groups lag billing --json).
    for commands in (topic_cmds, group_cmds, config_cmds, acl_cmds):
        for leaf in commands.choices.values():
            leaf.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    return parser


def _reason(exc: KafkaException) -> str:
    error = exc.args[0] if exc.args else None
    return str(error.str()) if isinstance(error, KafkaError) else str(exc)


def _emit(output: Output, as_json: bool, out: TextIO) -> None:
    if as_json:
        json.dump(output.data, out, indent=2, sort_keys=False, default=str)
        out.write("\n")
    elif output.text:
        out.write(output.text + "\n")


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``kafka-admin`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error (or --help)
        return int(exit_.code or 0)
    command = f"{args.area} {args.command}"
    if args.timeout <= 0:
        err.write("kafka-admin: error: --timeout must be > 0 seconds\n")
        return EXIT_USAGE
    try:
        conf = client_config(
            args.config_file,
            args.bootstrap_servers,
            args.property,
            os.environ if environ is None else environ,
        )
        conf.setdefault("log_level", 0)  # librdkafka's own log lines would clutter the output
        admin = AdminClient(conf)
    except ConfigError as exc:
        err.write(f"kafka-admin: error: {exc}\n")
        return EXIT_USAGE
    except KafkaException as exc:
        err.write(f"kafka-admin: error: invalid client configuration: {_reason(exc)}\n")
        return EXIT_USAGE
    try:
        output = COMMANDS[(args.area, args.command)](admin, args)
    except (ValueError, TypeError) as exc:
        err.write(f"kafka-admin: error: {exc}\n")
        return EXIT_USAGE
    except KafkaException as exc:
        err.write(f"kafka-admin: {command} failed: {_reason(exc)}\n")
        return EXIT_FAILED
    except TimeoutError as exc:
        err.write(f"kafka-admin: {command} failed: {exc or 'no answer in time'}\n")
        return EXIT_FAILED
    _emit(output, args.json, out)
    if output.status != EXIT_OK and not args.json:
        err.write(f"kafka-admin: {command}: some operations failed\n")
    return output.status
