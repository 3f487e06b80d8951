"""The one DeprecationWarning that importing kafka-legacy-avro emits."""

from __future__ import annotations

import sys
import warnings

__all__ = ["MESSAGE", "warn_deprecated"]

MESSAGE = (
    "kafka-legacy-avro is deprecated: produce with kafka_core.SerializingProducer and "
    "kafka_schema_registry.avro.AvroSerializer, consume with kafka_core.DeserializingConsumer and "
    "kafka_schema_registry.avro.AvroDeserializer (migration guide: docs/migration_legacy_avro.rst)"
)
_MAX_FRAMES = 100


def _importer_stacklevel() -> int:
    """The stacklevel of the first frame outside this package and the import machinery."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and level < _MAX_FRAMES:
        name = frame.f_globals.get("__name__", "")
        if not (name == "kafka_legacy_avro" or name.startswith(("kafka_legacy_avro.", "importlib"))):
            return level
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return 1


def warn_deprecated() -> None:
    """Warn once, attributed to the code that imported the package."""
    warnings.warn(MESSAGE, DeprecationWarning, stacklevel=_importer_stacklevel())
