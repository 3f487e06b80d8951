"""kafka-legacy-avro: the deprecated AvroProducer, AvroConsumer and CachedSchemaRegistryClient.

Code written for the reference client's ``confluent_kafka.avro`` runs on this
package by changing its imports. Importing it emits one DeprecationWarning:
move to ``kafka_core.SerializingProducer`` / ``DeserializingConsumer`` with
``kafka_schema_registry.avro.AvroSerializer`` / ``AvroDeserializer`` (see
docs/migration_legacy_avro.rst).
"""

from __future__ import annotations

from ._deprecation import warn_deprecated

warn_deprecated()

from .__about__ import __version__  # noqa: E402
from ._consumer import AvroConsumer  # noqa: E402
from ._errors import ClientError, KeySerializerError, SerializerError, ValueSerializerError  # noqa: E402
from ._message_serializer import MessageSerializer  # noqa: E402
from ._producer import AvroProducer  # noqa: E402
from ._registry_client import CachedSchemaRegistryClient  # noqa: E402
from ._schema import AvroField, AvroSchema, load, loads  # noqa: E402

__all__ = [
    "AvroConsumer",
    "AvroField",
    "AvroProducer",
    "AvroSchema",
    "CachedSchemaRegistryClient",
    "ClientError",
    "KeySerializerError",
    "MessageSerializer",
    "SerializerError",
    "ValueSerializerError",
    "__version__",
    "load",
    "loads",
]
