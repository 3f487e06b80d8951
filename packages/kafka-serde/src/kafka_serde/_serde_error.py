"""Building the SerializationError a serde raises: who failed, where, and why."""

from __future__ import annotations

from kafka_core import SerializationContext, SerializationError

__all__ = ["describe_value", "serde_error"]


def serde_error(serde: object, ctx: SerializationContext | None, cause: str) -> SerializationError:
    """Return a :class:`SerializationError` naming ``serde``'s class, ``ctx``'s topic and field and ``cause``.

    ``ctx`` may be None (a serde called by hand): the message says so.
    """
    who = type(serde).__name__
    if ctx is None:
        return SerializationError(f"{who} failed (no SerializationContext given): {cause}")
    return SerializationError(f"{who} failed on topic {ctx.topic!r}, field {str(ctx.field)!r}: {cause}")


def describe_value(obj: object) -> str:
    """A short, safe description of ``obj`` for an error message (huge values are not printed)."""
    if type(obj) is int and obj.bit_length() > 128:
        return f"an int of {obj.bit_length()} bits"
    try:
        text = repr(obj)
    except Exception:  # a broken __repr__ must not hide the error being reported
        text = f"<{type(obj).__name__} object>"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(obj).__name__})"
