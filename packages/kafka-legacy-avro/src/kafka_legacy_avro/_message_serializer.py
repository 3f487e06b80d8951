"""``MessageSerializer``: encodes and decodes framed Avro records through a legacy registry client."""

from __future__ import annotations

from typing import Any

from ._codec import HEADER_SIZE, MAGIC_BYTE, AvroReader, AvroWriter, unpack_header
from ._errors import ClientError, KeySerializerError, SerializerError, ValueSerializerError
from ._schema import AvroSchema, to_schema

__all__ = ["MessageSerializer"]

_MAX_CACHED = 4096


class MessageSerializer:
    """Encodes records with magic byte 0 and a 4-byte schema id, and decodes them.

    ``registry_client`` is a :class:`CachedSchemaRegistryClient` (or an object
    with its ``register``, ``check_registration``, ``get_by_id`` and
    ``auto_register_schemas``). ``reader_key_schema`` / ``reader_value_schema``
    are the schemas to decode keys / values into (schema evolution); ``None``
    decodes with the writer's schema.
    """

    def __init__(
        self, registry_client: Any, reader_key_schema: Any = None, reader_value_schema: Any = None
    ) -> None:
        self.registry_client = registry_client
        self.reader_key_schema = (
            None if reader_key_schema is None else to_schema(reader_key_schema, "reader_key_schema")
        )
        self.reader_value_schema = (
            None if reader_value_schema is None else to_schema(reader_value_schema, "reader_value_schema")
        )
        self._writers: dict[int, AvroWriter] = {}
        self._readers: dict[tuple[int, bool], AvroReader] = {}

    def encode_record_with_schema(self, topic: str, schema: Any, record: Any, is_key: bool = False) -> bytes:
        """Register ``schema`` under ``<topic>-key`` / ``-value`` (or check it is) and encode ``record``.

        Raises KeySerializerError / ValueSerializerError naming the subject, or the fields that do not match.
        """
        error = KeySerializerError if is_key else ValueSerializerError
        subject = f"{topic}-key" if is_key else f"{topic}-value"
        try:
            parsed = to_schema(schema, "key_schema" if is_key else "value_schema")
            if self.registry_client.auto_register_schemas:
                schema_id = self.registry_client.register(subject, parsed)
            else:
                schema_id = self.registry_client.check_registration(subject, parsed)
        except (ClientError, TypeError) as exc:
            raise error(f"subject {subject!r}: cannot get a schema id: {exc}") from exc
        if not schema_id:
            raise error(f"Unable to retrieve schema id for subject {subject!r}")
        writer = self._writers.get(schema_id)
        if writer is None:
            writer = self._writer(schema_id, parsed)
        try:
            return writer.write(record)
        except ValueError as exc:
            raise error(f"subject {subject!r}: {exc}") from exc

    def encode_record_with_schema_id(self, schema_id: int, record: Any, is_key: bool = False) -> bytes:
        """Encode ``record`` with the registered schema ``schema_id``.

        Raises KeySerializerError / ValueSerializerError for an unknown schema or a record not matching it.
        """
        error = KeySerializerError if is_key else ValueSerializerError
        writer = self._writers.get(schema_id)
        if writer is None:
            try:
                schema = self.registry_client.get_by_id(schema_id)
            except ClientError as exc:
                raise error(f"cannot fetch schema id {schema_id}: {exc}") from exc
            if schema is None:
                raise error(f"Schema does not exist: no schema with id {schema_id}")
            writer = self._writer(schema_id, schema)
        try:
            return writer.write(record)
        except ValueError as exc:
            raise error(str(exc)) from exc

    def _writer(self, schema_id: int, schema: AvroSchema) -> AvroWriter:
        try:
            writer = AvroWriter(schema, schema_id)
        except Exception as exc:
            raise SerializerError(f"schema id {schema_id} does not compile: {exc}") from exc
        if len(self._writers) >= _MAX_CACHED:
            self._writers.clear()
        self._writers[schema_id] = writer
        return writer

    def decode_message(self, message: bytes | None, is_key: bool = False) -> Any:
        """Decode a framed record (``None`` stays ``None``); raises SerializerError saying why it cannot."""
        if message is None:
            return None
        if len(message) < HEADER_SIZE:
            raise SerializerError(
                f"message is too small to decode: {len(message)} bytes, the header alone is 5"
            )
        magic, schema_id = unpack_header(message)
        if magic != MAGIC_BYTE:
            raise SerializerError(f"message does not start with magic byte {MAGIC_BYTE} (got {magic})")
        reader = self._readers.get((schema_id, is_key))
        if reader is None:
            reader = self._reader(schema_id, is_key)
        try:
            return reader.read(message)
        except ValueError as exc:
            raise SerializerError(str(exc)) from exc

    def _reader(self, schema_id: int, is_key: bool) -> AvroReader:
        try:
            writer = self.registry_client.get_by_id(schema_id)
        except ClientError as exc:
            raise SerializerError(f"unable to fetch schema with id {schema_id}: {exc}") from exc
        if writer is None:
            raise SerializerError(f"unable to fetch schema with id {schema_id}")
        reader_schema = self.reader_key_schema if is_key else self.reader_value_schema
        try:
            reader = AvroReader(writer, reader_schema, schema_id)
        except Exception as exc:
            raise SerializerError(f"schema id {schema_id} does not compile: {exc}") from exc
        if len(self._readers) >= _MAX_CACHED:
            self._readers.clear()
        self._readers[schema_id, is_key] = reader
        return reader
