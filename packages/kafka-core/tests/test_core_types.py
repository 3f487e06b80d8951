"""kafka_core's public names: the native types themselves, a light import, the reference's error API.

Whatever needs ``confluent_kafka``'s own package (the reference) runs in a
subprocess, so this test process never imports it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import kafka_core
import pytest
from kafka_core import (
    ConsumeError,
    KafkaError,
    KafkaException,
    KeyDeserializationError,
    KeySerializationError,
    ProduceError,
    SerializationError,
    ValueDeserializationError,
    ValueSerializationError,
)

#: Names kafka_core defines itself; every other public name is the native layer's.
OWN_NAMES = {
    "ConsumeError", "DeserializingConsumer", "Deserializer", "KeyDeserializationError",
    "KeySerializationError", "MessageField", "ProduceError", "SerializationContext", "SerializationError",
    "Serializer", "SerializingProducer", "ValueDeserializationError", "ValueSerializationError",
    "__version__",
}
ERROR_NAMES = ["KafkaException", "SerializationError", "ConsumeError", "ProduceError",
               "KeyDeserializationError", "ValueDeserializationError", "KeySerializationError",
               "ValueSerializationError"]


def _run(code: str) -> Any:
    """Run ``code`` in a fresh interpreter; it prints one JSON document, which is returned."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_native_extension_is_loaded_under_its_own_name() -> None:
    # So that a later ``import confluent_kafka`` finds it and both share one set of types.
    from kafka_core._native import cimpl

    assert sys.modules["confluent_kafka.cimpl"] is cimpl
    assert (kafka_core.Producer, kafka_core.KafkaError, kafka_core.Message) == (
        cimpl.Producer, cimpl.KafkaError, cimpl.Message)


def test_confluent_kafka_imported_after_kafka_core_has_its_submodules_as_attributes() -> None:
    # kafka_core loads confluent_kafka.cimpl (and _model) before the package exists;
    # the package imported afterwards must look exactly as if imported first.
    result = _run("""
        import json, kafka_core
        kafka_core.Node  # loads confluent_kafka._model the same way
        import confluent_kafka
        import confluent_kafka.cimpl
        print(json.dumps([confluent_kafka.cimpl is kafka_core._native.cimpl,
                          confluent_kafka._model.Node is kafka_core.Node,
                          confluent_kafka.Producer is kafka_core.Producer,
                          confluent_kafka.SerializingProducer.__mro__[1] is kafka_core.Producer]))
    """)
    assert result == [True, True, True, True]


@pytest.mark.parametrize("first", ["kafka_core", "confluent_kafka"])
def test_re_exported_names_are_the_reference_objects_themselves(first: str) -> None:
    second = "confluent_kafka" if first == "kafka_core" else "kafka_core"
    result = _run(f"""
        import json
        import {first}, {second}
        import kafka_core, confluent_kafka
        native = [n for n in kafka_core.__all__ if n not in {sorted(OWN_NAMES)!r}]
        print(json.dumps({{
            "native": native,
            "not_identical": [n for n in native
                              if getattr(kafka_core, n) is not getattr(confluent_kafka, n, object())],
            "ours_distinct": [n for n in ("SerializingProducer", "DeserializingConsumer")
                              if getattr(kafka_core, n) is not getattr(confluent_kafka, n)],
        }}))
    """)
    assert {"Producer", "Consumer", "Message", "TopicPartition", "KafkaError", "KafkaException", "Uuid",
            "OFFSET_BEGINNING", "OFFSET_END", "Node", "ConsumerGroupTopicPartitions", "ThrottleEvent",
            "murmur2", "libversion"} <= set(result["native"])
    assert result["not_identical"] == []
    # The serializing clients are ours (built on the native classes), not the reference's Python ones.
    assert result["ours_distinct"] == ["SerializingProducer", "DeserializingConsumer"]


def test_serializing_clients_subclass_the_native_clients() -> None:
    assert issubclass(kafka_core.SerializingProducer, kafka_core.Producer)
    assert issubclass(kafka_core.DeserializingConsumer, kafka_core.Consumer)
    assert kafka_core.OFFSET_BEGINNING == -2 and kafka_core.OFFSET_END == -1
    assert kafka_core.OFFSET_STORED == -1000 and kafka_core.OFFSET_INVALID == -1001


