"""The package's face: the deprecation warning on import, the legacy names and signatures, the schema objects.

Expected names and signatures come from the reference's ``confluent_kafka.avro``;
expected schema JSON and attributes from the Apache ``avro`` package, which is
what the reference's ``loads`` returned.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import avro.schema
import confluent_kafka.avro as reference
import kafka_legacy_avro
import pytest
from kafka_legacy_avro import AvroSchema, ClientError, load, loads

SCHEMAS = [
    '"string"',
    '{"type": "bytes"}',
    '["null", "long", "string"]',
    '{"type": "array", "items": {"type": "map", "values": "double"}}',
    '{"type": "long", "logicalType": "timestamp-millis"}',
    '{"type": "enum", "name": "Suit", "namespace": "cards", "symbols": ["SPADES", "HEARTS"]}',
    """{"type": "record", "name": "User", "namespace": "com.example", "doc": "a user",
        "fields": [
          {"name": "name", "type": "string"},
          {"name": "age", "type": ["null", "int"], "default": null},
          {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
          {"name": "again", "type": "Kind"},
          {"name": "tags", "type": {"type": "map", "values": {"type": "record", "name": "Tag",
             "namespace": "other",
             "fields": [{"name": "id", "type": {"type": "fixed", "name": "Id", "size": 4}}]}}},
          {"name": "id2", "type": "other.Id"}]}""",
]


def test_import_emits_one_deprecation_warning_pointing_to_the_replacement() -> None:
    script = textwrap.dedent("""
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import kafka_legacy_avro
            import kafka_legacy_avro.serializer.message_serializer
            import kafka_legacy_avro.cached_schema_registry_client
            from kafka_legacy_avro import AvroProducer
        for w in caught:
            print(w.category.__name__, w.filename, "|", w.message)
    """)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    category, rest = lines[0].split(" ", 1)
    filename, message = rest.split(" | ", 1)
    assert category == "DeprecationWarning"
    assert filename == "<string>"  # attributed to the importing code, not to the import machinery
    for hint in (
        "SerializingProducer",
        "AvroSerializer",
        "DeserializingConsumer",
        "AvroDeserializer",
        "migration_legacy_avro",
    ):
        assert hint in message


def test_the_reference_names_are_all_here() -> None:
    names = [
        "AvroProducer",
        "AvroConsumer",
        "CachedSchemaRegistryClient",
        "MessageSerializer",
        "load",
        "loads",
        "ClientError",
        "SerializerError",
        "KeySerializerError",
        "ValueSerializerError",
    ]
    for name in names:
        assert hasattr(reference, name)
        assert name in kafka_legacy_avro.__all__
    assert issubclass(kafka_legacy_avro.KeySerializerError, kafka_legacy_avro.SerializerError)
    assert issubclass(kafka_legacy_avro.ValueSerializerError, kafka_legacy_avro.SerializerError)
    from kafka_legacy_avro.error import ClientError as FromError
    from kafka_legacy_avro.serializer import SerializerError as FromSerializer

    assert FromError is ClientError and FromSerializer is kafka_legacy_avro.SerializerError


def _params(func: object) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(func).parameters.values()]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "methods"),
    [
        ("AvroProducer", ["__init__"]),
        ("AvroConsumer", ["__init__", "poll"]),
        (
            "MessageSerializer",
            ["__init__", "encode_record_with_schema", "encode_record_with_schema_id", "decode_message"],
        ),
        (
            "CachedSchemaRegistryClient",
            [
                "__init__",
                "register",
                "check_registration",
                "delete_subject",
                "get_by_id",
                "get_latest_schema",
                "get_by_version",
                "get_version",
                "test_compatibility",
                "update_compatibility",
                "get_compatibility",
                "close",
            ],
        ),
    ],
)
def test_signatures_match_the_reference(cls: str, methods: list[str]) -> None:
    for method in methods:
        ours = getattr(getattr(kafka_legacy_avro, cls), method)
        theirs = getattr(getattr(reference, cls), method)
        assert _params(ours) == _params(theirs), f"{cls}.{method}"


@pytest.mark.parametrize("text", SCHEMAS)
def test_loads_gives_what_the_apache_avro_package_gave(text: str) -> None:
    ours = loads(text)
    theirs = avro.schema.parse(text)
    assert json.loads(str(ours)) == json.loads(str(theirs))
    assert ours.to_json() == theirs.to_json()
    assert ours.type == theirs.type
    assert ours.name == getattr(theirs, "name", None)
    assert ours.namespace == getattr(theirs, "namespace", None)
    assert ours.fullname == getattr(theirs, "fullname", None)


def test_record_schema_parts_read_as_in_the_apache_avro_package() -> None:
    ours = loads(SCHEMAS[-1])
    theirs = avro.schema.parse(SCHEMAS[-1])
    assert [f.name for f in ours.fields] == [f.name for f in theirs.fields]
    assert [f.type.type for f in ours.fields] == [f.type.type for f in theirs.fields]
    assert [f.has_default for f in ours.fields] == [f.has_default for f in theirs.fields]
    assert ours.fields_dict["again"].type.symbols == theirs.fields_dict["again"].type.symbols == ["A", "B"]
    assert ours.fields_dict["again"].type.fullname == "com.example.Kind"
    tag = ours.fields_dict["tags"].type.values
    assert tag is not None and tag.fullname == "other.Tag"
    assert tag.fields[0].type.size == 4
    assert ours.fields_dict["id2"].type.fullname == "other.Id"
    assert [s.type for s in loads(SCHEMAS[2]).schemas] == ["null", "long", "string"]
    assert ours.doc == "a user"


def test_schemas_are_equal_and_hash_alike_when_their_json_is() -> None:
    a = loads('{"type": "record", "name": "R", "fields": [{"name": "x", "type": "int"}]}')
    b = loads('{"fields": [{"type": "int", "name": "x"}], "name": "R", "type": "record"}')
    c = loads('{"type": "record", "name": "R", "fields": [{"name": "x", "type": "long"}]}')
    assert a == b and hash(a) == hash(b) and len({a, b, c}) == 2
    assert a != c


def test_load_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "user.avsc"
    path.write_text(SCHEMAS[-1], encoding="utf-8")
    schema = load(str(path))
    assert isinstance(schema, AvroSchema)
    assert schema == loads(SCHEMAS[-1])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"type": "record", "name": "R", "fields": [{"name": "x", "type": "Nope"}]}', "Nope"),
        ('{"type": "record", "name": "R", "fields": [', "not valid JSON"),
        ('{"type": "enum", "name": "E"}', "symbols"),
    ],
)
def test_a_bad_schema_raises_client_error_saying_why(text: str, says: str) -> None:
    with pytest.raises(ClientError, match="Schema parse failed") as caught:
        loads(text)
    assert says in str(caught.value)
