"""The reference client (confluent-kafka's, used here only as a peer) against the in-memory
registry served on a loopback port: the server answers what a real client expects, and the
reference and our client agree on ids, GUIDs, versions and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from confluent_kafka.schema_registry import Metadata as RefMetadata
from confluent_kafka.schema_registry import MetadataProperties as RefMetadataProperties
from confluent_kafka.schema_registry import Schema as RefSchema
from confluent_kafka.schema_registry import SchemaReference as RefSchemaReference
from confluent_kafka.schema_registry import SchemaRegistryClient as RefClient
from confluent_kafka.schema_registry import SchemaRegistryError as RefError
from confluent_kafka.schema_registry import ServerConfig as RefServerConfig
from kafka_schema_registry import Schema, SchemaReference, SchemaRegistryClient
from testsupport.registry_server import RegistryHttpServer

RECORD = '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}'
RECORD_V2 = (
    '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"},'
    ' {"name": "note", "type": "string", "default": ""}]}'
)
LINE = '{"type": "record", "name": "Line", "fields": [{"name": "sku", "type": "string"}]}'
ORDER_WITH_LINE = '{"type": "record", "name": "Order2", "fields": [{"name": "line", "type": "Line"}]}'


@pytest.fixture
def clients(sr_server: RegistryHttpServer) -> Iterator[tuple[RefClient, SchemaRegistryClient]]:
    reference = RefClient({"url": sr_server.url, "max.retries": 0})
    ours = SchemaRegistryClient({"url": sr_server.url, "max.retries": 0})
    yield reference, ours
    reference.close()
    ours.close()


def test_registrations_agree_on_ids_guids_and_versions(
    clients: tuple[RefClient, SchemaRegistryClient],
) -> None:
    reference, ours = clients
    ref_id = reference.register_schema("orders-value", RefSchema(RECORD, "AVRO"))
    assert ours.register_schema("orders-copy-value", Schema(RECORD)) == ref_id
    assert reference.register_schema("orders-value", RefSchema(RECORD_V2, "AVRO")) == ref_id + 1

    ref_latest = reference.get_latest_version("orders-value")
    our_latest = ours.get_latest_version("orders-value")
    assert (ref_latest.schema_id, ref_latest.version, ref_latest.guid) == (
        our_latest.schema_id,
        our_latest.version,
        our_latest.guid,
    )
    assert ref_latest.schema.schema_str == our_latest.schema.schema_str == RECORD_V2
    assert reference.get_schema(ref_id).schema_str == ours.get_schema(ref_id).schema_str == RECORD
    assert reference.get_schema_by_guid(our_latest.guid or "").schema_str == RECORD_V2
    assert reference.get_versions("orders-value") == ours.get_versions("orders-value") == [1, 2]
    assert sorted(reference.get_subjects()) == ours.get_subjects() == ["orders-copy-value", "orders-value"]
    assert reference.get_subjects_by_schema_id(ref_id) == ["orders-copy-value", "orders-value"]
    ref_found = reference.lookup_schema("orders-copy-value", RefSchema(RECORD, "AVRO"))
    assert (ref_found.schema_id, ref_found.version, ref_found.subject) == (ref_id, 1, "orders-copy-value")
    assert [(v.subject, v.version) for v in reference.get_schema_versions(ref_id)] == [
        ("orders-copy-value", 1),
        ("orders-value", 1),
    ]


def test_references_and_referenced_by_read_the_same(clients: tuple[RefClient, SchemaRegistryClient]) -> None:
    reference, ours = clients
    line_id = ours.register_schema("line-value", Schema(LINE))
    order = RefSchema(ORDER_WITH_LINE, "AVRO", [RefSchemaReference("Line", "line-value", 1)])
    order_id = reference.register_schema("order2-value", order)
    assert order_id != line_id
    fetched = ours.get_schema(order_id)
    assert fetched.references == [SchemaReference("Line", "line-value", 1)]
    assert (
        reference.get_referenced_by("line-value", 1) == ours.get_referenced_by("line-value", 1) == [order_id]
    )
    with pytest.raises(RefError) as info:
        reference.delete_subject("line-value")
    assert info.value.error_code == 42206


def test_deletes_and_their_error_codes_read_the_same(clients: tuple[RefClient, SchemaRegistryClient]) -> None:
    reference, ours = clients
    reference.register_schema("d-value", RefSchema(RECORD, "AVRO"))
    reference.register_schema("d-value", RefSchema(RECORD_V2, "AVRO"))
    assert reference.delete_version("d-value", 2) == 2
    assert reference.get_versions("d-value") == [1]
    assert ours.get_version("d-value", 2, deleted=True).version == 2
    with pytest.raises(RefError) as info:
        reference.get_version("d-value", 2)
    assert (info.value.http_status_code, info.value.error_code) == (404, 40402)
    with pytest.raises(RefError) as info:
        reference.delete_subject("d-value", permanent=True)
    assert info.value.error_code == 40405
    assert reference.delete_subject("d-value") == [1]
    assert ours.get_subjects(deleted=True) == ["d-value"]
    assert reference.delete_subject("d-value", permanent=True) == [1, 2]
    with pytest.raises(RefError) as info:
        reference.get_latest_version("d-value")
    assert (info.value.http_status_code, info.value.error_code) == (404, 40401)


def test_config_mode_and_metadata_read_the_same(clients: tuple[RefClient, SchemaRegistryClient]) -> None:
    reference, ours = clients
    assert reference.get_compatibility() == "BACKWARD"
    reference.set_compatibility("c-value", "FULL")
    assert ours.get_compatibility("c-value") == "FULL"
    reference.set_config("c-value", RefServerConfig(compatibility_group="app.major"))
    assert ours.get_config("c-value").compatibility_group == "app.major"
    assert reference.update_mode("c-value", "READONLY") == "READONLY"
    assert ours.get_mode("c-value") == "READONLY"
    with pytest.raises(RefError) as info:
        reference.register_schema("c-value", RefSchema(RECORD, "AVRO"))
    assert info.value.error_code == 42205
    assert reference.delete_mode("c-value") == "READONLY"

    tagged = RefSchema(
        RECORD, "AVRO", metadata=RefMetadata(None, RefMetadataProperties({"owner": "team-a"}), None)
    )
    tagged_id = reference.register_schema("m-value", tagged)
    reference.register_schema("m-value", RefSchema(RECORD_V2, "AVRO"))
    found = reference.get_latest_with_metadata("m-value", {"owner": "team-a"})
    assert found.schema_id == ours.get_latest_with_metadata("m-value", {"owner": "team-a"}).schema_id
    assert ours.get_version("m-value", 2).schema.metadata == ours.get_schema(tagged_id).metadata, (
        "a version without metadata inherits the previous version's"
    )
    assert reference.test_compatibility("m-value", RefSchema(RECORD_V2, "AVRO")) is True
    assert reference.get_contexts() == ["."]
