"""SerializingProducer and DeserializingConsumer on librdkafka's mock cluster.

Serde failures, poison records inside ``consume(n)`` batches and ``poll()``,
errors from the cluster, serdes named through the plugin registry, and the
offsets a consumer leaves behind when it still holds records it never handed out.
Raw bytes are written with the plain native Producer and read back with
``read_partition``, so what was (not) sent is checked without our serdes.
"""

from __future__ import annotations

import struct
from typing import Any

import pytest
from kafka_core import (
    ConsumeError,
    Consumer,
    Deserializer,
    DeserializingConsumer,
    KafkaError,
    KeySerializationError,
    MessageField,
    ProduceError,
    Producer,
    SerializationError,
    Serializer,
    SerializingProducer,
    TopicPartition,
    ValueDeserializationError,
    ValueSerializationError,
)
from kafka_core.plugins import PluginNotFoundError, default_registry, hookimpl
from testsupport.broker import read_partition, rounds


class Text(Serializer):
    """str -> bytes in ``codec``; refuses the key "boom"."""

    PLUGIN_NAME = "core-test-text"

    def __init__(self, codec: str = "utf-8") -> None:
        self.codec = codec

    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        if obj == "boom":
            raise ValueError("boom is not serializable")
        return None if obj is None else obj.encode(self.codec)


class TextDe(Deserializer):
    """bytes -> str in ``codec`` (strict: invalid bytes fail)."""

    PLUGIN_NAME = "core-test-text"

    def __init__(self, codec: str = "utf-8") -> None:
        self.codec = codec

    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        return None if value is None else value.decode(self.codec)


class Int32(Serializer):
    PLUGIN_NAME = "core-test-int32"

    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else struct.pack(">i", obj)  # struct.error outside int32


class Int32De(Deserializer):
    PLUGIN_NAME = "core-test-int32"

    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        if value is None:
            return None
        if len(value) != 4:
            raise SerializationError(f"an int32 is 4 bytes, got {len(value)}")
        return struct.unpack(">i", value)[0]


class _TestSerdePlugin:
    @hookimpl
    def kafka_serializers(self) -> list[Any]:
        return [Text, Int32]

    @hookimpl
    def kafka_deserializers(self) -> list[Any]:
        return [TextDe, Int32De]


_PLUGIN = _TestSerdePlugin()


@pytest.fixture
def test_serdes_registered() -> None:
    """Register this module's serdes on the process-wide registry (idempotent)."""
    default_registry().register(_PLUGIN, distribution="kafka-core-tests")


def _i32(n: int) -> bytes:
    return struct.pack(">i", n)


def _raw_producer(bootstrap: str) -> Any:
    return Producer({"bootstrap.servers": bootstrap, "log_level": 3})


def _write(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes | None, Any]]) -> None:
    """Write ``(key, value, headers)`` records, raw, to partition 0 in order."""
    producer = _raw_producer(bootstrap)
    for key, value, headers in records:
        producer.produce(topic, value, key, partition=0, headers=headers)
    assert producer.flush(10) == 0


def _consumer(bootstrap: str, group: str, **extra: Any) -> Any:
    return DeserializingConsumer({"bootstrap.servers": bootstrap, "group.id": group, "log_level": 3,
                                  "key.deserializer": TextDe(), "value.deserializer": Int32De(), **extra})


def _committed(bootstrap: str, group: str, topic: str) -> int:
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "log_level": 3})
    try:
        return int(reader.committed([TopicPartition(topic, 0)], timeout=10)[0].offset)
    finally:
        reader.close()


# --- serialization failures: nothing is sent ---------------------------------

@pytest.mark.parametrize("field", ["key", "value"])
def test_a_failing_serializer_raises_and_sends_nothing(
        mock_bootstrap: str, new_topic: Any, field: str) -> None:
    topic = new_topic("serfail")
    producer = SerializingProducer({"bootstrap.servers": mock_bootstrap, "key.serializer": Text(),
                                    "value.serializer": Int32()})
    producer.produce(topic, key="a", value=1, partition=0)
    bad = {"key": "boom", "value": 2}, {"key": "b", "value": 2**40}  # "boom" key; value outside int32
    kwargs = bad[0] if field == "key" else bad[1]
    expected_type = KeySerializationError if field == "key" else ValueSerializationError
    with pytest.raises(expected_type) as info:
        producer.produce(topic, partition=0, **kwargs)
    err = info.value
    assert isinstance(err, ProduceError) and isinstance(err, SerializationError)
    assert isinstance(err.exception, ValueError if field == "key" else struct.error)
    assert err.__cause__ is err.exception
    assert err.kafka_message is None
    code = KafkaError._KEY_SERIALIZATION if field == "key" else KafkaError._VALUE_SERIALIZATION
    assert (err.code, err.name, err.args[0].code()) == (code, f"_{field.upper()}_SERIALIZATION", code)
    producer.produce(topic, key="c", value=3, partition=0)
    assert producer.flush(10) == 0
    producer.close()  # before the mock cluster goes away
    # Read the partition back raw: only the two good records are there.
    got = read_partition(mock_bootstrap, topic, 0)
    assert [(m.offset(), m.key(), m.value()) for m in got] == [(0, b"a", _i32(1)), (1, b"c", _i32(3))]


