"""Data-contract rules: where they run and how an executor is found.

Rules of a schema's rule set run at fixed places of the serde:

- domain rules, mode WRITE, on the record before it is encoded;
- encoding rules, mode WRITE, on the encoded payload before it is framed;
- encoding rules, mode READ, on the payload after the framing is read;
- migration rules, UPGRADE / DOWNGRADE, between the writer's and the reader's
  schema versions (``use.latest.version`` / ``use.latest.with.metadata``);
- domain rules, mode READ, on the decoded record (in reverse order).

An executor is found by the rule's ``type`` as a plugin of kind
``rule_executor``, instantiated once per serde and ``configure``-d with the
client and rule configuration. A CONDITION rule whose executor returns a falsy
value, or any executor error, runs the rule's ``on_failure`` action (``ERROR``
by default, which raises SerializationError naming the rule); a TRANSFORM rule
replaces the message with what its executor returns. The applicable rules of a
schema are chosen once, when its plan is built, not per record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from kafka_core import MessageField, SerializationContext, SerializationError

from .._model import Rule, RuleKind, RuleMode, RulePhase, Schema
from .field_context import FieldContext, FieldType, wildcard_match

if TYPE_CHECKING:
    from kafka_core.plugins import PluginRegistry

__all__ = [
    "FieldContext",
    "FieldRuleExecutor",
    "FieldTransform",
    "FieldTransformer",
    "FieldType",
    "RuleAction",
    "RuleConditionError",
    "RuleContext",
    "RuleError",
    "RuleExecutor",
    "RuleRunner",
    "ScheduledRules",
]

log = logging.getLogger(__name__)


class RuleError(Exception):
    """A rule could not run (no executor, a bad expression, ...)."""


class RuleConditionError(RuleError):
    """A CONDITION rule's check failed; the message is the rule's doc, expression or name."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(
            rule.doc
            or (f"rule expression failed: {rule.expr}" if rule.expr else f"rule {rule.name!r} failed")
        )
        self.rule = rule


class RuleContext:
    """What an executor sees: the rule, where it runs, the schemas involved, and the field being walked."""

    __slots__ = (
        "_fields",
        "field_transformer",
        "index",
        "inline_tags",
        "rule",
        "rule_mode",
        "rule_phase",
        "rules",
        "ser_ctx",
        "source",
        "subject",
        "target",
    )

    def __init__(
        self,
        ser_ctx: SerializationContext,
        source: Schema | None,
        target: Schema | None,
        subject: str,
        rule_mode: RuleMode,
        rule: Rule,
        index: int,
        rules: Sequence[Rule],
        inline_tags: dict[str, set[str]] | None,
        field_transformer: FieldTransformer | None,
        rule_phase: RulePhase = RulePhase.DOMAIN,
    ) -> None:
        self.ser_ctx = ser_ctx
        self.source = source
        self.target = target
        self.subject = subject
        self.rule_mode = rule_mode
        self.rule_phase = rule_phase
        self.rule = rule
        self.index = index
        self.rules = rules
        self.inline_tags = inline_tags
        self.field_transformer = field_transformer
        self._fields: list[FieldContext] = []

    def get_parameter(self, name: str) -> str | None:
        """A rule parameter, else the target schema's metadata property of that name."""
        params = self.rule.params
        if params is not None and name in params.params:
            return params.params[name]
        target = self.target
        if target is not None and target.metadata is not None and target.metadata.properties is not None:
            value = target.metadata.properties.properties.get(name)
            return None if value is None else str(value)
        return None

    def get_tags(self, full_name: str) -> set[str]:
        """The tags the target schema's metadata gives the field ``full_name`` (by pattern)."""
        target = self.target
        if target is None or target.metadata is None or target.metadata.tags is None:
            return set()
        found: set[str] = set()
        for pattern, tags in target.metadata.tags.tags.items():
            if wildcard_match(full_name, pattern):
                found.update(tags)
        return found

    def enter_field(
        self, containing_message: Any, full_name: str, name: str, field_type: FieldType, tags: set[str] | None
    ) -> FieldContext:
        """Start transforming a field; its tags are ``tags`` (or the inline ones) plus the metadata's."""
        own = tags if tags is not None else (self.inline_tags or {}).get(full_name, set())
        field = FieldContext(
            containing_message, full_name, name, field_type, set(own) | self.get_tags(full_name)
        )
        self._fields.append(field)
        return field

    def exit_field(self) -> None:
        """Finish the field entered last."""
        if self._fields:
            self._fields.pop()

    def current_field(self) -> FieldContext | None:
        """The field being transformed, or None at the record level."""
        return self._fields[-1] if self._fields else None

    def applies_to(self, field: FieldContext) -> bool:
        """Whether this rule's tags select ``field`` (a rule without tags selects every field)."""
        tags = self.rule.tags
        return not tags or not field.tags.isdisjoint(tags)


