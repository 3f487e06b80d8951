"""Wire formats of the serdes the reference client lacks, checked against bytes taken from the specs.

int32/int64: big-endian two's complement (Kafka's Java IntegerSerializer / LongSerializer).
binary32/binary64: IEEE 754 big-endian (Java FloatSerializer / DoubleSerializer, Float.floatToRawIntBits).
UUID: the 36-character text of RFC 4122 section 3 (Java UUIDSerializer writes UUID.toString() in UTF-8).
"""

from __future__ import annotations

import math
import uuid
from typing import Any

import kafka_serde as ours
import pytest

CTX = ours.SerializationContext("wire", ours.MessageField.VALUE)


@pytest.mark.parametrize(
    ("value", "hex_bytes"),
    [
        (0, "00000000"), (1, "00000001"), (-1, "ffffffff"), (256, "00000100"),
        (2**31 - 1, "7fffffff"), (-(2**31), "80000000"), (-2, "fffffffe"),
    ],
)
def test_integer_is_int32_big_endian(value: int, hex_bytes: str) -> None:
    assert ours.IntegerSerializer()(value, CTX) == bytes.fromhex(hex_bytes)
    assert ours.IntegerDeserializer()(bytes.fromhex(hex_bytes), CTX) == value


@pytest.mark.parametrize(
    ("value", "hex_bytes"),
    [
        (0, "0000000000000000"), (1, "0000000000000001"), (-1, "ffffffffffffffff"),
        (2**31, "0000000080000000"), (2**63 - 1, "7fffffffffffffff"), (-(2**63), "8000000000000000"),
        (-2, "fffffffffffffffe"), (0x0102030405060708, "0102030405060708"),
    ],
)
def test_long_is_int64_big_endian(value: int, hex_bytes: str) -> None:
    assert ours.LongSerializer()(value, CTX) == bytes.fromhex(hex_bytes)
    assert ours.LongDeserializer()(bytes.fromhex(hex_bytes), CTX) == value


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_long_out_of_range_is_an_error(value: int) -> None:
    with pytest.raises(ours.SerializationError, match="outside the int64 range"):
        ours.LongSerializer()(value, CTX)


@pytest.mark.parametrize(
    ("value", "hex_bytes"),
    [
        (0.0, "00000000"), (-0.0, "80000000"), (1.0, "3f800000"), (-2.0, "c0000000"),
        (0.5, "3f000000"), (math.inf, "7f800000"), (-math.inf, "ff800000"),
        (3.4028234663852886e38, "7f7fffff"),  # largest finite binary32
        (1.401298464324817e-45, "00000001"),  # smallest subnormal binary32
    ],
)
def test_float_is_binary32_big_endian(value: float, hex_bytes: str) -> None:
    assert ours.FloatSerializer()(value, CTX) == bytes.fromhex(hex_bytes)
    result = ours.FloatDeserializer()(bytes.fromhex(hex_bytes), CTX)
    assert result == value
    assert math.copysign(1.0, result) == math.copysign(1.0, value)


def test_float_rounds_to_the_nearest_binary32() -> None:
    # 0.1 is not exact in binary32: the nearest is 0x3dcccccd = 0.100000001490116...
    assert ours.FloatSerializer()(0.1, CTX) == bytes.fromhex("3dcccccd")
    assert ours.FloatDeserializer()(bytes.fromhex("3dcccccd"), CTX) == 0.10000000149011612


def test_float_nan_round_trips_as_nan() -> None:
    data = ours.FloatSerializer()(math.nan, CTX)
    assert data is not None and len(data) == 4
    assert math.isnan(ours.FloatDeserializer()(data, CTX))
    assert math.isnan(ours.FloatDeserializer()(bytes.fromhex("7fc00000"), CTX))


@pytest.mark.parametrize("value", [3.5e38, -1e39, 1e308])
def test_float_too_large_for_binary32_is_an_error(value: float) -> None:
    with pytest.raises(ours.SerializationError, match="too large for binary32"):
        ours.FloatSerializer()(value, CTX)


