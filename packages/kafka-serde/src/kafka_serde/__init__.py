"""kafka-serde: the plain serdes, each registered as a kafka-core plugin by name.

=========  =========================================  =========================
name       classes                                    wire format
=========  =========================================  =========================
string     StringSerializer / StringDeserializer      text in ``codec`` (UTF-8)
integer    IntegerSerializer / IntegerDeserializer    int32, big-endian
long       LongSerializer / LongDeserializer          int64, big-endian
float      FloatSerializer / FloatDeserializer        IEEE 754 binary32, big-endian
double     DoubleSerializer / DoubleDeserializer      IEEE 754 binary64, big-endian
uuid       UUIDSerializer / UUIDDeserializer          36-character UUID text, UTF-8
bytes      BytesSerializer / BytesDeserializer        the bytes as they are
=========  =========================================  =========================

None stays None both ways. Bad input raises :class:`SerializationError`
naming the topic, the field and the cause. The serialization contract
(:class:`Serializer`, :class:`Deserializer`, :class:`SerializationContext`,
:class:`MessageField`) is re-exported from :mod:`kafka_core`, so this module
can stand in for the reference's ``confluent_kafka.serialization``.
"""

from __future__ import annotations

from kafka_core import (
    Deserializer,
    MessageField,
    SerializationContext,
    SerializationError,
    Serializer,
)

from .__about__ import __version__
from ._bytes import BytesDeserializer, BytesSerializer
from ._numbers import (
    DoubleDeserializer,
    DoubleSerializer,
    FloatDeserializer,
    FloatSerializer,
    IntegerDeserializer,
    IntegerSerializer,
    LongDeserializer,
    LongSerializer,
)
from ._string import StringDeserializer, StringSerializer
from ._uuid import UUIDDeserializer, UUIDSerializer

__all__ = [
    "BytesDeserializer",
    "BytesSerializer",
    "Deserializer",
    "DoubleDeserializer",
    "DoubleSerializer",
    "FloatDeserializer",
    "FloatSerializer",
    "IntegerDeserializer",
    "IntegerSerializer",
    "LongDeserializer",
    "LongSerializer",
    "MessageField",
    "SerializationContext",
    "SerializationError",
    "Serializer",
    "StringDeserializer",
    "StringSerializer",
    "UUIDDeserializer",
    "UUIDSerializer",
    "__version__",
]
