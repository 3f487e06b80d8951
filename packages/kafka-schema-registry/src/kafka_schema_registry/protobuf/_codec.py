"""Protobuf schemas for the serdes, on the protobuf runtime: the registry's schema string of a message's
file, the message-index path of a message, and descriptor pools built from registered schemas.

The schema string is the base64 of the serialized ``FileDescriptorProto`` (the
``serialized`` format of the registry, as the reference client registers it).
Imports are registered as references; well-known types (``google/protobuf/``,
``google/type/``, ``confluent/``) come from the runtime's own pool.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import Descriptor, FileDescriptor
from google.protobuf.message_factory import GetMessageClass

from .._model import Schema

__all__ = ["CompiledProto", "compile_proto", "is_well_known", "message_indexes", "schema_string"]


def is_well_known(file_name: str) -> bool:
    """Whether an import is a well-known type that is never registered as a reference."""
    return file_name.startswith(("google/protobuf/", "google/type/", "confluent/"))


def schema_string(file: FileDescriptor) -> str:
    """The registry schema string of a file: base64 of its serialized FileDescriptorProto."""
    return base64.standard_b64encode(file.serialized_pb).decode("ascii")


def message_indexes(descriptor: Descriptor) -> list[int]:
    """The path of ``descriptor`` in its file: top-level index, then nested indexes."""
    path: list[int] = []
    current = descriptor
    while current.containing_type is not None:
        parent = current.containing_type
        path.append(list(parent.nested_types).index(current))
        current = parent
    path.append(list(current.file.message_types_by_name).index(current.name))
    path.reverse()
    return path


def _file_proto(name: str, schema_str: str) -> descriptor_pb2.FileDescriptorProto:
    try:
        raw = base64.standard_b64decode(schema_str.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"schema {name!r} is not a base64 serialized FileDescriptorProto: {exc}") from exc
    proto = descriptor_pb2.FileDescriptorProto()
    proto.ParseFromString(raw)
    proto.name = name
    return proto


def _add_well_known(pool: descriptor_pool.DescriptorPool, name: str, added: set[str]) -> None:
    if name in added:
        return
    found = descriptor_pool.Default().FindFileByName(name)
    for dep in found.dependencies:
        _add_well_known(pool, dep.name, added)
    pool.AddSerializedFile(found.serialized_pb)
    added.add(name)


class CompiledProto:
    """A registered Protobuf schema in its own descriptor pool, with message classes by index path."""

    __slots__ = ("classes", "file", "pool")

    def __init__(self, pool: descriptor_pool.DescriptorPool, file: FileDescriptor) -> None:
        self.pool = pool
        self.file = file
        self.classes: dict[tuple[int, ...], Any] = {}

    def descriptor(self, indexes: list[int] | tuple[int, ...]) -> Descriptor:
        """The message at ``indexes``; ValueError when the path does not exist."""
        if not indexes:
            raise ValueError("empty message-index path")
        messages = list(self.file.message_types_by_name.values())
        found: Descriptor | None = None
        for depth, index in enumerate(indexes):
            if index < 0 or index >= len(messages):
                raise ValueError(
                    f"message index {list(indexes)} does not exist in the schema (level {depth} has "
                    f"{len(messages)} message(s))"
                )
            found = messages[index]
            messages = list(found.nested_types)
        assert found is not None
        return found

    def message_class(self, indexes: list[int] | tuple[int, ...]) -> Any:
        """The message class at ``indexes``, built once."""
        key = tuple(indexes)
        cls = self.classes.get(key)
        if cls is None:
            cls = GetMessageClass(self.descriptor(key))
            self.classes[key] = cls
        return cls


def compile_proto(schema: Schema, references: list[tuple[str, Schema]]) -> CompiledProto:
    """A pool holding ``schema`` (named ``default``) and its references (dependencies first)."""
    if schema.schema_str is None:
        raise ValueError("the schema has no schema string")
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()
    root = _file_proto("default", schema.schema_str)
    files = [_file_proto(name, ref.schema_str or "") for name, ref in references if not is_well_known(name)]
    for proto in [*files, root]:
        for dep in proto.dependency:
            if is_well_known(dep):
                _add_well_known(pool, dep, added)
        if proto.name not in added:
            pool.Add(proto)
            added.add(proto.name)
    return CompiledProto(pool, pool.FindFileByName("default"))
