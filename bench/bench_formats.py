#!/usr/bin/env python3
"""Schema Registry formats: serialize and deserialize messages per second, ours against the reference
client and the raw library, in one run.

For Avro, JSON Schema and Protobuf, one realistic record of ten fields
(strings, ints, a double, a boolean, an enum, an array, a map, a nullable field
and a nested record) is serialized and deserialized by:

- ours (``kafka_schema_registry.<format>``),
- the reference client (``confluent_kafka.schema_registry.<format>``),
- ours with the optional jsonschema-rs engine (row ``json-rs``), when installed,
- the raw library with the 5-byte framing written by hand: fastavro
  ``schemaless_writer`` / ``schemaless_reader`` on a parsed schema; protobuf
  ``SerializeToString`` / ``FromString``; ``json.dumps`` / ``json.loads`` plus a
  validator built once.

Both serdes use in-memory ``mock://`` registries; after the first message
neither asks its registry anything. Prints messages per second, microseconds
per message and the ratios. ``--quick`` measures for less time.
"""

from __future__ import annotations

import argparse
import io
import json
import time
import warnings
from collections.abc import Callable
from typing import Any

AVRO_SCHEMA = {
    "type": "record",
    "name": "Order",
    "namespace": "bench",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "customer", "type": "string"},
        {"name": "quantity", "type": "int"},
        {"name": "sequence", "type": "long"},
        {"name": "price", "type": "double"},
        {"name": "paid", "type": "boolean"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "attributes", "type": {"type": "map", "values": "string"}},
        {"name": "note", "type": ["null", "string"], "default": None},
        {
            "name": "address",
            "type": {
                "type": "record",
                "name": "Address",
                "fields": [
                    {"name": "street", "type": "string"},
                    {"name": "city", "type": "string"},
                    {"name": "zip", "type": "int"},
                ],
            },
        },
    ],
}
RECORD: dict[str, Any] = {
    "id": "ord-000123456",
    "customer": "Ada Lovelace",
    "quantity": 3,
    "sequence": 9_876_543_210,
    "price": 129.95,
    "paid": True,
    "status": "PAID",
    "tags": ["gift", "express", "fragile"],
    "attributes": {"channel": "web", "campaign": "spring"},
    "note": None,
    "address": {"street": "12 Analytical Way", "city": "London", "zip": 10115},
}
JSON_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Order",
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "customer": {"type": "string"},
        "quantity": {"type": "integer", "minimum": 0},
        "sequence": {"type": "integer"},
        "price": {"type": "number"},
        "paid": {"type": "boolean"},
        "status": {"enum": ["NEW", "PAID", "SHIPPED"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
        "note": {"type": ["string", "null"]},
        "address": {
            "type": "object",
            "properties": {
                "street": {"type": "string"},
                "city": {"type": "string"},
                "zip": {"type": "integer"},
            },
            "required": ["street", "city", "zip"],
        },
    },
    "required": ["id", "customer", "quantity", "price", "paid", "status"],
}


def _proto_order() -> Any:
    """A bench.Order message class built from a FileDescriptorProto (no protoc)."""
    from google.protobuf import descriptor_pb2, descriptor_pool
    from google.protobuf.message_factory import GetMessageClass

    f = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="bench/order.proto", package="bench", syntax="proto3")
    status = file.enum_type.add(name="Status")
    for number, name in enumerate(["NEW", "PAID", "SHIPPED"]):
        status.value.add(name=name, number=number)
    address = file.message_type.add(name="Address")
    order = file.message_type.add(name="Order")
    entry = order.nested_type.add(name="AttributesEntry")
    entry.options.map_entry = True

    def field(
        msg: Any,
        name: str,
        number: int,
        kind: int,
        type_name: str = "",
        repeated: bool = False,
        optional: bool = False,
    ) -> None:
        added = msg.field.add(
            name=name, number=number, type=kind, label=f.LABEL_REPEATED if repeated else f.LABEL_OPTIONAL
        )
        if type_name:
            added.type_name = type_name
        if optional:
            added.proto3_optional = True
            added.oneof_index = len(msg.oneof_decl)
            msg.oneof_decl.add(name=f"_{name}")

    field(address, "street", 1, f.TYPE_STRING)
    field(address, "city", 2, f.TYPE_STRING)
    field(address, "zip", 3, f.TYPE_INT32)
    field(entry, "key", 1, f.TYPE_STRING)
    field(entry, "value", 2, f.TYPE_STRING)
    for number, (name, kind) in enumerate(
        [
            ("id", f.TYPE_STRING),
            ("customer", f.TYPE_STRING),
            ("quantity", f.TYPE_INT32),
            ("sequence", f.TYPE_INT64),
            ("price", f.TYPE_DOUBLE),
            ("paid", f.TYPE_BOOL),
        ],
        start=1,
    ):
        field(order, name, number, kind)
    field(order, "status", 7, f.TYPE_ENUM, ".bench.Status")
    field(order, "tags", 8, f.TYPE_STRING, repeated=True)
    field(order, "attributes", 9, f.TYPE_MESSAGE, ".bench.Order.AttributesEntry", repeated=True)
    field(order, "note", 10, f.TYPE_STRING, optional=True)
    field(order, "address", 11, f.TYPE_MESSAGE, ".bench.Address")
    pool = descriptor_pool.Default()
    pool.AddSerializedFile(file.SerializeToString())
    cls = GetMessageClass(pool.FindMessageTypeByName("bench.Order"))
    msg = cls(**{k: v for k, v in RECORD.items() if k not in ("note", "address", "attributes")})
    msg.attributes.update(RECORD["attributes"])
    msg.address.street, msg.address.city, msg.address.zip = "12 Analytical Way", "London", 10115
    return cls, msg


