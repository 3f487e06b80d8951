"""Asyncio clients: the native producer and consumer for an event loop, never blocking it.

``AIOProducer`` and ``AIOConsumer`` wrap the native clients; blocking work
runs on threads of their own and results come back to the loop in batches.
``AsyncSerializingProducer`` and ``AsyncDeserializingConsumer`` add serdes,
plain or async. Importing this module imports asyncio; ``import kafka_core``
does not.
"""

from __future__ import annotations

from ._consumer import AIOConsumer
from ._deserializing_consumer import AsyncDeserializingConsumer
from ._producer import AIOProducer
from ._serializing_producer import AsyncSerializingProducer

__all__ = ["AIOConsumer", "AIOProducer", "AsyncDeserializingConsumer", "AsyncSerializingProducer"]
