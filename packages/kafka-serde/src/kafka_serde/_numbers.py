"""Fixed-width number serdes, big-endian like Kafka's Java serdes.

``integer`` is int32, ``long`` int64 (two's complement); ``float`` is IEEE 754
binary32, ``double`` binary64.
"""

from __future__ import annotations

import operator
import struct

from kafka_core import Deserializer, SerializationContext, Serializer

from ._serde_error import describe_value, serde_error

TYPE_CHECKING = False  # typing is not imported at run time: loading a serde stays cheap
if TYPE_CHECKING:
    from typing import Any, ClassVar

__all__ = [
    "DoubleDeserializer",
    "DoubleSerializer",
    "FloatDeserializer",
    "FloatSerializer",
    "IntegerDeserializer",
    "IntegerSerializer",
    "LongDeserializer",
    "LongSerializer",
]

_INT32 = struct.Struct(">i")
_INT64 = struct.Struct(">q")
_FLOAT32 = struct.Struct(">f")
_FLOAT64 = struct.Struct(">d")


class _IntSerializer(Serializer):
    """Packs an int (or any object with ``__index__``, bool included) into ``_BITS`` signed bits."""

    __slots__ = ()
    _STRUCT: ClassVar[struct.Struct]
    _FORMAT: ClassVar[str]
    _BITS: ClassVar[int]

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        try:
            return self._STRUCT.pack(obj)
        except struct.error:
            pass
        except Exception as exc:  # raised by the object's own __index__
            raise serde_error(self, ctx, f"cannot convert {describe_value(obj)} to int: {exc}") from exc
        # struct.pack takes exactly the objects with __index__: what remains is a type or range error.
        try:
            operator.index(obj)
        except TypeError:
            raise serde_error(self, ctx, f"expected int, got {describe_value(obj)}") from None
        low, high = -(1 << (self._BITS - 1)), (1 << (self._BITS - 1)) - 1
        cause = f"{describe_value(obj)} is outside the {self._FORMAT} range [{low}, {high}]"
        raise serde_error(self, ctx, cause)


class _FloatSerializer(Serializer):
    """Packs a float (or an int, or any object with ``__float__``) as an IEEE 754 number."""

    __slots__ = ()
    _STRUCT: ClassVar[struct.Struct]
    _FORMAT: ClassVar[str]

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        try:
            return self._STRUCT.pack(obj)
        except OverflowError:
            cause = f"{describe_value(obj)} is too large for {self._FORMAT}"
        except struct.error:
            # struct refuses non-numbers, ints too large for a C double, and objects whose
            # __float__ fails (hiding why: float() tells).
            if isinstance(obj, int):
                cause = f"{describe_value(obj)} is too large for {self._FORMAT}"
            else:
                cause = f"expected float, got {describe_value(obj)}"
                if hasattr(type(obj), "__float__") and not isinstance(obj, (str, bytes, bytearray)):
                    try:
                        float(obj)
                    except Exception as exc:
                        cause = f"cannot convert {describe_value(obj)} to float: {exc}"
        except Exception as exc:  # raised by the object's own __float__ or __index__
            raise serde_error(self, ctx, f"cannot convert {describe_value(obj)} to float: {exc}") from exc
        raise serde_error(self, ctx, cause)


class _NumberDeserializer(Deserializer):
    """Unpacks exactly ``_SIZE`` bytes into a number."""

    __slots__ = ()
    _STRUCT: ClassVar[struct.Struct]
    _FORMAT: ClassVar[str]
    _SIZE: ClassVar[int]

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if value is None:
            return None
        try:
            return self._STRUCT.unpack(value)[0]
        except struct.error:
            size = memoryview(value).nbytes
            cause = f"expected {self._SIZE} bytes ({self._FORMAT}), got {size}"
        except TypeError:
            cause = f"expected bytes, got {describe_value(value)}"
        raise serde_error(self, ctx, cause)


class IntegerSerializer(_IntSerializer):
    """Serializes an int as 4 bytes, big-endian two's complement (int32); None gives None.

    Raises :class:`~kafka_core.SerializationError` for a non-integer or a value
    outside [-2**31, 2**31 - 1].
    """

    __slots__ = ()
    PLUGIN_NAME = "integer"
    _STRUCT = _INT32
    _FORMAT = "int32"
    _BITS = 32


class IntegerDeserializer(_NumberDeserializer):
    """Deserializes exactly 4 bytes, big-endian two's complement, to an int; None gives None.

    Raises :class:`~kafka_core.SerializationError` for any other length.
    """

    __slots__ = ()
    PLUGIN_NAME = "integer"
    _STRUCT = _INT32
    _FORMAT = "int32"
    _SIZE = 4


class LongSerializer(_IntSerializer):
    """Serializes an int as 8 bytes, big-endian two's complement (int64); None gives None.

    Raises :class:`~kafka_core.SerializationError` for a non-integer or a value
    outside [-2**63, 2**63 - 1].
    """

    __slots__ = ()
    PLUGIN_NAME = "long"
    _STRUCT = _INT64
    _FORMAT = "int64"
    _BITS = 64


class LongDeserializer(_NumberDeserializer):
    """Deserializes exactly 8 bytes, big-endian two's complement, to an int; None gives None.

    Raises :class:`~kafka_core.SerializationError` for any other length.
    """

    __slots__ = ()
    PLUGIN_NAME = "long"
    _STRUCT = _INT64
    _FORMAT = "int64"
    _SIZE = 8


class FloatSerializer(_FloatSerializer):
    """Serializes a float as 4 bytes, big-endian IEEE 754 binary32 (rounded to nearest); None gives None.

    Raises :class:`~kafka_core.SerializationError` for a non-number or a finite
    value too large for binary32.
    """

    __slots__ = ()
    PLUGIN_NAME = "float"
    _STRUCT = _FLOAT32
    _FORMAT = "binary32"


class FloatDeserializer(_NumberDeserializer):
    """Deserializes exactly 4 bytes, big-endian IEEE 754 binary32, to a float; None gives None.

    Raises :class:`~kafka_core.SerializationError` for any other length.
    """

    __slots__ = ()
    PLUGIN_NAME = "float"
    _STRUCT = _FLOAT32
    _FORMAT = "binary32"
    _SIZE = 4


class DoubleSerializer(_FloatSerializer):
    """Serializes a float as 8 bytes, big-endian IEEE 754 binary64; None gives None.

    Raises :class:`~kafka_core.SerializationError` for a non-number or an int
    too large for binary64.
    """

    __slots__ = ()
    PLUGIN_NAME = "double"
    _STRUCT = _FLOAT64
    _FORMAT = "binary64"


class DoubleDeserializer(_NumberDeserializer):
    """Deserializes exactly 8 bytes, big-endian IEEE 754 binary64, to a float; None gives None.

    Raises :class:`~kafka_core.SerializationError` for any other length.
    """

    __slots__ = ()
    PLUGIN_NAME = "double"
    _STRUCT = _FLOAT64
    _FORMAT = "binary64"
    _SIZE = 8
