"""The schema-registry serde base shared by every format: framing, subject name strategies, schema
resolution and the places where data-contract rules run.

Formats build on :class:`SchemaSerializer` and :class:`SchemaDeserializer`;
see ``docs/writing_a_format.rst``.
"""

from __future__ import annotations

from .framing import (
    KEY_SCHEMA_ID_HEADER,
    VALUE_SCHEMA_ID_HEADER,
    SchemaId,
    dual_schema_id_deserializer,
    header_schema_id_serializer,
    prefix_schema_id_deserializer,
    prefix_schema_id_serializer,
)
from .subject_name_strategy import (
    AssociatedNameStrategy,
    record_subject_name_strategy,
    reference_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)

__all__ = [
    "KEY_SCHEMA_ID_HEADER",
    "VALUE_SCHEMA_ID_HEADER",
    "AssociatedNameStrategy",
    "SchemaId",
    "dual_schema_id_deserializer",
    "header_schema_id_serializer",
    "prefix_schema_id_deserializer",
    "prefix_schema_id_serializer",
    "record_subject_name_strategy",
    "reference_subject_name_strategy",
    "topic_record_subject_name_strategy",
    "topic_subject_name_strategy",
]
