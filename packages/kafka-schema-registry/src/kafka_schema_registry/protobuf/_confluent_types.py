"""The ``confluent.type`` messages (``Decimal``, ``Variant``) and their conversions from and to Python values.

``confluent/type/decimal.proto`` and ``confluent/type/variant.proto`` are the
Schema Registry's own Protobuf types. Their message classes are taken from the
default descriptor pool, where generated code that imports them (or the
reference client) put them; if nobody did, the files are added there, built from
their field lists below, so that messages of either origin are one type.
"""

from __future__ import annotations

import operator
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.message_factory import GetMessageClass

__all__ = [
    "Variant",
    "decimal_to_protobuf",
    "protobuf_to_decimal",
    "protobuf_to_variant",
    "variant_to_protobuf",
]

_F = descriptor_pb2.FieldDescriptorProto
#: file name -> (message name, [(field name, number, type)]); proto3, package confluent.type.
_FILES = {
    "confluent/type/decimal.proto": (
        "Decimal",
        [("value", 1, _F.TYPE_BYTES), ("precision", 2, _F.TYPE_UINT32), ("scale", 3, _F.TYPE_INT32)],
    ),
    "confluent/type/variant.proto": (
        "Variant",
        [("metadata", 1, _F.TYPE_BYTES), ("value", 2, _F.TYPE_BYTES)],
    ),
}

# Exact arithmetic over the whole int32 scale range: the default context rounds to 28 digits and
# overflows at an exponent of +/-999999.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
# The widest unscaled value a Java BigInteger (and so the JVM reading these messages) can hold, in
# decimal digits: a rescale that needs more is refused up front instead of computing a huge power of 10.
_MAX_DIGITS = 646456993
_VARIANT_VERSION = 1


def _message_class(file_name: str) -> Any:
    pool = descriptor_pool.Default()
    message, fields = _FILES[file_name]
    try:
        pool.FindFileByName(file_name)
    except KeyError:
        proto = descriptor_pb2.FileDescriptorProto(name=file_name, package="confluent.type", syntax="proto3")
        added = proto.message_type.add(name=message)
        for name, number, kind in fields:
            added.field.add(name=name, number=number, label=_F.LABEL_OPTIONAL, type=kind)
        pool.AddSerializedFile(proto.SerializeToString())
    return GetMessageClass(pool.FindMessageTypeByName(f"confluent.type.{message}"))


_classes: dict[str, Any] = {}


def _class(file_name: str) -> Any:
    found = _classes.get(file_name)
    if found is None:
        found = _classes[file_name] = _message_class(file_name)
    return found


def _twos_complement(number: int) -> bytes:
    """The shortest big-endian two's-complement bytes of ``number`` (Java's ``BigInteger.toByteArray``)."""
    magnitude = number if number >= 0 else ~number
    return number.to_bytes(magnitude.bit_length() // 8 + 1, "big", signed=True)


def decimal_to_protobuf(value: Decimal, scale: int) -> Any:
    """``value`` as a ``confluent.type.Decimal`` message with ``scale`` fractional digits.

    The message holds the unscaled value (big-endian two's complement), its digit
    count as ``precision`` (1 for zero) and ``scale``. Raises ValueError if ``value``
    has more fractional digits than ``scale`` keeps (other than zeros), if the
    rescaled value is wider than a Java BigInteger, or if ``value`` is not finite.
    """
    scale = operator.index(scale)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"cannot convert the non-finite Decimal {value} to confluent.type.Decimal")
    unscaled = int("".join(map(str, digits)))
    shift = exponent + scale  # digits to append (>= 0) or to drop (< 0)
    if shift >= 0:
        if len(digits) + shift > _MAX_DIGITS:
            raise ValueError(f"scale {scale} is too wide for {value}: the unscaled value would overflow")
        unscaled *= 10**shift
    elif unscaled:
        kept = len(digits) + shift
        if kept < 0 or any(digits[kept:]):
            raise ValueError(f"{value} has more fractional digits than scale {scale} keeps")
        unscaled //= 10**-shift
    if sign:
        unscaled = -unscaled
    message = _class("confluent/type/decimal.proto")()
    message.value = _twos_complement(unscaled)
    message.precision = len(digits) + shift if unscaled else 1
    message.scale = scale
    return message


def protobuf_to_decimal(value: Any) -> Decimal:
    """The Decimal of a ``confluent.type.Decimal`` message: ``unscaled * 10**-scale``, exact.

    ``precision`` is not applied (writers set it to the unscaled value's digit count);
    empty ``value`` bytes read as zero.
    """
    unscaled = int.from_bytes(value.value, "big", signed=True)
    return Decimal(unscaled).scaleb(-value.scale, _EXACT)


class Variant:
    """A Parquet/Spark Variant: its ``metadata`` (key dictionary) and ``value`` bytes, read from ``pos``.

    Holds the encoding; it does not decode it. Raises ValueError when the metadata is
    empty or not of version 1. Two variants are equal when their metadata and their
    value bytes from ``pos`` on are.
    """

    __slots__ = ("metadata", "pos", "value")

    def __init__(self, value: bytes, metadata: bytes, pos: int = 0) -> None:
        self.value = bytes(value)
        self.metadata = bytes(metadata)
        self.pos = pos
        if not self.metadata:
            raise ValueError("malformed variant: the metadata is empty")
        if self.metadata[0] & 0x0F != _VARIANT_VERSION:
            raise ValueError(f"unsupported variant metadata version: {self.metadata[0] & 0x0F}")

    def standalone_value_bytes(self) -> bytes:
        """The value bytes from this variant's position on (the whole buffer at position 0)."""
        return self.value[self.pos :] if self.pos else self.value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Variant):
            return NotImplemented
        return (
            self.metadata == other.metadata
            and self.standalone_value_bytes() == other.standalone_value_bytes()
        )

    def __hash__(self) -> int:
        return hash((self.metadata, self.standalone_value_bytes()))

    def __repr__(self) -> str:
        return f"Variant(value={self.standalone_value_bytes()!r}, metadata={self.metadata!r})"


def variant_to_protobuf(value: Any) -> Any:
    """``value`` as a ``confluent.type.Variant`` message: its metadata, and its value bytes from its
    position on (``standalone_value_bytes()``, so a variant inside another writes only itself)."""
    message = _class("confluent/type/variant.proto")()
    message.metadata = value.metadata
    message.value = value.standalone_value_bytes()
    return message


def protobuf_to_variant(value: Any) -> Variant:
    """The :class:`Variant` of a ``confluent.type.Variant`` message; ValueError for bad metadata."""
    return Variant(value.value, value.metadata)