#: ``(rule_ctx, field_ctx, value) -> new value``: what a field executor applies to each field.
FieldTransform = Callable[[RuleContext, FieldContext, Any], Any]
#: ``(rule_ctx, field_transform, message) -> message``: a format's walk over a record's fields.
FieldTransformer = Callable[[RuleContext, FieldTransform, Any], Any]


class RuleExecutor:
    """Base of rule executors: named by ``PLUGIN_NAME`` (the rule type), ``transform`` does the work."""

    PLUGIN_NAME: ClassVar[str] = ""

    def configure(self, client_conf: dict[str, Any], rule_conf: dict[str, Any]) -> None:
        """Receive the registry client's and the serde's rule configuration (once)."""

    def type(self) -> str:
        """The rule type this executor runs."""
        return self.PLUGIN_NAME

    def transform(self, ctx: RuleContext, message: Any) -> Any:
        """Check (CONDITION: return truthy to pass) or rewrite (TRANSFORM: return the new message)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release resources."""


class FieldRuleExecutor(RuleExecutor):
    """An executor applied field by field through the format's field walk."""

    def new_transform(self, ctx: RuleContext) -> FieldTransform:
        """The per-field function for this rule."""
        raise NotImplementedError

    def transform(self, ctx: RuleContext, message: Any) -> Any:
        # Of several transforms with the same tags, only the first (on write) or the last (on read) runs.
        if ctx.rule_mode in (RuleMode.WRITE, RuleMode.UPGRADE):
            if any(_same_tagged_transforms(ctx.rule, other) for other in ctx.rules[: ctx.index]):
                return message
        elif any(_same_tagged_transforms(ctx.rule, other) for other in ctx.rules[ctx.index + 1 :]):
            return message
        if ctx.field_transformer is None:
            raise RuleError(f"rule {ctx.rule.name!r}: this format has no field walk for field rules")
        return ctx.field_transformer(ctx, self.new_transform(ctx), message)


def _same_tagged_transforms(rule: Rule, other: Rule) -> bool:
    return (
        bool(rule.tags)
        and rule.kind == RuleKind.TRANSFORM
        and other.kind == rule.kind
        and other.mode == rule.mode
        and other.type == rule.type
        and other.tags == rule.tags
    )


class RuleAction:
    """Base of rule actions (``on_success`` / ``on_failure``), named by ``PLUGIN_NAME``."""

    PLUGIN_NAME: ClassVar[str] = ""

    def configure(self, client_conf: dict[str, Any], rule_conf: dict[str, Any]) -> None:
        """Receive the registry client's and the serde's rule configuration (once)."""

    def run(self, ctx: RuleContext, message: Any, ex: Exception | None) -> None:
        """Act on the outcome of a rule; raise to fail the record."""
        raise NotImplementedError

    def close(self) -> None:
        """Release resources."""


class _ErrorAction(RuleAction):
    PLUGIN_NAME = "ERROR"

    def run(self, ctx: RuleContext, message: Any, ex: Exception | None) -> None:
        raise SerializationError(
            f"rule {ctx.rule.name!r} ({ctx.rule.type}, {ctx.rule_mode.value}) failed: {ex}"
        ) from ex


class _NoneAction(RuleAction):
    PLUGIN_NAME = "NONE"

    def run(self, ctx: RuleContext, message: Any, ex: Exception | None) -> None:
        return None


def _mode_applies(rule_mode: RuleMode | None, mode: RuleMode) -> bool:
    if rule_mode == mode:
        return True
    if rule_mode == RuleMode.WRITEREAD:
        return mode in (RuleMode.WRITE, RuleMode.READ)
    if rule_mode == RuleMode.UPDOWN:
        return mode in (RuleMode.UPGRADE, RuleMode.DOWNGRADE)
    return False


@dataclass(frozen=True, slots=True)
class ScheduledRules:
    """The rules of one schema that apply at one place, chosen once."""

    phase: RulePhase
    mode: RuleMode
    source: Schema | None
    target: Schema | None
    subject: str
    rules: tuple[Rule, ...]
    inline_tags: dict[str, set[str]] | None = None
    field_transformer: FieldTransformer | None = None