def _rate(fn: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``fn`` (best of three runs of about ``seconds`` / 3 each)."""
    fn()
    batch = 100
    while True:  # size a batch to ~10 ms
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        took = time.perf_counter() - start
        if took > 0.01:
            break
        batch *= 2
    best = 0.0
    for _ in range(3):
        count = 0
        start = time.perf_counter()
        deadline = start + seconds / 3
        while time.perf_counter() < deadline:
            for _ in range(batch):
                fn()
            count += batch
        best = max(best, count / (time.perf_counter() - start))
    return best


def _framing(schema_id: int) -> bytes:
    return b"\x00" + schema_id.to_bytes(4, "big")


def avro_cases() -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer as RefDe
    from confluent_kafka.schema_registry.avro import AvroSerializer as RefSer
    from confluent_kafka.serialization import MessageField as RefField
    from confluent_kafka.serialization import SerializationContext as RefContext
    from fastavro import parse_schema, schemaless_reader, schemaless_writer
    from kafka_core import MessageField, SerializationContext
    from kafka_schema_registry import SchemaRegistryClient
    from kafka_schema_registry.avro import AvroDeserializer, AvroSerializer

    text = json.dumps(AVRO_SCHEMA)
    ctx = SerializationContext("bench", MessageField.VALUE)
    ref_ctx = RefContext("bench", RefField.VALUE)
    ours_client = SchemaRegistryClient({"url": "mock://bench-avro"})
    ser, de = AvroSerializer(ours_client, text), AvroDeserializer(ours_client)
    ref_client = RefClient.new_client({"url": "mock://bench-avro"})
    ref_ser = RefSer(ref_client, text, conf={"subject.name.strategy.type": "TOPIC"})
    ref_de = RefDe(ref_client, conf={"subject.name.strategy.type": "TOPIC"})
    data, ref_data = ser(RECORD, ctx) or b"", ref_ser(RECORD, ref_ctx)
    assert data == ref_data and de(data, ctx) == RECORD == ref_de(ref_data, ref_ctx)
    parsed = parse_schema(AVRO_SCHEMA)
    frame = _framing(1)

    def raw_ser() -> bytes:
        out = io.BytesIO()
        out.write(frame)
        schemaless_writer(out, parsed, RECORD)
        return out.getvalue()

    def raw_de() -> Any:
        buffer = io.BytesIO(data)
        buffer.seek(5)
        return schemaless_reader(buffer, parsed, None)

    return {
        "ours": (lambda: ser(RECORD, ctx), lambda: de(data, ctx)),
        "reference": (lambda: ref_ser(RECORD, ref_ctx), lambda: ref_de(ref_data, ref_ctx)),
        "raw": (raw_ser, raw_de),
    }


def json_cases() -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
    from confluent_kafka.schema_registry.json_schema import JSONDeserializer as RefDe
    from confluent_kafka.schema_registry.json_schema import JSONSerializer as RefSer
    from confluent_kafka.serialization import MessageField as RefField
    from confluent_kafka.serialization import SerializationContext as RefContext
    from jsonschema.validators import validator_for
    from kafka_core import MessageField, SerializationContext
    from kafka_schema_registry import SchemaRegistryClient
    from kafka_schema_registry.json_schema import JSONDeserializer, JSONSerializer

    text = json.dumps(JSON_SCHEMA)
    ctx = SerializationContext("bench", MessageField.VALUE)
    ref_ctx = RefContext("bench", RefField.VALUE)
    ours_client = SchemaRegistryClient({"url": "mock://bench-json"})
    ser, de = JSONSerializer(text, ours_client), JSONDeserializer(None, schema_registry_client=ours_client)
    ref_client = RefClient.new_client({"url": "mock://bench-json"})
    ref_ser = RefSer(text, ref_client, conf={"subject.name.strategy.type": "TOPIC"})
    ref_de = RefDe(None, schema_registry_client=ref_client, conf={"subject.name.strategy.type": "TOPIC"})
    data, ref_data = ser(RECORD, ctx) or b"", ref_ser(RECORD, ref_ctx)
    assert data == ref_data and de(data, ctx) == RECORD == ref_de(ref_data, ref_ctx)
    validator = validator_for(JSON_SCHEMA)(JSON_SCHEMA)
    frame = _framing(1)
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

    def raw_ser() -> bytes:
        validator.validate(RECORD)
        return frame + dumps(RECORD).encode()

    def raw_de() -> Any:
        value = json.loads(data[5:])
        validator.validate(value)
        return value

    cases = {
        "ours": (lambda: ser(RECORD, ctx), lambda: de(data, ctx)),
        "reference": (lambda: ref_ser(RECORD, ref_ctx), lambda: ref_de(ref_data, ref_ctx)),
        "raw": (raw_ser, raw_de),
    }
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return cases
    rs = {"validate.engine": "jsonschema-rs"}
    rs_ser = JSONSerializer(text, ours_client, conf=rs)
    rs_de = JSONDeserializer(None, schema_registry_client=ours_client, conf=rs)
    assert rs_ser(RECORD, ctx) == data and rs_de(data, ctx) == RECORD
    cases["ours-rs"] = (lambda: rs_ser(RECORD, ctx), lambda: rs_de(data, ctx))
    return cases


def protobuf_cases() -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
    from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer as RefDe
    from confluent_kafka.schema_registry.protobuf import ProtobufSerializer as RefSer
    from confluent_kafka.serialization import MessageField as RefField
    from confluent_kafka.serialization import SerializationContext as RefContext
    from kafka_core import MessageField, SerializationContext
    from kafka_schema_registry import SchemaRegistryClient
    from kafka_schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer

    cls, msg = _proto_order()
    ctx = SerializationContext("bench", MessageField.VALUE)
    ref_ctx = RefContext("bench", RefField.VALUE)
    ours_client = SchemaRegistryClient({"url": "mock://bench-proto"})
    ser, de = (
        ProtobufSerializer(cls, ours_client),
        ProtobufDeserializer(cls, schema_registry_client=ours_client),
    )
    ref_client = RefClient.new_client({"url": "mock://bench-proto"})
    ref_ser = RefSer(cls, ref_client, conf={"subject.name.strategy.type": "TOPIC"})
    ref_de = RefDe(cls, schema_registry_client=ref_client, conf={"subject.name.strategy.type": "TOPIC"})
    data, ref_data = ser(msg, ctx) or b"", ref_ser(msg, ref_ctx)
    assert data == ref_data and de(data, ctx) == msg == ref_de(ref_data, ref_ctx)
    frame = _framing(1) + b"\x02\x02"  # bench.Order is the file's second message: index array [1]
    assert data.startswith(frame)

    return {
        "ours": (lambda: ser(msg, ctx), lambda: de(data, ctx)),
        "reference": (lambda: ref_ser(msg, ref_ctx), lambda: ref_de(ref_data, ref_ctx)),
        "raw": (lambda: frame + msg.SerializeToString(), lambda: cls.FromString(data[7:])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="measure each case for about 0.3 s instead of 1.5 s"
    )
    parser.add_argument(
        "--format",
        choices=["avro", "json", "protobuf"],
        action="append",
        help="only these formats (repeatable)",
    )
    args = parser.parse_args()
    seconds = 0.3 if args.quick else 1.5
    formats = {"avro": avro_cases, "json": json_cases, "protobuf": protobuf_cases}
    print(
        f"{'format':9} {'op':12} {'ours msg/s':>12} {'ref msg/s':>12} {'raw msg/s':>12} "
        f"{'ours us':>8} {'ref us':>8} {'raw us':>8} {'ours/ref':>9} {'raw/ours':>9}"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in args.format or list(formats):
            cases = formats[name]()
            for index, op in enumerate(("serialize", "deserialize")):
                ref = _rate(cases["reference"][index], seconds)
                raw = _rate(cases["raw"][index], seconds)
                for variant in [k for k in cases if k.startswith("ours")]:
                    ours = _rate(cases[variant][index], seconds)
                    label = name if variant == "ours" else f"{name}{variant[4:]}"
                    print(
                        f"{label:9} {op:12} {ours:12,.0f} {ref:12,.0f} {raw:12,.0f} {1e6 / ours:8.2f} "
                        f"{1e6 / ref:8.2f} {1e6 / raw:8.2f} {ours / ref:8.2f}x {raw / ours:8.2f}x"
                    )
    print("ours/ref: how many times faster than the reference; raw/ours: our time over the raw library's.")


if __name__ == "__main__":
    main()
