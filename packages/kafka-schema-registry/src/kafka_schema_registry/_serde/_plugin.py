"""The built-in subject name strategies, contributed through the plugin hook like any third party's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kafka_core.plugins import hookimpl

from .subject_name_strategy import BUILTIN_STRATEGIES

__all__ = ["kafka_subject_name_strategies"]


@hookimpl
def kafka_subject_name_strategies() -> Iterable[Any]:
    """``topic``, ``record``, ``topic_record`` and ``associated``."""
    return BUILTIN_STRATEGIES
