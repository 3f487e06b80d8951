"""Byte-for-byte interop with the reference client's serdes (confluent_kafka.serialization, test-only)."""

from __future__ import annotations

import math
import struct
from typing import Any

import kafka_serde as ours
import pytest
from confluent_kafka import serialization as reference

TEXTS = [
    "",
    "hello",
    "héllo wörld",
    "Größe: 5 €",
    "日本語のテキスト",
    "emoji 🎉 and ZWJ 👩‍💻",
    "nul \x00 inside",
    "ascii only 0123456789",
]
CODECS = ["utf_8", "utf-8", "utf_16", "utf_16_be", "utf_32", "latin-1", "cp1252", "shift_jis", "ascii"]
INTS = [0, 1, -1, 127, 128, 255, 256, -256, 123456789, -123456789, 2**31 - 1, -(2**31)]
DOUBLES = [
    0.0, -0.0, 1.0, -1.5, math.pi, -math.e, 1e-300, 5e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, -1.7976931348623157e308, math.inf, -math.inf, 0.1, 1e16 + 2,
]
# Typed Any: the same context goes to our serdes and to the reference's.
CTX: Any = ours.SerializationContext("interop", ours.MessageField.VALUE)


def _same_float(a: float | None, b: float | None) -> bool:
    assert a is not None and b is not None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("text", TEXTS)
def test_string_bytes_match_the_reference_in_both_directions(text: str, codec: str) -> None:
    try:
        expected = reference.StringSerializer(codec)(text, CTX)
    except reference.SerializationError:
        with pytest.raises(ours.SerializationError):
            ours.StringSerializer(codec)(text, CTX)
        return
    assert ours.StringSerializer(codec)(text, CTX) == expected
    assert ours.StringDeserializer(codec)(expected, CTX) == text
    assert reference.StringDeserializer(codec)(ours.StringSerializer(codec)(text, CTX), CTX) == text


@pytest.mark.parametrize("codec", ["utf_8", "ascii", "utf_16", "shift_jis"])
@pytest.mark.parametrize("data", [b"\xff\xfe\xfd", b"\x80", b"\xc3", b"ok\xe2\x82"])
def test_undecodable_bytes_fail_for_us_where_they_fail_for_the_reference(data: bytes, codec: str) -> None:
    try:
        expected = reference.StringDeserializer(codec)(data, CTX)
    except reference.SerializationError:
        with pytest.raises(ours.SerializationError):
            ours.StringDeserializer(codec)(data, CTX)
    else:
        assert ours.StringDeserializer(codec)(data, CTX) == expected


@pytest.mark.parametrize("value", INTS)
def test_integer_bytes_match_the_reference_in_both_directions(value: int) -> None:
    expected = reference.IntegerSerializer()(value, CTX)
    assert ours.IntegerSerializer()(value, CTX) == expected
    assert ours.IntegerDeserializer()(expected, CTX) == value
    assert reference.IntegerDeserializer()(ours.IntegerSerializer()(value, CTX), CTX) == value


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**64])
def test_integer_out_of_range_fails_like_the_reference(value: int) -> None:
    with pytest.raises(reference.SerializationError):
        reference.IntegerSerializer()(value, CTX)
    with pytest.raises(ours.SerializationError):
        ours.IntegerSerializer()(value, CTX)


@pytest.mark.parametrize("value", [True, False])
def test_bool_is_an_int32_as_for_the_reference(value: bool) -> None:
    assert ours.IntegerSerializer()(value, CTX) == reference.IntegerSerializer()(value, CTX)


@pytest.mark.parametrize("value", [*DOUBLES, math.nan])
def test_double_bytes_match_the_reference_in_both_directions(value: float) -> None:
    expected = reference.DoubleSerializer()(value, CTX)
    assert ours.DoubleSerializer()(value, CTX) == expected
    assert _same_float(ours.DoubleDeserializer()(expected, CTX), value)
    assert _same_float(reference.DoubleDeserializer()(ours.DoubleSerializer()(value, CTX), CTX), value)


