"""The reference's serde methods on every format's serdes (strategy and validation-rule configuration,
registry ownership, closing, the cluster-id resolver), Protobuf's ``message`` parameter, and the
``confluent.type`` Decimal and Variant conversions compared with the reference's."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from decimal import Decimal
from itertools import count
from typing import Any

import confluent_kafka.schema_registry.avro as ref_avro
import confluent_kafka.schema_registry.json_schema as ref_json
import confluent_kafka.schema_registry.protobuf as ref_protobuf
import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry.common.serde import ValidationRulesExecution
from confluent_kafka.schema_registry.confluent.type import decimal_pb2 as ref_decimal_pb2
from confluent_kafka.schema_registry.confluent.type import variant_pb2 as ref_variant_pb2
from confluent_kafka.schema_registry.confluent.type.variant_utils import Variant as RefVariant
from kafka_core import MessageField, SerializationContext, SerializationError
from kafka_core._cluster_id import share_cluster_id
from kafka_core.plugins import PluginNotFoundError
from kafka_schema_registry import (
    AssociationCreateOrUpdateInfo,
    AssociationCreateOrUpdateRequest,
    AsyncSchemaRegistryClient,
    Schema,
    SchemaRegistryClient,
    avro,
    json_schema,
    protobuf,
)
from kafka_schema_registry._serde import AssociatedNameStrategy, record_subject_name_strategy
from kafka_schema_registry.protobuf import (
    Variant,
    decimal_to_protobuf,
    protobuf_to_decimal,
    protobuf_to_variant,
    variant_to_protobuf,
)
from testsupport.proto_messages import proto_messages

Money = proto_messages().Money
RECORD = json.dumps(
    {"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "int"}]}
)
JSON_SCHEMA = json.dumps({"type": "object", "properties": {"id": {"type": "integer"}}})
CTX = SerializationContext("orders", MessageField.VALUE)
_scopes = count()


def _url() -> str:
    return f"mock://parity-{next(_scopes)}"


# -- the methods exist everywhere, with the reference's signatures ----------------------------------------

SERDES = [
    (avro, ref_avro, "AvroSerializer"),
    (avro, ref_avro, "AvroDeserializer"),
    (avro, ref_avro, "AsyncAvroSerializer"),
    (avro, ref_avro, "AsyncAvroDeserializer"),
    (json_schema, ref_json, "JSONSerializer"),
    (json_schema, ref_json, "JSONDeserializer"),
    (json_schema, ref_json, "AsyncJSONSerializer"),
    (json_schema, ref_json, "AsyncJSONDeserializer"),
    (protobuf, ref_protobuf, "ProtobufSerializer"),
    (protobuf, ref_protobuf, "ProtobufDeserializer"),
    (protobuf, ref_protobuf, "AsyncProtobufSerializer"),
    (protobuf, ref_protobuf, "AsyncProtobufDeserializer"),
]
SYNC_METHODS = ["configure_subject_name_strategy", "configure_validation_rules", "own_schema_registry_client"]
ASYNC_METHODS = [*SYNC_METHODS, "aclose", "set_async_cluster_id_resolver"]


def _parameters(function: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("ours,ref,name", SERDES, ids=[s[2] for s in SERDES])
def test_serde_methods_have_the_reference_signatures(ours: Any, ref: Any, name: str) -> None:
    mine, theirs = getattr(ours, name), getattr(ref, name)
    for method in ASYNC_METHODS if name.startswith("Async") else SYNC_METHODS:
        assert _parameters(getattr(mine, method)) == _parameters(getattr(theirs, method)), method
        assert inspect.iscoroutinefunction(getattr(mine, method)) == inspect.iscoroutinefunction(
            getattr(theirs, method)
        )
    if not name.startswith("Async"):
        assert not hasattr(mine, "aclose") and not hasattr(mine, "set_async_cluster_id_resolver")
    assert _parameters(mine.__call__) == _parameters(theirs.__call__)


# -- configure_subject_name_strategy ------------------------------------------------------------------------


def test_reconfigured_strategy_names_the_next_subject() -> None:
    client = SchemaRegistryClient({"url": _url()})
    serializer = avro.AvroSerializer(client, RECORD)
    serializer({"id": 1}, CTX)
    serializer.configure_subject_name_strategy(subject_name_strategy_type="RECORD")
    serializer({"id": 2}, CTX)  # same topic: the target resolved with the old strategy is forgotten
    serializer.configure_subject_name_strategy(subject_name_strategy=lambda ctx, name: "chosen")
    serializer({"id": 3}, CTX)
    assert sorted(client.get_subjects()) == ["chosen", "orders-value", "shop.Order"]


def test_callable_strategy_wins_over_the_type_and_no_argument_means_associated() -> None:
    serializer = json_schema.JSONSerializer(JSON_SCHEMA, SchemaRegistryClient({"url": _url()}))
    serializer.configure_subject_name_strategy("TOPIC", None, record_subject_name_strategy)
    assert serializer._config.subject_name_strategy is record_subject_name_strategy
    serializer.configure_subject_name_strategy(
        subject_name_strategy_conf={"subject.name.strategy.fallback.type": "RECORD"}
    )
    strategy = serializer._config.subject_name_strategy
    assert isinstance(strategy, AssociatedNameStrategy) and strategy.fallback_name == "RECORD"


def test_reconfigured_strategy_is_used_by_the_deserializer() -> None:
    client = SchemaRegistryClient({"url": _url()})
    data = avro.AvroSerializer(client, RECORD)({"id": 7}, CTX)
    seen: list[Any] = []
    deserializer = avro.AvroDeserializer(client)
    deserializer.configure_subject_name_strategy(
        subject_name_strategy=lambda ctx, name: seen.append(name) or "orders-value"
    )
    assert deserializer(data, CTX) == {"id": 7}
    assert seen  # asked for the subject


@pytest.mark.parametrize(
    "kwargs",
    [
        {"subject_name_strategy_type": "NONE"},
        {"subject_name_strategy": 42},
        {"subject_name_strategy_type": "NO_SUCH_TYPE"},
        {"subject_name_strategy_type": "TOPIC", "subject_name_strategy_conf": "not a dict"},
    ],
)
def test_bad_strategies_raise_value_error_like_the_reference(kwargs: dict[str, Any]) -> None:
    ours = avro.AvroSerializer(SchemaRegistryClient({"url": _url()}), RECORD)
    with pytest.raises(ValueError):
        ours.configure_subject_name_strategy(**kwargs)
    if "subject_name_strategy_conf" not in kwargs:  # the reference does not check the conf's type
        ref = ref_avro.AvroSerializer(RefClient({"url": "mock://parity"}), RECORD)
        with pytest.raises(ValueError):
            ref.configure_subject_name_strategy(**kwargs)


def test_unknown_strategy_names_are_value_errors_that_say_what_to_install() -> None:
    serializer = avro.AvroSerializer(SchemaRegistryClient({"url": _url()}), RECORD)
    with pytest.raises(PluginNotFoundError, match="install"):
        serializer.configure_subject_name_strategy(subject_name_strategy="no_such_plugin")
    with pytest.raises(ValueError, match="no_such_type"):
        avro.AvroDeserializer(None, conf={"subject.name.strategy.type": "no_such_type"})
    with pytest.raises(ValueError):
        ref_avro.AvroDeserializer(None, conf={"subject.name.strategy.type": "no_such_type"})


# -- configure_validation_rules -----------------------------------------------------------------------------


def test_configure_validation_rules_takes_its_keys_out_of_the_conf() -> None:
    serializer = protobuf.ProtobufSerializer(Money, SchemaRegistryClient({"url": _url()}))
    conf = {
        "validation.rules.execution": ValidationRulesExecution.DISABLED,
        "validation.rules.fail.fast": True,
        "validation.rules.executor": None,
        "other": 1,
    }
    serializer.configure_validation_rules(conf)
    assert conf == {"other": 1}
    assert serializer._validation_rules_fail_fast is True
    serializer.configure_validation_rules({})  # all optional


@pytest.mark.parametrize(
    "conf,match",
    [
        ({"validation.rules.execution": "SOMETIMES"}, "must be one of"),
        ({"validation.rules.execution": "disabled"}, "must be one of"),
        ({"validation.rules.fail.fast": "yes"}, "boolean"),
        ({"validation.rules.execution": "BEFORE_DOMAIN_RULES"}, "not supported"),
        ({"validation.rules.execution": ValidationRulesExecution.AFTER_DOMAIN_RULES}, "not supported"),
    ],
)
def test_bad_or_unsupported_validation_rules_raise_value_error(conf: dict[str, Any], match: str) -> None:
    serializer = avro.AvroSerializer(SchemaRegistryClient({"url": _url()}), RECORD)
    with pytest.raises(ValueError, match=match):
        serializer.configure_validation_rules(dict(conf))


@pytest.mark.parametrize(
    "build",
    [
        lambda c, conf: avro.AvroSerializer(c, RECORD, conf=conf),
        lambda c, conf: json_schema.JSONSerializer(JSON_SCHEMA, c, conf=conf),
        lambda c, conf: protobuf.ProtobufSerializer(Money, c, conf=conf),
        lambda c, conf: avro.AsyncAvroSerializer(c, RECORD, conf=conf),
    ],
)
def test_every_serializer_checks_the_validation_keys_at_construction(build: Any) -> None:
    client = SchemaRegistryClient({"url": _url()})
    build(client, {"validation.rules.execution": "DISABLED", "validation.rules.fail.fast": False})
    with pytest.raises(ValueError, match="boolean"):
        build(client, {"validation.rules.fail.fast": 1})


def test_deserializers_reject_validation_keys_like_the_reference() -> None:
    with pytest.raises(ValueError, match=r"validation\.rules\.execution"):
        avro.AvroDeserializer(None, conf={"validation.rules.execution": "DISABLED"})
    with pytest.raises(ValueError, match=r"validation\.rules\.execution"):
        ref_avro.AvroDeserializer(None, conf={"validation.rules.execution": "DISABLED"})


# -- own_schema_registry_client, close and aclose -----------------------------------------------------------


class CountingClient:
    """A registry client that only counts how it was closed."""

    def __init__(self) -> None:
        self.closed = 0
        self.aclosed = 0

    def close(self) -> None:
        self.closed += 1


class AsyncCountingClient:
    def __init__(self) -> None:
        self.aclosed = 0

    async def aclose(self) -> None:
        self.aclosed += 1


def test_close_leaves_a_supplied_client_alone() -> None:
    client = CountingClient()
    avro.AvroSerializer(client, RECORD).close()
    json_schema.JSONDeserializer(JSON_SCHEMA, schema_registry_client=client).close()
    assert client.closed == 0


@pytest.mark.parametrize(
    "build",
    [
        lambda c: avro.AvroSerializer(c, RECORD),
        avro.AvroDeserializer,
        lambda c: json_schema.JSONSerializer(JSON_SCHEMA, c),
        lambda c: json_schema.JSONDeserializer(JSON_SCHEMA, schema_registry_client=c),
        lambda c: protobuf.ProtobufSerializer(Money, c),
        lambda c: protobuf.ProtobufDeserializer(Money, schema_registry_client=c),
    ],
)
def test_close_closes_an_owned_client_once(build: Any) -> None:
    client = CountingClient()
    serde = build(client)
    serde.own_schema_registry_client()
    serde.close()
    serde.close()
    assert client.closed == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda c: avro.AsyncAvroSerializer(c, RECORD),
        avro.AsyncAvroDeserializer,
        lambda c: json_schema.AsyncJSONSerializer(JSON_SCHEMA, c),
        lambda c: json_schema.AsyncJSONDeserializer(JSON_SCHEMA, schema_registry_client=c),
        lambda c: protobuf.AsyncProtobufSerializer(Money, c),
        lambda c: protobuf.AsyncProtobufDeserializer(Money, schema_registry_client=c),
    ],
)
def test_aclose_awaits_an_owned_async_client_once(build: Any) -> None:
    client = AsyncCountingClient()
    serde = build(client)
    serde.close()  # no sync close on an async client: left for aclose
    asyncio.run(serde.aclose())
    assert client.aclosed == 0  # not owned
    serde.own_schema_registry_client()
    serde.close()
    assert client.aclosed == 0
    asyncio.run(serde.aclose())
    asyncio.run(serde.aclose())
    assert client.aclosed == 1


def test_aclose_falls_back_to_a_sync_close_and_closes_a_real_owned_client() -> None:
    sync_client = CountingClient()
    serde = avro.AsyncAvroSerializer(sync_client, RECORD)
    serde.own_schema_registry_client()
    asyncio.run(serde.aclose())
    assert sync_client.closed == 1

    async def run() -> None:
        client = AsyncSchemaRegistryClient({"url": _url()})
        owned = await avro.AsyncAvroSerializer(client, RECORD)
        owned.own_schema_registry_client()
        assert await owned({"id": 1}, CTX) is not None
        await owned.aclose()
        assert client._http.is_closed

    asyncio.run(run())


def test_close_closes_the_rules_even_if_the_client_fails_to_close() -> None:
    class Failing:
        def close(self) -> None:
            raise OSError("boom")

    serde = avro.AvroSerializer(Failing(), RECORD)
    closed: list[bool] = []
    serde._rules.close = lambda: closed.append(True)  # type: ignore[method-assign]
    serde.own_schema_registry_client()
    with pytest.raises(OSError):
        serde.close()
    assert closed == [True]


# -- the cluster-id resolver --------------------------------------------------------------------------------


def _associate(client: SchemaRegistryClient, namespace: str, subject: str) -> None:
    client.register_schema(subject, Schema(RECORD, "AVRO"))
    client.create_association(
        AssociationCreateOrUpdateRequest(
            resource_name="orders",
            resource_namespace=namespace,
            resource_id=f"{namespace}-orders",
            resource_type="topic",
            associations=[AssociationCreateOrUpdateInfo(subject=subject, association_type="value")],
        )
    )


def test_resolved_cluster_id_is_the_association_namespace_and_is_asked_lazily() -> None:
    client = SchemaRegistryClient({"url": _url()})
    _associate(client, "lkc-1", "custom-orders")
    calls: list[int] = []

    def resolver() -> str:
        calls.append(1)
        return "lkc-1"

    serializer = avro.AvroSerializer(client, RECORD, conf={"auto.register.schemas": False})
    serializer.set_cluster_id_resolver(resolver)
    assert calls == []
    data = serializer({"id": 1}, CTX)
    serializer({"id": 2}, CTX)
    assert calls == [1]  # once: the subject is cached
    assert data is not None and data[1:5] == (1).to_bytes(4, "big")  # custom-orders' schema


def test_producer_hands_the_serializer_a_resolver_of_its_cluster_id() -> None:
    class Producer:
        def cluster_id(self, timeout: float) -> str:
            return "lkc-2"

    client = SchemaRegistryClient({"url": _url()})
    _associate(client, "lkc-2", "by-cluster")
    serializer = json_schema.JSONSerializer(
        JSON_SCHEMA, client, conf={"auto.register.schemas": False, "use.latest.version": True}
    )
    client.register_schema("by-cluster", Schema(JSON_SCHEMA, "JSON"))
    share_cluster_id(Producer(), serializer)
    assert serializer({"id": 1}, CTX) is not None


def test_configured_cluster_id_wins_over_the_resolver() -> None:
    client = SchemaRegistryClient({"url": _url()})
    _associate(client, "lkc-conf", "configured")
    serializer = avro.AvroSerializer(
        client,
        RECORD,
        conf={
            "auto.register.schemas": False,
            "subject.name.strategy.conf": {"subject.name.strategy.kafka.cluster.id": "lkc-conf"},
        },
    )
    serializer.set_cluster_id_resolver(lambda: pytest.fail("the resolver must not be called"))
    assert serializer({"id": 1}, CTX) is not None


def test_resolver_is_ignored_by_other_strategies() -> None:
    client = SchemaRegistryClient({"url": _url()})
    serializer = avro.AvroSerializer(client, RECORD, conf={"subject.name.strategy.type": "TOPIC"})
    serializer.set_cluster_id_resolver(lambda: pytest.fail("the resolver must not be called"))
    serializer({"id": 1}, CTX)
    assert client.get_subjects() == ["orders-value"]


@pytest.mark.parametrize("answer", [None, "", RuntimeError("no broker yet")])
def test_resolver_failure_raises_serialization_error_and_is_retried(answer: Any) -> None:
    client = SchemaRegistryClient({"url": _url()})
    answers: list[Any] = [answer, "-"]

    def resolver() -> Any:
        found = answers.pop(0)
        if isinstance(found, Exception):
            raise found
        return found

    serializer = avro.AvroSerializer(client, RECORD)
    serializer.set_cluster_id_resolver(resolver)
    with pytest.raises(SerializationError, match="cluster id"):
        serializer({"id": 1}, CTX)
    assert serializer({"id": 1}, CTX) is not None  # tried again: "-" has no association, topic fallback
    assert client.get_subjects() == ["orders-value"]


def test_async_resolver_is_awaited_by_async_serdes() -> None:
    url = _url()
    sync_client = SchemaRegistryClient({"url": url})
    _associate(sync_client, "lkc-a", "async-orders")
    data = avro.AvroSerializer(sync_client, RECORD, conf={"auto.register.schemas": False})
    data.set_cluster_id_resolver(lambda: "lkc-a")
    awaited: list[int] = []

    async def resolver() -> str:
        awaited.append(1)
        return "lkc-a"

    async def run() -> tuple[bytes | None, Any]:
        async with AsyncSchemaRegistryClient({"url": url}) as client:
            serializer = avro.AsyncAvroSerializer(client, RECORD, conf={"auto.register.schemas": False})
            serializer.set_async_cluster_id_resolver(resolver)
            written = await serializer({"id": 5}, CTX)
            deserializer = avro.AsyncAvroDeserializer(client, conf={"use.latest.version": True})
            deserializer.set_async_cluster_id_resolver(resolver)
            return written, await deserializer(written, CTX)

    written, back = asyncio.run(run())
    assert awaited == [1, 1]
    assert written == data({"id": 5}, CTX) and back == {"id": 5}


# -- Protobuf's __call__ takes ``message`` -------------------------------------------------------------------


def test_protobuf_serializers_take_message_by_name_and_by_position() -> None:
    client = SchemaRegistryClient({"url": _url()})
    money = Money(units=3, currency="EUR")
    serializer = protobuf.ProtobufSerializer(Money, client)
    by_position = serializer(money, CTX)
    assert serializer(message=money, ctx=CTX) == by_position
    other = SerializationContext("refunds", MessageField.VALUE)
    assert serializer(message=money, ctx=other) is not None  # the slow path too

    async def run() -> tuple[bytes | None, bytes | None, bytes | None]:
        async_serializer = protobuf.AsyncProtobufSerializer(Money, client)
        first = await async_serializer(message=money, ctx=CTX)
        return first, await async_serializer(money, CTX), await async_serializer(None, CTX)

    assert asyncio.run(run()) == (by_position, by_position, None)


def test_async_protobuf_serializer_explains_a_wrong_message() -> None:
    async def run() -> None:
        serializer = protobuf.AsyncProtobufSerializer(Money, SchemaRegistryClient({"url": _url()}))
        await serializer(Money(units=1), CTX)
        with pytest.raises(SerializationError, match="expected a"):
            await serializer(message=proto_messages().Refund(), ctx=CTX)

    asyncio.run(run())


# -- confluent.type.Decimal ---------------------------------------------------------------------------------

DECIMALS = [
    ("0", 0),
    ("0", 5),
    ("-0", 2),
    ("0E+5", 0),
    ("0.000", -10),
    ("1", 0),
    ("1.50", 1),
    ("1.5", 3),
    ("-1.5", 3),
    ("12.345", 5),
    ("1000", -3),
    ("1E+3", 0),
    ("-128", 0),
    ("127", 0),
    ("128", 0),
    ("-129", 0),
    ("255", 0),
    ("-32768", 0),
    ("32768", 0),
    ("123456789012345678901234567890.123456789", 9),
    ("-98765432109876543210987654321098765432.1", 12),
    ("1", 4300),
    ("0", -(10**9)),
    ("0", -(2**31)),
    ("1", 10**4),
    ("3.14159", 5),
]


def _ref_decimal(value: str, scale: int) -> Any:
    return ref_protobuf.decimal_to_protobuf(Decimal(value), scale)


@pytest.mark.parametrize("value,scale", DECIMALS)
def test_decimal_to_protobuf_matches_the_reference(value: str, scale: int) -> None:
    ours = decimal_to_protobuf(Decimal(value), scale)
    theirs = _ref_decimal(value, scale)
    assert ours.DESCRIPTOR.full_name == "confluent.type.Decimal"
    assert (ours.value, ours.precision, ours.scale) == (theirs.value, theirs.precision, theirs.scale)
    assert ours.SerializeToString() == theirs.SerializeToString()
    assert protobuf_to_decimal(ours) == ref_protobuf.protobuf_to_decimal(theirs) == Decimal(value)


@pytest.mark.parametrize(
    "value,scale",
    [
        ("1.55", 1),  # would round
        ("1E-5", 2),
        ("1000", -4),
        ("1", -1),
        ("-7", -5),
        ("1", 10**9),  # wider than a Java BigInteger
        ("0", 2**31 - 1),
        ("0", -(2**31) - 1),  # outside int32
    ],
)
def test_decimal_to_protobuf_refuses_what_the_reference_refuses(value: str, scale: int) -> None:
    with pytest.raises(ValueError):
        _ref_decimal(value, scale)
    with pytest.raises(ValueError):
        decimal_to_protobuf(Decimal(value), scale)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_decimal_to_protobuf_refuses_non_finite_values(value: str) -> None:
    # The reference fails with a TypeError from its arithmetic; ours says why, as a ValueError.
    with pytest.raises(TypeError):
        _ref_decimal(value, 2)
    with pytest.raises(ValueError, match="non-finite"):
        decimal_to_protobuf(Decimal(value), 2)


@pytest.mark.parametrize(
    "raw,precision,scale",
    [
        (b"", 0, 0),
        (b"", 0, 7),
        (b"\x00", 1, 0),
        (b"\xff", 1, 0),
        (b"\x80", 3, 2),
        (b"\x00\x80", 3, -2),
        (b"\x7f" + b"\xff" * 40, 3, 30),  # precision is not applied
        (b"\x01", 1, 2**31 - 1),
        (b"\x01", 1, -(2**31)),
        (b"\xfe\xdc\xba\x98\x76\x54\x32\x10", 19, 4),
    ],
)
def test_protobuf_to_decimal_matches_the_reference(raw: bytes, precision: int, scale: int) -> None:
    theirs = ref_decimal_pb2.Decimal(value=raw, precision=precision, scale=scale)
    ours = decimal_to_protobuf(Decimal(1), 0).__class__(value=raw, precision=precision, scale=scale)
    expected = ref_protobuf.protobuf_to_decimal(theirs)
    for message in (theirs, ours):
        found = protobuf_to_decimal(message)
        assert found == expected and str(found) == str(expected)


def test_decimal_messages_are_one_type_with_generated_code() -> None:
    ours = decimal_to_protobuf(Decimal("2.5"), 1)
    assert isinstance(ours, ref_decimal_pb2.Decimal)
    assert ref_decimal_pb2.Decimal.FromString(ours.SerializeToString()) == ours


# -- confluent.type.Variant ---------------------------------------------------------------------------------

METADATA = bytes([0x01, 0x01, 0x00, 0x01]) + b"a"  # version 1, one key "a"
# {"a": 5}: object header, one field, id 0, offsets [0, 2], then int8 5
OBJECT_VALUE = bytes([0x02, 0x01, 0x00, 0x00, 0x02, 0x0C, 0x05])


@pytest.mark.parametrize(
    "value,pos",
    [(bytes([0x0C, 0x05]), 0), (bytes([0x00]), 0), (OBJECT_VALUE, 0), (OBJECT_VALUE, 5), (b"", 0)],
)
def test_variant_conversions_match_the_reference(value: bytes, pos: int) -> None:
    theirs = RefVariant(value, METADATA, pos)
    ours = Variant(value, METADATA, pos)
    expected = ref_protobuf.variant_to_protobuf(theirs)
    for variant in (theirs, ours):
        message = variant_to_protobuf(variant)
        assert message.DESCRIPTOR.full_name == "confluent.type.Variant"
        assert message.SerializeToString() == expected.SerializeToString()
    back, ref_back = protobuf_to_variant(expected), ref_protobuf.protobuf_to_variant(expected)
    assert (back.value, back.metadata, back.pos) == (ref_back.value, ref_back.metadata, ref_back.pos)
    assert back == ours.__class__(ours.standalone_value_bytes(), METADATA)
    assert back.standalone_value_bytes() == ref_back.standalone_value_bytes()
    assert isinstance(variant_to_protobuf(ours), ref_variant_pb2.Variant)


@pytest.mark.parametrize("metadata", [b"", b"\x02\x00\x00", b"\x00"])
def test_protobuf_to_variant_refuses_bad_metadata_like_the_reference(metadata: bytes) -> None:
    message = ref_variant_pb2.Variant(metadata=metadata, value=b"\x00")
    with pytest.raises(ValueError):
        ref_protobuf.protobuf_to_variant(message)
    with pytest.raises(ValueError):
        protobuf_to_variant(message)


def test_variant_equality_is_over_the_encoding_from_the_position() -> None:
    whole = Variant(OBJECT_VALUE, METADATA)
    field = Variant(OBJECT_VALUE, METADATA, 5)
    assert field == Variant(bytes([0x0C, 0x05]), METADATA)
    assert hash(field) == hash(Variant(bytes([0x0C, 0x05]), METADATA))
    assert whole != field and whole != Variant(OBJECT_VALUE, b"\x01\x00\x00")
    assert (whole == "x") is False