@pytest.mark.parametrize(
    ("value", "hex_bytes"),
    [(1.0, "3ff0000000000000"), (-0.0, "8000000000000000"), (-2.0, "c000000000000000"),
     (math.inf, "7ff0000000000000"), (0.1, "3fb999999999999a")],
)
def test_double_is_binary64_big_endian(value: float, hex_bytes: str) -> None:
    assert ours.DoubleSerializer()(value, CTX) == bytes.fromhex(hex_bytes)
    assert ours.DoubleDeserializer()(bytes.fromhex(hex_bytes), CTX) == value


# The example UUID of RFC 4122 (urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6).
RFC_UUID_TEXT = b"f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
RFC_UUID = uuid.UUID(int=0xF81D4FAE7DEC11D0A76500A0C91E6BF6)


def test_uuid_is_its_lowercase_36_character_text() -> None:
    assert ours.UUIDSerializer()(RFC_UUID, CTX) == RFC_UUID_TEXT
    assert ours.UUIDDeserializer()(RFC_UUID_TEXT, CTX) == RFC_UUID


def test_uuid_text_in_upper_case_is_read() -> None:
    assert ours.UUIDDeserializer()(RFC_UUID_TEXT.upper(), CTX) == RFC_UUID


@pytest.mark.parametrize(
    "data",
    [
        b"{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}",
        b"urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        b"f81d4fae7dec11d0a76500a0c91e6bf6",
        b"f81d4fae-7dec-11d0-a765-00a0c91e6bf",
        b"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\n",
        b"+81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        b"f81d4fae_7dec-11d0-a765-00a0c91e6bf6",
        RFC_UUID.bytes,
        b"",
    ],
)
def test_uuid_other_forms_are_errors(data: bytes) -> None:
    with pytest.raises(ours.SerializationError, match="not a 36-character UUID text"):
        ours.UUIDDeserializer()(data, CTX)


@pytest.mark.parametrize("value", [b"", b"\x00\xff", bytearray(b"abc"), memoryview(b"xyz")])
def test_bytes_pass_through(value: bytes | bytearray | memoryview) -> None:
    out = ours.BytesSerializer()(value, CTX)
    assert type(out) is bytes and out == bytes(value)
    back = ours.BytesDeserializer()(out, CTX)
    assert type(back) is bytes and back == bytes(value)


def test_bytes_serializer_returns_the_very_same_bytes_object() -> None:
    payload = b"no copy"
    assert ours.BytesSerializer()(payload, CTX) is payload
    assert ours.BytesDeserializer()(payload, CTX) is payload


@pytest.mark.parametrize(
    "serde",
    [
        cls()
        for cls in (ours.LongSerializer, ours.LongDeserializer, ours.FloatSerializer, ours.FloatDeserializer,
                    ours.UUIDSerializer, ours.UUIDDeserializer, ours.BytesSerializer, ours.BytesDeserializer)
    ],
    ids=lambda s: type(s).__name__,
)
def test_none_stays_none(serde: object) -> None:
    assert serde(None, CTX) is None  # type: ignore[operator]
    assert serde(None) is None  # type: ignore[operator]


@pytest.mark.parametrize("wrap", [bytearray, memoryview], ids=lambda w: w.__name__)
def test_deserializers_read_bytearray_and_memoryview_like_bytes(wrap: Any) -> None:
    assert ours.UUIDDeserializer()(wrap(RFC_UUID_TEXT), CTX) == RFC_UUID
    assert ours.StringDeserializer()(wrap("é".encode()), CTX) == "é"
    assert ours.StringDeserializer("latin-1")(wrap(b"\xe9"), CTX) == "é"
    assert ours.IntegerDeserializer()(wrap(b"\xff\xff\xff\xfe"), CTX) == -2
    assert ours.DoubleDeserializer()(wrap(bytes.fromhex("3ff0000000000000")), CTX) == 1.0