def test_the_serializers_get_topic_field_and_headers(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("ctx")
    seen: list[tuple[str, str, Any]] = []

    class Recording(Serializer):
        def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
            seen.append((ctx.topic, ctx.field, ctx.headers))
            return obj.encode()

    class RecordingDe(Deserializer):
        def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
            seen.append((ctx.topic, ctx.field, ctx.headers))
            return value.decode() if value is not None else None

    headers = [("trace", b"t-1")]
    producer = SerializingProducer({"bootstrap.servers": mock_bootstrap, "key.serializer": Recording(),
                                    "value.serializer": Recording()})
    producer.produce(topic, key="k", value="v", partition=0, headers=headers)
    assert producer.flush(10) == 0
    producer.close()  # before the mock cluster goes away
    assert seen == [(topic, MessageField.KEY, headers), (topic, MessageField.VALUE, headers)]

    seen.clear()
    consumer = DeserializingConsumer({"bootstrap.servers": mock_bootstrap, "group.id": f"g-{topic}",
                                      "key.deserializer": RecordingDe(), "value.deserializer": RecordingDe()})
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        msg = None
        for _ in rounds(10):
            msg = consumer.poll(0.5)
            if msg is not None:
                break
        assert msg is not None and (msg.key(), msg.value(), msg.headers()) == ("k", "v", headers)
        assert seen == [(topic, MessageField.KEY, headers), (topic, MessageField.VALUE, headers)]
    finally:
        consumer.close()


# --- poison records -----------------------------------------------------------

POISON_VALUE_AT, POISON_KEY_AT = 3, 6


def _records_with_poison(count: int) -> list[tuple[bytes | None, bytes | None, Any]]:
    """Records 0..count-1: key "k<n>", int32 value n, a header; two of them poisoned."""
    records: list[tuple[bytes | None, bytes | None, Any]] = []
    for n in range(count):
        key, value = f"k{n}".encode(), _i32(n)
        if n == POISON_VALUE_AT:
            value = b"bad"  # 3 bytes: not an int32
        if n == POISON_KEY_AT:
            key = b"\xff\xfe"  # not UTF-8
        records.append((key, value, [("n", str(n).encode())]))
    return records


def _event(item: Any, topic: str) -> tuple[Any, ...]:
    """A received record, or a raised error with the raw message it carries."""
    if isinstance(item, ConsumeError):
        m = item.kafka_message
        assert (m.topic(), m.partition()) == (topic, 0)
        return (type(item).__name__, m.offset(), m.key(), m.value(), m.headers())
    return ("ok", item.offset(), item.key(), item.value(), item.headers())


def _expected_events(count: int) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for n, (key, value, headers) in enumerate(_records_with_poison(count)):
        if n == POISON_VALUE_AT:
            out.append(("ValueDeserializationError", n, key, value, headers))
        elif n == POISON_KEY_AT:
            out.append(("KeyDeserializationError", n, key, value, headers))
        else:
            out.append(("ok", n, f"k{n}", n, headers))
    return out


def test_poison_records_inside_consume_batches_are_raised_alone_and_the_rest_arrive_in_order(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("poison-consume")
    _write(mock_bootstrap, topic, _records_with_poison(10))
    consumer = _consumer(mock_bootstrap, f"g-{topic}")
    calls: list[Any] = []  # per call: the offsets returned, or the error raised
    events: list[tuple[Any, ...]] = []
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        for _ in rounds(15):
            if len(events) >= 10:
                break
            try:
                batch = consumer.consume(10, 5)
            except ConsumeError as exc:
                calls.append(type(exc).__name__)
                events.append(_event(exc, topic))
                assert isinstance(exc.exception, UnicodeDecodeError | SerializationError)
                continue
            assert len(batch) <= 10
            calls.append([m.offset() for m in batch])
            events += [_event(m, topic) for m in batch]
        assert consumer.consume(10, 0.3) == []  # nothing after the last record
    finally:
        consumer.close()
    assert events == _expected_events(10)
    # consume(10) waits for 10 records, so all ten came in one native batch: the
    # records before each poison come first, the poison is raised on the next call.
    assert calls == [[0, 1, 2], "ValueDeserializationError", [4, 5], "KeyDeserializationError", [7, 8, 9]]


def test_poison_records_from_poll_are_raised_and_poll_goes_on(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("poison-poll")
    _write(mock_bootstrap, topic, _records_with_poison(10))
    consumer = _consumer(mock_bootstrap, f"g-{topic}")
    events: list[tuple[Any, ...]] = []
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        for _ in rounds(15):
            if len(events) >= 10:
                break
            try:
                msg = consumer.poll(0.5)
            except ConsumeError as exc:
                events.append(_event(exc, topic))
                continue
            if msg is not None:
                events.append(_event(msg, topic))
        assert consumer.poll(0.3) is None
    finally:
        consumer.close()
    assert events == _expected_events(10)


def test_consume_returns_at_most_n_also_from_records_held_after_a_poison(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("at-most-n")
    records = [(f"k{n}".encode(), b"xx" if n == 2 else _i32(n), None) for n in range(20)]
    _write(mock_bootstrap, topic, records)
    consumer = _consumer(mock_bootstrap, f"g-{topic}")
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        with pytest.raises(ValueError):
            consumer.consume(0, 1)
        first = consumer.consume(20, 5)  # one native batch of all 20
        assert [m.value() for m in first] == [0, 1]
        with pytest.raises(ValueDeserializationError) as info:
            consumer.consume(5, 1)
        assert (info.value.kafka_message.offset(), info.value.kafka_message.value()) == (2, b"xx")
        sizes, values = [], []
        for _ in range(4):  # 17 held records, handed out 5 at a time without waiting
            batch = consumer.consume(5, 5)
            sizes.append(len(batch))
            values += [m.value() for m in batch]
        assert sizes == [5, 5, 5, 2]
        assert values == list(range(3, 20))
        assert consumer.consume(5, 0.3) == []
    finally:
        consumer.close()


def test_consume_n_from_the_native_client_returns_at_most_n(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("native-n")
    _write(mock_bootstrap, topic, [(None, _i32(n), None) for n in range(25)])
    consumer = _consumer(mock_bootstrap, f"g-{topic}")
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        batches = [consumer.consume(7, 5) for _ in range(3)]
        batches.append(consumer.consume(7, 1))
        assert [len(b) for b in batches] == [7, 7, 7, 4]
        assert [m.value() for b in batches for m in b] == list(range(25))
    finally:
        consumer.close()


# --- errors from the cluster --------------------------------------------------

@pytest.mark.parametrize("method", ["consume", "poll"])
def test_partition_eof_is_raised_as_consume_error_after_the_records(
        mock_bootstrap: str, new_topic: Any, method: str) -> None:
    topic = new_topic("eof")
    _write(mock_bootstrap, topic, [(f"k{n}".encode(), _i32(n), None) for n in range(5)])
    consumer = _consumer(mock_bootstrap, f"g-{topic}", **{"enable.partition.eof": True})
    received: list[Any] = []
    errors: list[ConsumeError] = []
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        for _ in rounds(15):
            if errors:
                break
            try:
                if method == "consume":
                    received += [m.value() for m in consumer.consume(10, 0.5)]
                else:
                    msg = consumer.poll(0.5)
                    if msg is not None:
                        received.append(msg.value())
            except ConsumeError as exc:
                errors.append(exc)
        assert received == list(range(5))
        [eof] = errors
        assert type(eof) is ConsumeError and not isinstance(eof, SerializationError)
        assert (eof.code, eof.name) == (KafkaError._PARTITION_EOF, "_PARTITION_EOF")
        assert eof.exception is None
        message = eof.kafka_message
        assert (message.topic(), message.partition(), message.offset()) == (topic, 0, 5)
        assert message.error().code() == KafkaError._PARTITION_EOF
        # Nothing else is pending: the next call waits and returns nothing.
        assert (consumer.consume(10, 0.3) if method == "consume" else consumer.poll(0.3)) in ([], None)
    finally:
        consumer.close()


# --- serdes named by string ---------------------------------------------------

@pytest.mark.usefixtures("test_serdes_registered")
def test_serdes_named_in_the_config_are_built_through_the_plugin_registry(
        mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("named")
    producer = SerializingProducer({
        "bootstrap.servers": mock_bootstrap, "key.serializer": "core-test-text",
        "key.serializer.codec": "latin-1", "value.serializer": "core-test-int32"})
    producer.produce(topic, key="é", value=-5, partition=0)
    assert producer.flush(10) == 0
    producer.close()  # before the mock cluster goes away
    raw = read_partition(mock_bootstrap, topic, 0)
    assert [(m.key(), m.value()) for m in raw] == [(b"\xe9", _i32(-5))]  # latin-1, not UTF-8

    consumer = DeserializingConsumer({
        "bootstrap.servers": mock_bootstrap, "group.id": f"g-{topic}", "key.deserializer": "CORE-TEST-TEXT",
        "key.deserializer.codec": "latin-1", "value.deserializer": "core-test-int32"})
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        msgs: list[Any] = []
        for _ in rounds(10):
            msgs = consumer.consume(1, 0.5)
            if msgs:
                break
        assert [(m.key(), m.value()) for m in msgs] == [("é", -5)]
    finally:
        consumer.close()


@pytest.mark.usefixtures("test_serdes_registered")
def test_an_unknown_serde_name_fails_when_the_client_is_built(mock_bootstrap: str) -> None:
    with pytest.raises(PluginNotFoundError, match="core-test-nothing"):
        DeserializingConsumer({"bootstrap.servers": mock_bootstrap, "group.id": "g-unknown",
                               "value.deserializer": "core-test-nothing"})
    with pytest.raises(ValueError, match=r"key\.serializer"):
        SerializingProducer({"bootstrap.servers": mock_bootstrap, "key.serializer": "core-test-text",
                             "key.serializer.no_such_option": 1})


# --- offsets left behind ------------------------------------------------------

def _consume_until(consumer: Any, count: int, n: int) -> list[int]:
    got: list[int] = []
    for _ in rounds(10):
        if len(got) >= count:
            break
        got += [m.offset() for m in consumer.consume(n, 5)]
    return got


@pytest.mark.parametrize("step", [
    "close-before-poison", "close-with-eof-held", "close-after-poison", "commit-before-poison", "poll"])
def test_offsets_left_behind_point_at_the_first_record_not_handed_out(
        mock_bootstrap: str, new_topic: Any, step: str) -> None:
    topic = new_topic("left-behind")
    _write(mock_bootstrap, topic, _records_with_poison(10))
    group = f"g-{topic}"
    consumer = _consumer(mock_bootstrap, group, **{"enable.auto.commit": step != "commit-before-poison",
                                                   "enable.partition.eof": step == "close-with-eof-held"})
    closed = False
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        if step == "poll":
            handed = [consumer.poll(5).offset() for _ in range(2)]
            expected = 2
        else:
            # One native batch holds all 10 records (and the end-of-partition event, if enabled).
            handed = _consume_until(consumer, 3, 11 if step == "close-with-eof-held" else 10)
            expected = POISON_VALUE_AT
        assert handed == list(range(expected))
        if step == "close-after-poison":
            with pytest.raises(ValueDeserializationError):
                consumer.consume(10, 2)
            expected = POISON_VALUE_AT + 1  # the poison was handed out, as an error
        if step == "commit-before-poison":
            result = consumer.commit(asynchronous=False)
            assert [(tp.partition, tp.offset) for tp in result] == [(0, expected)]
        else:
            consumer.close()
            closed = True
        assert _committed(mock_bootstrap, group, topic) == expected
    finally:
        if not closed:
            consumer.close()


def test_offsets_stored_by_the_application_are_left_alone(mock_bootstrap: str, new_topic: Any) -> None:
    topic = new_topic("manual-store")
    _write(mock_bootstrap, topic, _records_with_poison(10))
    group = f"g-{topic}"
    consumer = _consumer(mock_bootstrap, group, **{"enable.auto.offset.store": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    msgs: list[Any] = []
    for _ in rounds(10):
        if len(msgs) >= 3:
            break
        msgs += consumer.consume(10, 5)
    assert [m.offset() for m in msgs] == [0, 1, 2]
    consumer.store_offsets(message=msgs[0])  # the application processed only the first
    consumer.close()
    assert _committed(mock_bootstrap, group, topic) == 1


@pytest.mark.parametrize("move", ["unassign-assign", "assign", "seek"])
def test_moving_the_position_drops_held_records(mock_bootstrap: str, new_topic: Any, move: str) -> None:
    topic = new_topic("move")
    _write(mock_bootstrap, topic, _records_with_poison(10))
    consumer = _consumer(mock_bootstrap, f"g-{topic}", **{"enable.auto.commit": False})
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        assert _consume_until(consumer, 3, 10) == [0, 1, 2]  # the poison and 4..9 are held
        target = TopicPartition(topic, 0, 7)
        if move == "unassign-assign":
            consumer.unassign()
            consumer.assign([target])
        elif move == "assign":
            consumer.assign([target])
        else:
            consumer.seek(target)
        # Had the held records survived, the poison at 3 would come first.
        assert _consume_until(consumer, 3, 3) == [7, 8, 9]
    finally:
        consumer.close()
