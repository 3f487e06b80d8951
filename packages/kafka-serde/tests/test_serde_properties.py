"""Property-based checks: deserializers give a value or SerializationError, nothing else; round trips hold."""

from __future__ import annotations

import math
import re
import struct
from typing import Any

import kafka_serde as ours
import pytest
from hypothesis import given
from hypothesis import strategies as st

CTX = ours.SerializationContext("props", ours.MessageField.VALUE)

FIXED_WIDTH = [
    (ours.IntegerDeserializer(), 4, int),
    (ours.LongDeserializer(), 8, int),
    (ours.FloatDeserializer(), 4, float),
    (ours.DoubleDeserializer(), 8, float),
]

ANY_OBJECT = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.binary(max_size=20),
    st.uuids(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.mark.parametrize(("deserializer", "size", "result_type"), FIXED_WIDTH, ids=lambda x: type(x).__name__)
@given(data=st.binary(max_size=16))
def test_fixed_width_deserializers_accept_exactly_their_width(
    deserializer: Any, size: int, result_type: type, data: bytes
) -> None:
    if len(data) == size:
        assert type(deserializer(data, CTX)) is result_type
    else:
        with pytest.raises(ours.SerializationError, match=f"expected {size} bytes"):
            deserializer(data, CTX)


@pytest.mark.parametrize("codec", ["utf_8", "latin-1", "utf_16", "shift_jis"])
@given(data=st.binary(max_size=32))
def test_string_deserializer_gives_text_or_serialization_error(codec: str, data: bytes) -> None:
    try:
        expected = data.decode(codec)
    except UnicodeError as exc:
        with pytest.raises(ours.SerializationError, match=re.escape(str(exc))):
            ours.StringDeserializer(codec)(data, CTX)
    else:
        assert ours.StringDeserializer(codec)(data, CTX) == expected


@given(data=st.binary(max_size=40))
def test_uuid_deserializer_gives_a_uuid_or_serialization_error(data: bytes) -> None:
    try:
        result = ours.UUIDDeserializer()(data, CTX)
    except ours.SerializationError:
        return
    assert str(result).encode() == data.lower()


@given(data=st.from_regex(rb"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z"))
def test_uuid_deserializer_reads_every_canonical_text(data: bytes) -> None:
    assert ours.UUIDSerializer()(ours.UUIDDeserializer()(data, CTX), CTX) == data.lower()


@given(data=st.binary(max_size=40))
def test_bytes_deserializer_is_the_identity(data: bytes) -> None:
    assert ours.BytesDeserializer()(data, CTX) == data


@pytest.mark.parametrize(
    "serializer",
    [
        cls()
        for cls in (ours.StringSerializer, ours.IntegerSerializer, ours.LongSerializer, ours.FloatSerializer,
                    ours.DoubleSerializer, ours.UUIDSerializer, ours.BytesSerializer)
    ],
    ids=lambda s: type(s).__name__,
)
@given(obj=ANY_OBJECT)
def test_serializers_give_bytes_none_or_serialization_error(serializer: Any, obj: object) -> None:
    try:
        result = serializer(obj, CTX)
    except ours.SerializationError:
        return
    assert result is None if obj is None else type(result) is bytes


@given(value=st.text())
def test_string_round_trips_in_utf8(value: str) -> None:
    assert ours.StringDeserializer()(ours.StringSerializer()(value, CTX), CTX) == value


@given(value=st.text(alphabet=st.characters(max_codepoint=255)))
def test_string_round_trips_in_latin1(value: str) -> None:
    data = ours.StringSerializer("latin-1")(value, CTX)
    assert data is not None and len(data) == len(value)
    assert ours.StringDeserializer("latin-1")(data, CTX) == value


@given(value=st.integers(-(2**31), 2**31 - 1))
def test_integer_round_trips(value: int) -> None:
    assert ours.IntegerDeserializer()(ours.IntegerSerializer()(value, CTX), CTX) == value


@given(value=st.integers(-(2**63), 2**63 - 1))
def test_long_round_trips(value: int) -> None:
    assert ours.LongDeserializer()(ours.LongSerializer()(value, CTX), CTX) == value


@given(value=st.one_of(st.integers(min_value=2**63), st.integers(max_value=-(2**63) - 1)))
def test_long_out_of_range_is_an_error(value: int) -> None:
    with pytest.raises(ours.SerializationError, match="outside the int64 range"):
        ours.LongSerializer()(value, CTX)


@given(data=st.binary(min_size=8, max_size=8))
def test_double_round_trips_every_bit_pattern(data: bytes) -> None:
    assert ours.DoubleSerializer()(ours.DoubleDeserializer()(data, CTX), CTX) == data


@given(data=st.binary(min_size=4, max_size=4))
def test_float_round_trips_every_non_nan_bit_pattern(data: bytes) -> None:
    value = ours.FloatDeserializer()(data, CTX)
    if math.isnan(value):
        assert math.isnan(struct.unpack(">f", ours.FloatSerializer()(value, CTX) or b"")[0])
    else:
        assert ours.FloatSerializer()(value, CTX) == data


@given(value=st.uuids())
def test_uuid_round_trips(value: Any) -> None:
    data = ours.UUIDSerializer()(value, CTX)
    assert data is not None and len(data) == 36
    assert ours.UUIDDeserializer()(data, CTX) == value


@given(value=st.binary())
def test_bytes_round_trip(value: bytes) -> None:
    assert ours.BytesDeserializer()(ours.BytesSerializer()(value, CTX), CTX) == value