@pytest.mark.parametrize("value", [0, 1, -7, 2**53 + 1])
def test_double_accepts_ints_like_the_reference(value: int) -> None:
    assert ours.DoubleSerializer()(value, CTX) == reference.DoubleSerializer()(value, CTX)


@pytest.mark.parametrize(
    "data",
    [
        bytes.fromhex("7ff0000000000001"),  # signalling NaN
        bytes.fromhex("fff8000000000000"),  # negative quiet NaN
        bytes.fromhex("7fffffffffffffff"),  # NaN, all payload bits set
        bytes.fromhex("0000000000000001"),  # smallest subnormal
    ],
)
def test_double_reads_unusual_bit_patterns_like_the_reference(data: bytes) -> None:
    assert _same_float(ours.DoubleDeserializer()(data, CTX), reference.DoubleDeserializer()(data, CTX))
    assert struct.pack(">d", ours.DoubleDeserializer()(data, CTX)) == data


@pytest.mark.parametrize(
    ("serializer", "reference_serializer"),
    [
        (ours.StringSerializer(), reference.StringSerializer()),
        (ours.IntegerSerializer(), reference.IntegerSerializer()),
        (ours.DoubleSerializer(), reference.DoubleSerializer()),
    ],
)
def test_none_stays_none_when_serializing_like_the_reference(
    serializer: Any, reference_serializer: Any
) -> None:
    assert reference_serializer(None, CTX) is None
    assert serializer(None, CTX) is None


@pytest.mark.parametrize(
    ("deserializer", "reference_deserializer"),
    [
        (ours.StringDeserializer(), reference.StringDeserializer()),
        (ours.IntegerDeserializer(), reference.IntegerDeserializer()),
        (ours.DoubleDeserializer(), reference.DoubleDeserializer()),
    ],
)
def test_none_stays_none_when_deserializing_like_the_reference(
    deserializer: Any, reference_deserializer: Any
) -> None:
    assert reference_deserializer(None, CTX) is None
    assert deserializer(None, CTX) is None


@pytest.mark.parametrize(
    ("deserializer", "reference_deserializer", "data"),
    [
        (ours.IntegerDeserializer(), reference.IntegerDeserializer(), b"\x00\x01\x02"),
        (ours.IntegerDeserializer(), reference.IntegerDeserializer(), b"\x00" * 8),
        (ours.IntegerDeserializer(), reference.IntegerDeserializer(), b""),
        (ours.DoubleDeserializer(), reference.DoubleDeserializer(), b"\x00" * 4),
        (ours.DoubleDeserializer(), reference.DoubleDeserializer(), b"\x00" * 9),
    ],
)
def test_wrong_lengths_fail_for_us_as_for_the_reference(
    deserializer: Any, reference_deserializer: Any, data: bytes
) -> None:
    with pytest.raises(reference.SerializationError):
        reference_deserializer(data, CTX)
    with pytest.raises(ours.SerializationError):
        deserializer(data, CTX)


def test_serdes_accept_the_reference_serialization_context() -> None:
    ctx: Any = reference.SerializationContext("orders", reference.MessageField.KEY)
    assert ours.IntegerSerializer()(7, ctx) == b"\x00\x00\x00\x07"
    with pytest.raises(ours.SerializationError, match="topic 'orders', field 'key'"):
        ours.IntegerSerializer()(2**40, ctx)


def test_the_reference_serialization_names_are_importable_from_kafka_serde() -> None:
    # The builders belong to the client-side contract in kafka_core, not yet there.
    expected = {name for name in reference.__all__ if not name.endswith("Builder")}
    assert expected <= set(ours.__all__)
    assert all(hasattr(ours, name) for name in ours.__all__)
    assert issubclass(ours.StringSerializer, ours.Serializer)
    assert issubclass(ours.StringDeserializer, ours.Deserializer)
    for field in ("KEY", "VALUE", "NONE"):
        assert str(getattr(ours.MessageField, field)) == str(getattr(reference.MessageField, field))
