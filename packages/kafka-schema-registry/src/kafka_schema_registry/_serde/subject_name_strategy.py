"""Subject name strategies: which registry subject a record's schema lives under.

A strategy is a callable ``(ctx, record_name) -> subject | None``. The four of
the reference client are here (topic, topic_record, record, and the reference
strategy for schema references); the associated strategy asks the registry
which subject is associated with the topic and falls back to another strategy.

Each strategy is also a plugin of kind ``subject_name_strategy`` (``topic``,
``record``, ``topic_record``, ``associated``), so a serde can name one in its
configuration and third parties can add their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from kafka_core import SerializationContext, SerializationError

from .._model import SchemaReference

__all__ = [
    "ASSOCIATED",
    "FALLBACK_TYPE",
    "KAFKA_CLUSTER_ID",
    "AssociatedNameStrategy",
    "NamedStrategy",
    "SubjectNameStrategy",
    "record_subject_name_strategy",
    "reference_subject_name_strategy",
    "topic_record_subject_name_strategy",
    "topic_subject_name_strategy",
]

#: ``(ctx, record_name) -> subject``.
SubjectNameStrategy = Callable[[SerializationContext | None, str | None], str | None]

#: ``subject.name.strategy.conf`` key: the Kafka cluster id used as association namespace.
KAFKA_CLUSTER_ID = "subject.name.strategy.kafka.cluster.id"
#: ``subject.name.strategy.conf`` key: the strategy used when no subject is associated.
FALLBACK_TYPE = "subject.name.strategy.fallback.type"


def _need_ctx(ctx: SerializationContext | None, name: str) -> SerializationContext:
    if ctx is None:
        raise ValueError(
            f"{name} needs a SerializationContext (the topic); use record_subject_name_strategy"
            " to serialize without one"
        )
    return ctx


def topic_subject_name_strategy(ctx: SerializationContext | None, record_name: str | None) -> str | None:
    """``{topic}-key`` or ``{topic}-value``. Raises ValueError without a context."""
    ctx = _need_ctx(ctx, "topic_subject_name_strategy")
    return f"{ctx.topic}-{ctx.field}"


def topic_record_subject_name_strategy(
    ctx: SerializationContext | None, record_name: str | None
) -> str | None:
    """``{topic}-{record name}``, or None without a record name. Raises ValueError without a context."""
    ctx = _need_ctx(ctx, "topic_record_subject_name_strategy")
    return f"{ctx.topic}-{record_name}" if record_name is not None else None


def record_subject_name_strategy(ctx: SerializationContext | None, record_name: str | None) -> str | None:
    """``{record name}`` (the fully qualified name of the record); the context is not used."""
    return record_name


def reference_subject_name_strategy(
    ctx: SerializationContext | None, schema_ref: SchemaReference
) -> str | None:
    """The subject of a schema reference: its name (for Protobuf, the imported file's path)."""
    return schema_ref.name if schema_ref is not None else None


class NamedStrategy:
    """A strategy function as a plugin: a callable with a ``PLUGIN_NAME``."""

    __slots__ = ("PLUGIN_NAME", "function")

    def __init__(self, name: str, function: SubjectNameStrategy) -> None:
        self.PLUGIN_NAME = name
        self.function = function

    def __call__(self, ctx: SerializationContext | None, record_name: str | None) -> str | None:
        return self.function(ctx, record_name)

    def __repr__(self) -> str:
        return f"NamedStrategy({self.PLUGIN_NAME!r})"


_FALLBACKS: dict[str, SubjectNameStrategy | None] = {
    "TOPIC": topic_subject_name_strategy,
    "RECORD": record_subject_name_strategy,
    "TOPIC_RECORD": topic_record_subject_name_strategy,
    "NONE": None,
}


class AssociatedNameStrategy:
    """The subject associated with the topic in the registry, else a fallback strategy.

    Asks the registry (``get_associations_by_resource_name``) once per topic and
    field; the resource namespace is ``subject.name.strategy.kafka.cluster.id``
    from ``subject.name.strategy.conf``, else the id the serde's cluster-id resolver
    gives (``set_cluster_id_resolver``), else ``"-"`` (any cluster). With no
    association it falls back to ``subject.name.strategy.fallback.type`` (TOPIC by
    default; NONE makes it an error). The serde base performs the registry call, so
    the same object serves sync and async serdes.
    """

    PLUGIN_NAME: ClassVar[str] = "associated"

    def __init__(self, conf: dict[str, Any] | None = None) -> None:
        conf = conf or {}
        #: Whether ``subject.name.strategy.kafka.cluster.id`` was given (else a cluster-id resolver may be).
        self.cluster_id_configured = bool(conf.get(KAFKA_CLUSTER_ID))
        self.cluster_id: str = str(conf.get(KAFKA_CLUSTER_ID) or "-")
        fallback = str(conf.get(FALLBACK_TYPE) or "TOPIC").upper()
        if fallback not in _FALLBACKS:
            raise ValueError(
                f"{FALLBACK_TYPE} must be one of TOPIC, RECORD, TOPIC_RECORD, NONE, not {fallback!r}"
            )
        self.fallback_name = fallback
        self.fallback = _FALLBACKS[fallback]

    def choose(self, ctx: SerializationContext, record_name: str | None, subjects: list[str]) -> str | None:
        """Pick the subject from the associated ``subjects`` of ``ctx.topic``, or fall back."""
        if len(subjects) > 1:
            raise SerializationError(
                f"topic {ctx.topic!r}: several subjects are associated with its "
                f"{ctx.field}: {', '.join(subjects)}"
            )
        if subjects:
            return subjects[0]
        if self.fallback is None:
            raise SerializationError(
                f"topic {ctx.topic!r}: no subject is associated with its {ctx.field}"
                f" and {FALLBACK_TYPE} is NONE"
            )
        return self.fallback(ctx, record_name)

    def __call__(self, ctx: SerializationContext | None, record_name: str | None) -> str | None:
        """Without a registry at hand: the fallback strategy's subject."""
        ctx = _need_ctx(ctx, "the associated subject name strategy")
        return self.choose(ctx, record_name, [])


#: Marker type name for the associated strategy in ``subject.name.strategy.type``.
ASSOCIATED = "ASSOCIATED"

BUILTIN_STRATEGIES = (
    NamedStrategy("topic", topic_subject_name_strategy),
    NamedStrategy("record", record_subject_name_strategy),
    NamedStrategy("topic_record", topic_record_subject_name_strategy),
    AssociatedNameStrategy,
)
