"""The optional jsonschema-rs validation engine gives the same accept/reject answers as jsonschema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_schema_registry import Schema, SchemaReference, SchemaRegistryClient
from kafka_schema_registry.json_schema import JSONDeserializer, JSONSerializer
from kafka_schema_registry.json_schema._validators import JsonschemaRsValidator, JsonschemaValidator
from referencing import Registry

CORPUS = json.loads((Path(__file__).parent / "format_data" / "json_corpus.json").read_text())
CTX = SerializationContext("engines", MessageField.VALUE)
CASES = [
    (i, case["schema"], value, ok)
    for i, case in enumerate(CORPUS)
    for ok in (True, False)
    for value in case["valid" if ok else "invalid"]
]


@pytest.mark.parametrize("index,schema,value,expected", CASES)
def test_both_engines_agree_with_the_expected_answer(
    index: int, schema: Any, value: Any, expected: bool
) -> None:
    for engine in (JsonschemaValidator, JsonschemaRsValidator):
        validator = engine(schema, [], Registry())
        assert validator.is_valid(value) is expected, (engine.__name__, index, value)
        assert (validator.explain(value) is None) is expected


def test_rs_engine_through_the_serdes_with_a_reference() -> None:
    c = SchemaRegistryClient({"url": "mock://json-engines"})
    c.register_schema("zip.json", Schema(json.dumps({"type": "integer", "minimum": 1000}), "JSON"))
    schema = Schema(
        json.dumps({"type": "object", "properties": {"zip": {"$ref": "zip.json"}}}),
        "JSON",
        [SchemaReference("zip.json", "zip.json", 1)],
    )
    conf = {"validate.engine": "jsonschema-rs"}
    data = JSONSerializer(schema, c, conf=conf)({"zip": 1234}, CTX)
    assert data == b"\x00\x00\x00\x00\x02" + b'{"zip":1234}'
    assert JSONDeserializer(None, schema_registry_client=c, conf=conf)(data, CTX) == {"zip": 1234}
    with pytest.raises(SerializationError, match=r"field \$\.zip fails 'minimum'"):
        JSONSerializer(schema, c, conf=conf)({"zip": 12}, CTX)


def test_unknown_engine_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"validate\.engine must be one of jsonschema, jsonschema-rs"):
        JSONSerializer(
            "{}", SchemaRegistryClient({"url": "mock://json-engines-bad"}), conf={"validate.engine": "x"}
        )
