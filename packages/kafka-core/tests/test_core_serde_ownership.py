"""Serdes the serializing clients build from plugin names are theirs to close; objects given are not.

Also: serdes that ask for it get a resolver of the client's cluster id, called only when needed.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from kafka_core import Deserializer, DeserializingConsumer, Serializer, SerializingProducer
from kafka_core.plugins import default_registry, hookimpl

closed_log: list[str] = []


class ClosingSerializer(Serializer):
    PLUGIN_NAME = f"core-test-closing-{uuid.uuid4().hex[:8]}"

    def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
        return None if obj is None else str(obj).encode()

    def close(self) -> None:
        closed_log.append(f"serializer {id(self)}")


class ClosingDeserializer(Deserializer):
    PLUGIN_NAME = ClosingSerializer.PLUGIN_NAME

    def __call__(self, value: bytes | None, ctx: Any = None) -> Any:
        return value

    def close(self) -> None:
        closed_log.append(f"deserializer {id(self)}")


class _Plugin:
    @hookimpl
    def kafka_serializers(self) -> list[type]:
        return [ClosingSerializer]

    @hookimpl
    def kafka_deserializers(self) -> list[type]:
        return [ClosingDeserializer]


@pytest.fixture(scope="module", autouse=True)
def _registered() -> None:
    default_registry().register(_Plugin(), distribution="kafka-core-tests")


def test_producer_closes_the_serializer_it_built_and_not_the_one_it_was_given(mock_bootstrap: str) -> None:
    given = ClosingSerializer()
    producer = SerializingProducer({"bootstrap.servers": mock_bootstrap, "key.serializer": given,
                                    "value.serializer": ClosingSerializer.PLUGIN_NAME})
    built = producer._serdes.value
    closed_log.clear()
    producer.close()
    producer.close()  # a second close closes nothing again
    assert closed_log == [f"serializer {id(built)}"]


def test_consumer_closes_the_deserializer_it_built_and_not_the_one_it_was_given(mock_bootstrap: str) -> None:
    given = ClosingDeserializer()
    consumer = DeserializingConsumer({"bootstrap.servers": mock_bootstrap, "group.id": uuid.uuid4().hex,
                                      "key.deserializer": ClosingDeserializer.PLUGIN_NAME,
                                      "value.deserializer": given})
    built = consumer._serdes.key
    closed_log.clear()
    consumer.close()
    assert closed_log == [f"deserializer {id(built)}"]


def test_a_serde_asking_for_the_cluster_id_gets_a_resolver_that_answers_when_called(
        mock_bootstrap: str) -> None:
    resolvers: list[Any] = []

    class WantsClusterId(Serializer):
        def __call__(self, obj: Any, ctx: Any = None) -> bytes | None:
            return None

        def set_cluster_id_resolver(self, resolver: Any) -> None:
            resolvers.append(resolver)

    producer = SerializingProducer({"bootstrap.servers": mock_bootstrap,
                                    "value.serializer": WantsClusterId()})
    assert len(resolvers) == 1
    cluster_id = resolvers[0]()
    assert isinstance(cluster_id, str) and cluster_id
    assert cluster_id == producer.cluster_id(timeout=10)
    assert resolvers[0]() == cluster_id  # kept once known
    producer.close()


def test_leaving_a_with_block_closes_like_close(mock_bootstrap: str) -> None:
    # The native __exit__ would close the native client only; ours goes through close().
    closed_log.clear()
    with SerializingProducer({"bootstrap.servers": mock_bootstrap,
                              "value.serializer": ClosingSerializer.PLUGIN_NAME}) as producer:
        built_serializer = producer._serdes.value
    with DeserializingConsumer({"bootstrap.servers": mock_bootstrap, "group.id": uuid.uuid4().hex,
                                "value.deserializer": ClosingDeserializer.PLUGIN_NAME}) as consumer:
        built_deserializer = consumer._serdes.value
    assert closed_log == [f"serializer {id(built_serializer)}", f"deserializer {id(built_deserializer)}"]