class RuleRunner:
    """Finds executors and actions for a serde and runs scheduled rules."""

    def __init__(
        self,
        registry: PluginRegistry | None,
        rule_conf: dict[str, Any] | None,
        client_conf: dict[str, Any] | None,
    ) -> None:
        self._registry = registry
        self._rule_conf = dict(rule_conf or {})
        self._client_conf = dict(client_conf or {})
        self._executors: dict[str, RuleExecutor | Exception] = {}
        self._actions: dict[str, RuleAction | Exception] = {"ERROR": _ErrorAction(), "NONE": _NoneAction()}

    def _plugins(self) -> PluginRegistry:
        if self._registry is None:
            from kafka_core.plugins import default_registry

            self._registry = default_registry()
        return self._registry

    def _instance(self, kind: str, name: str, cache: dict[str, Any]) -> Any:
        key = name.upper()
        found = cache.get(key)
        if found is None:
            try:
                found = self._plugins().get(kind, name)
                if isinstance(found, type):
                    found = found()
                found.configure(self._client_conf, self._rule_conf)
            except Exception as exc:  # not installed, failed to load, or failed to configure
                found = exc
            cache[key] = found
        return found

    def schedule(
        self,
        phase: RulePhase,
        mode: RuleMode,
        subject: str,
        source: Schema | None,
        target: Schema | None,
        inline_tags: dict[str, set[str]] | None = None,
        field_transformer: FieldTransformer | None = None,
    ) -> ScheduledRules | None:
        """The rules of ``target`` (``source`` for DOWNGRADE) that run at this place, or None."""
        owner = source if mode == RuleMode.DOWNGRADE else target
        rule_set = owner.rule_set if owner is not None else None
        if rule_set is None:
            return None
        if rule_set.enable_at not in (None, "ALL", "CLIENT"):
            return None
        if phase == RulePhase.MIGRATION:
            rules = list(rule_set.migration_rules or ())
        elif phase == RulePhase.ENCODING:
            rules = list(rule_set.encoding_rules or ())
        else:
            rules = list(rule_set.domain_rules or ())
        if mode in (RuleMode.READ, RuleMode.DOWNGRADE):
            rules.reverse()
        chosen = tuple(r for r in rules if not r.disabled and _mode_applies(r.mode, mode))
        if not chosen:
            return None
        for rule in chosen:
            if rule.type:
                self._instance("rule_executor", rule.type, self._executors)
        return ScheduledRules(phase, mode, source, target, subject, chosen, inline_tags, field_transformer)

    def run(self, scheduled: ScheduledRules, ser_ctx: SerializationContext, message: Any) -> Any:
        """Run the scheduled rules on ``message``; return the (possibly transformed) message."""
        if message is None:
            return message
        rules = scheduled.rules
        for index, rule in enumerate(rules):
            ctx = RuleContext(
                ser_ctx,
                scheduled.source,
                scheduled.target,
                scheduled.subject,
                scheduled.mode,
                rule,
                index,
                rules,
                scheduled.inline_tags,
                scheduled.field_transformer,
                scheduled.phase,
            )
            executor = self._executors.get((rule.type or "").upper()) if rule.type else None
            if not isinstance(executor, RuleExecutor):
                cause = executor if isinstance(executor, Exception) else None
                error = RuleError(
                    f"no rule executor for type {rule.type!r}" + (f": {cause}" if cause else "")
                )
                self._act(ctx, rule.on_failure, message, error, "ERROR")
                continue
            try:
                result = executor.transform(ctx, message)
                if rule.kind == RuleKind.CONDITION:
                    if not result:
                        raise RuleConditionError(rule)
                else:
                    message = result
            except SerializationError:
                raise
            except Exception as exc:
                self._act(ctx, rule.on_failure, message, exc, "ERROR")
                continue
            if message is None:
                self._act(ctx, rule.on_failure, message, RuleError("the transform returned None"), "ERROR")
            else:
                self._act(ctx, rule.on_success, message, None, "NONE")
        return message

    def _act(
        self, ctx: RuleContext, action: str | None, message: Any, ex: Exception | None, default: str
    ) -> None:
        name = action or default
        if "," in name and ctx.rule.mode in (RuleMode.WRITEREAD, RuleMode.UPDOWN):
            write, _, read = name.partition(",")
            name = write if ctx.rule_mode in (RuleMode.WRITE, RuleMode.UPGRADE) else read
        handler = self._instance("rule_action", name, self._actions)
        if isinstance(handler, Exception):
            raise SerializationError(
                f"subject {ctx.subject!r}: rule {ctx.rule.name!r} names the action {name!r}"
                f" which is not available: {handler}"
            ) from ex
        try:
            handler.run(ctx, message, ex)
        except SerializationError:
            raise
        except Exception as exc:  # a broken action must not hide the rule's own outcome
            log.warning("rule action %s failed: %s", name, exc)

    def close(self) -> None:
        """Close the executors and actions this runner created."""
        for obj in (*self._executors.values(), *self._actions.values()):
            if not isinstance(obj, Exception):
                try:
                    obj.close()
                except Exception as exc:
                    log.warning("closing %r failed: %s", obj, exc)


def is_key(ctx: SerializationContext | None) -> bool:
    """Whether ``ctx`` is about a message key."""
    return ctx is not None and ctx.field == MessageField.KEY
