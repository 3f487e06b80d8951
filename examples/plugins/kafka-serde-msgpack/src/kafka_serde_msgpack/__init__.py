"""kafka-serde-msgpack: an example third-party serde distribution (MessagePack) for kafka-core.

Installed, it is found by name with no change to kafka-core::

    SerializingProducer({..., "value.serializer": "msgpack"})
"""

from __future__ import annotations

from .__about__ import __version__
from ._msgpack_serde import MsgpackDeserializer, MsgpackSerializer

__all__ = ["MsgpackDeserializer", "MsgpackSerializer", "__version__"]
