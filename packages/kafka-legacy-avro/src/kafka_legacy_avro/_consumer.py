"""``AvroConsumer``: a Consumer whose ``poll`` decodes Avro keys and values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kafka_core import Consumer

from ._errors import SerializerError
from ._legacy_config import split_config
from ._message_serializer import MessageSerializer
from ._schema import AvroSchema, to_schema

__all__ = ["AvroConsumer"]

_poll = Consumer.poll


class AvroConsumer(Consumer):
    """A Consumer whose ``poll`` returns messages with their Avro key and value decoded.

    ``config`` is the consumer's configuration plus the ``schema.registry.*``
    keys, which go to the registry client; or pass ``schema_registry`` (a
    :class:`CachedSchemaRegistryClient`) instead of ``schema.registry.url``.
    ``reader_key_schema`` / ``reader_value_schema`` are the schemas to decode
    into (schema evolution); ``None`` decodes with the writer's schema.
    ``kwargs`` go to ``Consumer``. Only ``poll`` decodes (``consume`` returns
    raw messages), as in the legacy client. ``close()`` also closes the
    registry client built from ``config``.
    """

    def __init__(
        self,
        config: Mapping[str, Any],
        schema_registry: Any = None,
        reader_key_schema: AvroSchema | str | None = None,
        reader_value_schema: AvroSchema | str | None = None,
        **kwargs: Any,
    ) -> None:
        key_schema = None if reader_key_schema is None else to_schema(reader_key_schema, "reader_key_schema")
        value_schema = (
            None if reader_value_schema is None else to_schema(reader_value_schema, "reader_value_schema")
        )
        kafka_conf, registry = split_config(config, schema_registry)
        self._serializer = MessageSerializer(registry, key_schema, value_schema)
        self._owned_registry = registry if schema_registry is None else None
        try:
            super().__init__(kafka_conf, **kwargs)
        except BaseException:
            self._close_registry()
            raise

    def close(self) -> None:
        """Close the consumer (the native ``close``), then the registry client it created from ``config``."""
        try:
            super().close()
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

    def poll(self, timeout: float | None = None) -> Any:
        """The next message or event (``None`` when ``timeout`` seconds pass; default: wait forever).

        A message without error comes back with its key and value decoded
        (``None`` stays ``None``). A key or value that cannot be decoded raises
        SerializerError naming the message's topic, partition and offset; the
        next ``poll`` goes on with the message after it.
        """
        message = _poll(self, -1 if timeout is None else timeout)
        if message is None or message.error() is not None:
            return message
        decode = self._serializer.decode_message
        try:
            value = message.value()
            if value is not None:
                message.set_value(decode(value, is_key=False))
            key = message.key()
            if key is not None:
                message.set_key(decode(key, is_key=True))
        except SerializerError as exc:
            raise SerializerError(
                f"Message deserialization failed for message at {message.topic()} [{message.partition()}] "
                f"offset {message.offset()}: {exc}"
            ) from exc
        return message
