"""Test Protobuf message classes, built at import time from FileDescriptorProtos (no protoc).

``shop/common.proto``: ``shop.Money``. ``shop/order.proto`` imports it and
``google/protobuf/timestamp.proto``: ``shop.Order`` (with nested ``Order.Line``
and a map) and ``shop.Refund`` (a non-first message).
"""

from __future__ import annotations

from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, timestamp_pb2
from google.protobuf.message_factory import GetMessageClass

F = descriptor_pb2.FieldDescriptorProto

__all__ = ["Money", "Order", "OrderLine", "Refund"]


def _field(
    message: Any, name: str, number: int, kind: int, type_name: str = "", repeated: bool = False
) -> None:
    field = message.field.add(
        name=name, number=number, type=kind, label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL
    )
    if type_name:
        field.type_name = type_name


def _build() -> None:
    pool = descriptor_pool.Default()
    assert timestamp_pb2.Timestamp.DESCRIPTOR.full_name == "google.protobuf.Timestamp"
    common = descriptor_pb2.FileDescriptorProto(name="shop/common.proto", package="shop", syntax="proto3")
    money = common.message_type.add(name="Money")
    _field(money, "units", 1, F.TYPE_INT64)
    _field(money, "currency", 2, F.TYPE_STRING)
    pool.AddSerializedFile(common.SerializeToString())

    order_file = descriptor_pb2.FileDescriptorProto(
        name="shop/order.proto",
        package="shop",
        syntax="proto3",
        dependency=["shop/common.proto", "google/protobuf/timestamp.proto"],
    )
    order = order_file.message_type.add(name="Order")
    line = order.nested_type.add(name="Line")
    _field(line, "sku", 1, F.TYPE_STRING)
    _field(line, "qty", 2, F.TYPE_INT32)
    entry = order.nested_type.add(name="AttrsEntry")
    entry.options.map_entry = True
    _field(entry, "key", 1, F.TYPE_STRING)
    _field(entry, "value", 2, F.TYPE_STRING)
    _field(order, "id", 1, F.TYPE_STRING)
    _field(order, "total", 2, F.TYPE_MESSAGE, ".shop.Money")
    _field(order, "at", 3, F.TYPE_MESSAGE, ".google.protobuf.Timestamp")
    _field(order, "lines", 4, F.TYPE_MESSAGE, ".shop.Order.Line", repeated=True)
    _field(order, "attrs", 5, F.TYPE_MESSAGE, ".shop.Order.AttrsEntry", repeated=True)
    _field(order, "paid", 6, F.TYPE_BOOL)
    _field(order, "weight", 7, F.TYPE_DOUBLE)
    refund = order_file.message_type.add(name="Refund")
    _field(refund, "order_id", 1, F.TYPE_STRING)
    _field(refund, "amount", 2, F.TYPE_MESSAGE, ".shop.Money")
    pool.AddSerializedFile(order_file.SerializeToString())


_build()
_pool = descriptor_pool.Default()
Money: Any = GetMessageClass(_pool.FindMessageTypeByName("shop.Money"))
Order: Any = GetMessageClass(_pool.FindMessageTypeByName("shop.Order"))
OrderLine: Any = GetMessageClass(_pool.FindMessageTypeByName("shop.Order.Line"))
Refund: Any = GetMessageClass(_pool.FindMessageTypeByName("shop.Refund"))
