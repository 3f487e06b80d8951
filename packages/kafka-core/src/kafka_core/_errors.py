"""Errors raised by the serializing clients and by serdes.

``SerializationError`` is what a serializer or deserializer raises when it
cannot handle its input. The serializing clients wrap it (or any other
exception a serde raises) in the Key/Value variants, which also carry the
native ``KafkaError`` code, so one ``except KafkaException`` catches all.
"""

from __future__ import annotations

from ._native import cimpl

TYPE_CHECKING = False  # typing is not imported at run time: `import kafka_core` stays cheap
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "ConsumeError",
    "KafkaError",
    "KafkaException",
    "KeyDeserializationError",
    "KeySerializationError",
    "ProduceError",
    "SerializationError",
    "ValueDeserializationError",
    "ValueSerializationError",
]

KafkaError = cimpl.KafkaError
KafkaException = cimpl.KafkaException


class SerializationError(KafkaException):  # type: ignore[misc,valid-type]
    """A serializer or deserializer could not handle its input; the message says why and where."""


def _where(message: Any) -> str:
    if message is None:
        return ""
    return f" (topic {message.topic()!r} partition {message.partition()} offset {message.offset()})"


class _ClientError(KafkaException):  # type: ignore[misc,valid-type]
    """A failed produce or consume step, carrying the native error and the cause."""

    def __init__(self, kafka_error: Any, exception: BaseException | None = None,
                 kafka_message: Any = None) -> None:
        super().__init__(kafka_error)
        #: The exception that caused this error, if any (e.g. the serde's).
        self.exception = exception
        #: The message concerned, raw as received (key and value bytes untouched).
        self.kafka_message = kafka_message

    @property
    def code(self) -> int:
        """The ``KafkaError`` code."""
        return int(self.args[0].code())

    @property
    def name(self) -> str:
        """The ``KafkaError`` code's name."""
        return str(self.args[0].name())


class ConsumeError(_ClientError):
    """A message could not be consumed; ``kafka_message`` holds it as received."""


class ProduceError(_ClientError):
    """A message could not be produced."""

    def __init__(self, kafka_error: Any, exception: BaseException | None = None) -> None:
        # No kafka_message: a record that failed to produce never became a Message.
        super().__init__(kafka_error, exception=exception)


class KeyDeserializationError(ConsumeError, SerializationError):
    """The key of ``kafka_message`` could not be deserialized; the message itself is intact."""

    def __init__(self, exception: BaseException | None = None, kafka_message: Any = None) -> None:
        reason = f"key deserialization failed{_where(kafka_message)}: {exception}"
        super().__init__(KafkaError(KafkaError._KEY_DESERIALIZATION, reason),
                         exception=exception, kafka_message=kafka_message)


class ValueDeserializationError(ConsumeError, SerializationError):
    """The value of ``kafka_message`` could not be deserialized; the message itself is intact."""

    def __init__(self, exception: BaseException | None = None, kafka_message: Any = None) -> None:
        reason = f"value deserialization failed{_where(kafka_message)}: {exception}"
        super().__init__(KafkaError(KafkaError._VALUE_DESERIALIZATION, reason),
                         exception=exception, kafka_message=kafka_message)


class KeySerializationError(ProduceError, SerializationError):
    """The key could not be serialized; nothing was sent."""

    def __init__(self, exception: BaseException | None = None) -> None:
        super().__init__(KafkaError(KafkaError._KEY_SERIALIZATION, f"key serialization failed: {exception}"),
                         exception=exception)


class ValueSerializationError(ProduceError, SerializationError):
    """The value could not be serialized; nothing was sent."""

    def __init__(self, exception: BaseException | None = None) -> None:
        error = KafkaError(KafkaError._VALUE_SERIALIZATION, f"value serialization failed: {exception}")
        super().__init__(error, exception=exception)
