"""Bad input raises kafka_core's SerializationError naming the serde, the topic, the field and the cause."""

from __future__ import annotations

import uuid

import kafka_core
import kafka_serde as ours
import pytest

KEY_CTX = ours.SerializationContext("orders", ours.MessageField.KEY)
VALUE_CTX = ours.SerializationContext("payments", ours.MessageField.VALUE)


def _message(call: object, *args: object) -> str:
    with pytest.raises(kafka_core.SerializationError) as info:
        call(*args)  # type: ignore[operator]
    assert isinstance(info.value, kafka_core.KafkaException)
    return str(info.value)


@pytest.mark.parametrize(
    ("serde", "bad", "cause"),
    [
        (ours.StringSerializer(), 42, "expected str, got 42 (int)"),
        (ours.StringSerializer(), b"bytes", "expected str, got b'bytes' (bytes)"),
        (ours.StringSerializer("ascii"), "é", "'ascii' codec can't encode character '\\xe9' in position 0"),
        (ours.StringDeserializer(), b"\xffabc", "'utf-8' codec can't decode byte 0xff in position 0"),
        (ours.StringDeserializer(), "text", "expected bytes, got 'text' (str)"),
        (ours.IntegerSerializer(), 2**31,
         "2147483648 (int) is outside the int32 range [-2147483648, 2147483647]"),
        (ours.IntegerSerializer(), "7", "expected int, got '7' (str)"),
        (ours.IntegerSerializer(), 7.0, "expected int, got 7.0 (float)"),
        (ours.IntegerDeserializer(), b"\x00\x01\x02", "expected 4 bytes (int32), got 3"),
        (ours.IntegerDeserializer(), 5, "expected bytes, got 5 (int)"),
        (ours.LongSerializer(), -(2**63) - 1, "is outside the int64 range"),
        (ours.LongDeserializer(), b"\x00" * 4, "expected 8 bytes (int64), got 4"),
        (ours.FloatSerializer(), "1.5", "expected float, got '1.5' (str)"),
        (ours.FloatSerializer(), 1e300, "1e+300 (float) is too large for binary32"),
        (ours.FloatDeserializer(), b"\x00" * 8, "expected 4 bytes (binary32), got 8"),
        (ours.DoubleSerializer(), [1.0], "expected float, got [1.0] (list)"),
        (ours.DoubleSerializer(), 10**400, "is too large for binary64"),
        (ours.DoubleDeserializer(), bytearray(5), "expected 8 bytes (binary64), got 5"),
        (ours.UUIDSerializer(), "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "expected uuid.UUID, got"),
        (ours.UUIDDeserializer(), b"not-a-uuid", "b'not-a-uuid' (bytes) is not a 36-character UUID text"),
        (ours.BytesSerializer(), "text", "expected bytes, bytearray or memoryview, got 'text' (str)"),
        (ours.BytesDeserializer(), 3, "expected bytes, got 3 (int)"),
    ],
    ids=lambda p: type(p).__name__ if isinstance(p, (ours.Serializer, ours.Deserializer)) else None,
)
def test_error_names_serde_topic_field_and_cause(serde: object, bad: object, cause: str) -> None:
    message = _message(serde, bad, VALUE_CTX)
    assert message.startswith(f"{type(serde).__name__} failed on topic 'payments', field 'value': ")
    assert cause in message


def test_error_names_the_key_field() -> None:
    message = _message(ours.IntegerSerializer(), 2**31, KEY_CTX)
    assert "topic 'orders', field 'key'" in message


def test_error_without_a_context_says_so() -> None:
    message = _message(ours.IntegerDeserializer(), b"\x01")
    assert message == (
        "IntegerDeserializer failed (no SerializationContext given): expected 4 bytes (int32), got 1"
    )


def test_error_keeps_the_underlying_cause() -> None:
    with pytest.raises(kafka_core.SerializationError) as info:
        ours.StringDeserializer()(b"\xff", VALUE_CTX)
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_a_huge_int_is_described_not_printed() -> None:
    message = _message(ours.LongSerializer(), 2**100_000, VALUE_CTX)
    assert "an int of 100001 bits is outside the int64 range" in message
    assert len(message) < 300


def test_a_long_value_is_shortened_in_the_message() -> None:
    message = _message(ours.StringSerializer(), [0] * 1000, VALUE_CTX)
    assert "..." in message
    assert len(message) < 300


@pytest.mark.parametrize("cls", [ours.StringSerializer, ours.StringDeserializer])
@pytest.mark.parametrize("codec", ["no-such-codec", "base64", "rot13"])
def test_unknown_or_non_text_codec_is_refused_at_construction(cls: type, codec: str) -> None:
    with pytest.raises(ValueError, match=f"{cls.__name__}: '{codec}' is not a text codec"):
        cls(codec)


def test_str_subclasses_and_int_likes_are_accepted() -> None:
    class Name(str):
        pass

    class Index:
        def __index__(self) -> int:
            return 9

    assert ours.StringSerializer()(Name("x"), VALUE_CTX) == b"x"
    assert ours.IntegerSerializer()(Index(), VALUE_CTX) == b"\x00\x00\x00\x09"
    assert ours.UUIDSerializer()(uuid.UUID(int=1), VALUE_CTX) == b"00000000-0000-0000-0000-000000000001"


def test_codec_can_be_changed_after_construction_and_is_checked() -> None:
    serializer = ours.StringSerializer()
    serializer.codec = "latin-1"
    assert (serializer.codec, serializer("é", VALUE_CTX)) == ("latin-1", b"\xe9")
    deserializer = ours.StringDeserializer("latin-1")
    deserializer.codec = "utf-8"
    assert deserializer(b"\xc3\xa9", VALUE_CTX) == "é"
    with pytest.raises(ValueError, match="'klingon' is not a text codec"):
        serializer.codec = "klingon"
    assert serializer.codec == "latin-1"


class _Hostile:
    """An object whose conversions and repr all fail."""

    def __index__(self) -> int:
        raise RuntimeError("no index today")

    def __float__(self) -> float:
        raise RuntimeError("no float today")

    def __repr__(self) -> str:
        raise RuntimeError("no repr today")


@pytest.mark.parametrize(
    ("serde", "cause"),
    [
        (ours.IntegerSerializer(), "cannot convert <_Hostile object> (_Hostile) to int: no index today"),
        (ours.LongSerializer(), "cannot convert <_Hostile object> (_Hostile) to int: no index today"),
        (ours.DoubleSerializer(), "cannot convert <_Hostile object> (_Hostile) to float: no float today"),
        (ours.StringSerializer(), "expected str, got <_Hostile object> (_Hostile)"),
    ],
    ids=lambda p: type(p).__name__,
)
def test_failing_conversions_and_repr_still_give_a_serialization_error(serde: object, cause: str) -> None:
    message = _message(serde, _Hostile(), KEY_CTX)
    assert message.endswith(f"field 'key': {cause}")