def test_import_kafka_core_loads_no_asyncio_http_or_serde_library() -> None:
    # Modules (and their submodules) that must not be loaded. confluent_kafka's
    # package itself counts only as exactly that name: its cimpl and _model are used.
    forbidden = ["asyncio", "httpx", "fastavro", "avro", "jsonschema", "google.protobuf", "orjson", "msgpack",
                 "kafka_serde", "kafka_schema_registry", "kafka_admin", "confluent_kafka.serialization",
                 "confluent_kafka.aio", "confluent_kafka.schema_registry", "confluent_kafka.avro",
                 "confluent_kafka.admin", "confluent_kafka.error"]
    result = _run(f"""
        import json, sys
        before = set(sys.modules)
        import kafka_core
        after_import = set(sys.modules) - before
        kafka_core.Node, kafka_core.TopicPartitionInfo  # lazily loaded native model types
        p = kafka_core.SerializingProducer({{"bootstrap.servers": "127.0.0.1:1"}})
        c = kafka_core.DeserializingConsumer({{"bootstrap.servers": "127.0.0.1:1", "group.id": "g"}})
        c.close()
        after_use = set(sys.modules) - before
        print(json.dumps({{"preloaded": sorted(set({forbidden!r}) & before),
                          "after_import": sorted(after_import), "after_use": sorted(after_use)}}))
    """)
    assert result["preloaded"] == []  # the check below would prove nothing otherwise
    for loaded in (result["after_import"], result["after_use"]):
        hits = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden)]
        assert hits == []
        assert "confluent_kafka" not in loaded
    assert "confluent_kafka.cimpl" in result["after_import"]


def test_error_classes_form_the_reference_hierarchy_with_its_signatures() -> None:
    reference = _run(f"""
        import inspect, json
        import confluent_kafka, confluent_kafka.error as error, confluent_kafka.serialization as ser
        classes = {{n: getattr(error, n, None) or getattr(ser, n, None) or getattr(confluent_kafka, n)
                   for n in {ERROR_NAMES!r}}}
        print(json.dumps({{
            "subclass": {{a: sorted(b for b in classes if issubclass(classes[a], classes[b]))
                         for a in classes}},
            "params": {{n: [(p.name, repr(p.default))
                           for p in inspect.signature(c.__init__).parameters.values()]
                       for n, c in classes.items()}},
            "fields": [ser.MessageField.NONE, ser.MessageField.KEY, ser.MessageField.VALUE],
            "ctx_params": list(inspect.signature(ser.SerializationContext.__init__).parameters),
        }}))
    """)
    import inspect

    ours = {n: getattr(kafka_core, n) for n in ERROR_NAMES}
    assert {a: sorted(b for b in ours if issubclass(ours[a], ours[b])) for a in ours} == reference["subclass"]
    params = {n: [[p.name, repr(p.default)] for p in inspect.signature(c.__init__).parameters.values()]
              for n, c in ours.items()}
    assert params == reference["params"]
    fields = kafka_core.MessageField
    assert reference["fields"] == [fields.NONE, fields.KEY, fields.VALUE]
    ctx_params = list(inspect.signature(kafka_core.SerializationContext.__init__).parameters)
    assert ctx_params == reference["ctx_params"]


@pytest.mark.parametrize(("cls", "code"), [
    (KeyDeserializationError, KafkaError._KEY_DESERIALIZATION),
    (ValueDeserializationError, KafkaError._VALUE_DESERIALIZATION),
])
def test_deserialization_errors_carry_code_name_cause_and_message(cls: Any, code: int) -> None:
    cause = ValueError("bad bytes")
    err = cls(exception=cause, kafka_message=None)
    assert (err.code, err.name) == (code, KafkaError(code).name())
    assert err.exception is cause and err.kafka_message is None
    assert isinstance(err.args[0], KafkaError) and err.args[0].code() == code
    assert isinstance(err, ConsumeError) and isinstance(err, SerializationError)
    assert isinstance(err, KafkaException)
    assert "bad bytes" in str(err.args[0].str())
    positional = cls(cause)
    assert positional.exception is cause and positional.kafka_message is None


@pytest.mark.parametrize(("cls", "code"), [
    (KeySerializationError, KafkaError._KEY_SERIALIZATION),
    (ValueSerializationError, KafkaError._VALUE_SERIALIZATION),
])
def test_serialization_errors_carry_code_name_and_cause(cls: Any, code: int) -> None:
    cause = TypeError("not a str")
    err = cls(exception=cause)
    assert (err.code, err.name, err.exception) == (code, KafkaError(code).name(), cause)
    assert err.kafka_message is None
    assert isinstance(err, ProduceError) and isinstance(err, SerializationError)
    assert not isinstance(err, ConsumeError)
    assert "not a str" in err.args[0].str()


def test_consume_and_produce_errors_wrap_a_native_error() -> None:
    native = KafkaError(KafkaError._PARTITION_EOF, "end", fatal=False)
    consume = ConsumeError(native, exception=None, kafka_message="raw")
    assert (consume.code, consume.name, consume.exception, consume.kafka_message) == (
        KafkaError._PARTITION_EOF, "_PARTITION_EOF", None, "raw")
    assert consume.args[0] is native
    assert not isinstance(consume, SerializationError)
    cause = RuntimeError("x")
    produce = ProduceError(KafkaError(KafkaError._MSG_TIMED_OUT), cause)
    assert (produce.code, produce.name, produce.exception, produce.kafka_message) == (
        KafkaError._MSG_TIMED_OUT, "_MSG_TIMED_OUT", cause, None)
    # One ``except KafkaException`` catches them all.
    for err in (consume, produce, KeySerializationError(), ValueDeserializationError()):
        with pytest.raises(KafkaException):
            raise err
