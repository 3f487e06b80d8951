"""kafka-core: the native Kafka client's types, the serialization contract,
the serializing clients and the plugin host.

``import kafka_core`` loads only the native extension and this package's own
small modules; serdes, schema formats and rules are plugins found on first use.
"""

from __future__ import annotations

from .__about__ import __version__
from ._deserializing_consumer import DeserializingConsumer
from ._errors import (
    ConsumeError,
    KafkaError,
    KafkaException,
    KeyDeserializationError,
    KeySerializationError,
    ProduceError,
    SerializationError,
    ValueDeserializationError,
    ValueSerializationError,
)
from ._native import cimpl as _cimpl
from ._serialization import Deserializer, MessageField, SerializationContext, Serializer
from ._serializing_producer import SerializingProducer

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "OFFSET_BEGINNING",
    "OFFSET_END",
    "OFFSET_INVALID",
    "OFFSET_STORED",
    "TIMESTAMP_CREATE_TIME",
    "TIMESTAMP_LOG_APPEND_TIME",
    "TIMESTAMP_NOT_AVAILABLE",
    "ConsumeError",
    "Consumer",
    "ConsumerGroupState",
    "ConsumerGroupTopicPartitions",
    "ConsumerGroupType",
    "Deserializer",
    "DeserializingConsumer",
    "ElectionType",
    "IsolationLevel",
    "KafkaError",
    "KafkaException",
    "KeyDeserializationError",
    "KeySerializationError",
    "Message",
    "MessageField",
    "Node",
    "ProduceError",
    "Producer",
    "SerializationContext",
    "SerializationError",
    "Serializer",
    "SerializingProducer",
    "ThrottleEvent",
    "TopicCollection",
    "TopicPartition",
    "TopicPartitionInfo",
    "Uuid",
    "ValueDeserializationError",
    "ValueSerializationError",
    "__version__",
    "consistent",
    "fnv1a",
    "libversion",
    "murmur2",
    "version",
]

Producer = _cimpl.Producer
Consumer = _cimpl.Consumer
Message = _cimpl.Message
TopicPartition = _cimpl.TopicPartition
Uuid = _cimpl.Uuid
OFFSET_BEGINNING: int = _cimpl.OFFSET_BEGINNING
OFFSET_END: int = _cimpl.OFFSET_END
OFFSET_STORED: int = _cimpl.OFFSET_STORED
OFFSET_INVALID: int = _cimpl.OFFSET_INVALID
TIMESTAMP_NOT_AVAILABLE: int = _cimpl.TIMESTAMP_NOT_AVAILABLE
TIMESTAMP_CREATE_TIME: int = _cimpl.TIMESTAMP_CREATE_TIME
TIMESTAMP_LOG_APPEND_TIME: int = _cimpl.TIMESTAMP_LOG_APPEND_TIME
version = _cimpl.version
libversion = _cimpl.libversion
murmur2 = _cimpl.murmur2
consistent = _cimpl.consistent
fnv1a = _cimpl.fnv1a

# Pure-Python model types of the native layer, loaded on first access: they are
# what the native admin calls return, so we hand out the very same classes.
_MODEL_TYPES = {
    "Node", "ConsumerGroupTopicPartitions", "ConsumerGroupState", "ConsumerGroupType",
    "TopicCollection", "TopicPartitionInfo", "IsolationLevel", "ElectionType",
}


def __getattr__(name: str) -> Any:
    if name in _MODEL_TYPES:
        from ._native import load_submodule

        value = getattr(load_submodule("_model"), name)
    elif name == "ThrottleEvent":
        # Defined in confluent_kafka's package module, which the native
        # throttle callback instantiates; importing it loads that package.
        import confluent_kafka

        value = confluent_kafka.ThrottleEvent
    else:
        raise AttributeError(f"module 'kafka_core' has no attribute {name!r}")
    globals()[name] = value
    return value
