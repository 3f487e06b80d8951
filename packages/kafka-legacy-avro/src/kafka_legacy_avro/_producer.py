"""``AvroProducer``: a Producer that registers Avro schemas and encodes keys and values with them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kafka_core import Producer

from ._errors import ClientError, KeySerializerError, ValueSerializerError
from ._legacy_config import split_config
from ._message_serializer import MessageSerializer
from ._schema import AvroSchema, to_schema

__all__ = ["AvroProducer"]

_produce = Producer.produce


class AvroProducer(Producer):
    """A Producer whose ``produce`` encodes keys and values with Avro schemas registered in Schema Registry.

    ``config`` is the producer's configuration plus the ``schema.registry.*``
    keys (``schema.registry.url``, ...), which go to the registry client; or
    pass ``schema_registry`` (a :class:`CachedSchemaRegistryClient`) instead
    of ``schema.registry.url``. ``default_key_schema`` / ``default_value_schema``
    are used when ``produce`` is given none. ``kwargs`` go to ``Producer``.
    ``close()`` also closes the registry client built from ``config``.
    """

    def __init__(
        self,
        config: Mapping[str, Any],
        default_key_schema: AvroSchema | str | None = None,
        default_value_schema: AvroSchema | str | None = None,
        schema_registry: Any = None,
        **kwargs: Any,
    ) -> None:
        self._key_schema = (
            None if default_key_schema is None else to_schema(default_key_schema, "default_key_schema")
        )
        self._value_schema = (
            None if default_value_schema is None else to_schema(default_value_schema, "default_value_schema")
        )
        kafka_conf, registry = split_config(config, schema_registry)
        self._serializer = MessageSerializer(registry)
        self._owned_registry = registry if schema_registry is None else None
        try:
            super().__init__(kafka_conf, **kwargs)
        except BaseException:
            self._close_registry()
            raise

    def close(self) -> bool:
        """Close the producer (the native ``close``), then the registry client it created from ``config``."""
        try:
            return super().close()
        finally:
            self._close_registry()

    def __exit__(self, exc_type: Any, exc_value: Any, exc_traceback: Any) -> Any:
        try:
            return super().__exit__(exc_type, exc_value, exc_traceback)
        finally:
            self._close_registry()

    def _close_registry(self) -> None:
        owned, self._owned_registry = self._owned_registry, None
        if owned is not None:
            owned.close()

    def produce(  # type: ignore[override]  # keyword arguments only, as the legacy AvroProducer
        self,
        *,
        topic: str | None = None,
        value: Any = None,
        value_schema: AvroSchema | str | None = None,
        key: Any = None,
        key_schema: AvroSchema | str | None = None,
        partition: int = -1,
        on_delivery: Callable[[Any, Any], None] | None = None,
        callback: Callable[[Any, Any], None] | None = None,
        timestamp: int = 0,
        headers: Any = None,
    ) -> None:
        """Encode ``value`` and ``key`` (``None`` stays ``None``) and produce them to ``topic``.

        Schemas default to the constructor's. Raises ClientError without a topic,
        ValueSerializerError / KeySerializerError when a schema is missing, cannot
        be registered or does not match the datum (nothing is sent), BufferError
        when the local queue is full, KafkaException for other produce failures.
        """
        if not topic:
            raise ClientError("Topic name not specified.")
        serializer = self._serializer
        if value is not None:
            schema = self._value_schema if value_schema is None else value_schema
            if schema is None:
                raise ValueSerializerError(f"Avro schema required for values (topic {topic!r})")
            value = serializer.encode_record_with_schema(topic, schema, value, False)
        if key is not None:
            schema = self._key_schema if key_schema is None else key_schema
            if schema is None:
                raise KeySerializerError(f"Avro schema required for key (topic {topic!r})")
            key = serializer.encode_record_with_schema(topic, schema, key, True)
        if on_delivery is None:
            on_delivery = callback
        if headers is None and not timestamp:
            _produce(self, topic, value, key, partition, on_delivery)
        else:
            _produce(self, topic, value, key, partition, on_delivery, timestamp=timestamp, headers=headers)
