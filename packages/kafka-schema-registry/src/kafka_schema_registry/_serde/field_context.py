"""Field-level rules: the field a transform is applied to, its type and tags, and tag patterns.

A format walks a record's fields (its ``_field_transformer``) and, for each
field, enters a :class:`FieldContext` on the :class:`~.rule_execution.RuleContext`;
a field executor reads ``ctx.current_field()`` to see the field's full name,
type and tags. Tags come from the schema itself (inline) and from the schema's
metadata ``tags``, whose keys are field-name patterns: ``*`` matches within one
dotted name part, ``**`` across parts, ``?`` one character.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from typing import Any

__all__ = ["FieldContext", "FieldType", "wildcard_match"]


class FieldType(str, Enum):
    """The type of a field, across formats."""

    RECORD = "RECORD"
    ENUM = "ENUM"
    ARRAY = "ARRAY"
    MAP = "MAP"
    COMBINED = "COMBINED"
    FIXED = "FIXED"
    STRING = "STRING"
    BYTES = "BYTES"
    INT = "INT"
    LONG = "LONG"
    FLOAT = "FLOAT"
    DOUBLE = "DOUBLE"
    BOOLEAN = "BOOLEAN"
    NULL = "NULL"


_PRIMITIVES = frozenset(
    {
        FieldType.STRING,
        FieldType.BYTES,
        FieldType.INT,
        FieldType.LONG,
        FieldType.FLOAT,
        FieldType.DOUBLE,
        FieldType.BOOLEAN,
        FieldType.NULL,
    }
)


class FieldContext:
    """One field being transformed: where it is, its name, type and tags."""

    __slots__ = ("containing_message", "field_type", "full_name", "name", "tags")

    def __init__(
        self, containing_message: Any, full_name: str, name: str, field_type: FieldType, tags: set[str]
    ) -> None:
        self.containing_message = containing_message
        self.full_name = full_name
        self.name = name
        self.field_type = field_type
        self.tags = tags

    def is_primitive(self) -> bool:
        """Whether the field holds a scalar (string, bytes, number, boolean, null)."""
        return self.field_type in _PRIMITIVES

    def type_name(self) -> str:
        """The field type's name (``"STRING"``, ...)."""
        return self.field_type.value

    def __repr__(self) -> str:
        return f"FieldContext({self.full_name!r}, {self.field_type.value}, tags={sorted(self.tags)})"


@lru_cache(maxsize=256)
def _pattern(matcher: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(matcher):
        char = matcher[i]
        if matcher.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^.]*" if char == "*" else "[^.]" if char == "?" else re.escape(char))
        i += 1
    return re.compile("".join(out))


def wildcard_match(text: str, matcher: str) -> bool:
    """Whether the dotted name ``text`` matches the tag pattern ``matcher``."""
    return _pattern(matcher).fullmatch(text) is not None
