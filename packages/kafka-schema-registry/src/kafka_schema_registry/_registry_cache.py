"""What a client remembers of the registry, so that a repeated call makes no request.

Schemas by id (per subject context), schemas by GUID, registrations by
(subject, schema), by (subject, id) and by (subject, version); the latest
version of a subject and the latest version with given metadata, bounded by
``cache.capacity`` and expiring after ``cache.latest.ttl.sec``. One lock guards
it all; it is held only for dictionary operations, so it serves threads and
asyncio tasks alike.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any, Generic, TypeVar

from ._model import RegisteredSchema, Schema

__all__ = ["RegistryCache"]

_V = TypeVar("_V")


class _BoundedTTLMap(Generic[_V]):
    """A least-recently-used map of at most ``capacity`` entries, each living ``ttl`` seconds."""

    def __init__(self, capacity: int, ttl: float | None) -> None:
        self._capacity = capacity
        self._ttl = ttl
        self._items: OrderedDict[Hashable, tuple[float, _V]] = OrderedDict()

    def get(self, key: Hashable) -> _V | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if self._ttl is not None and time.monotonic() >= expires:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: _V) -> None:
        expires = time.monotonic() + self._ttl if self._ttl is not None else 0.0
        self._items[key] = (expires, value)
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def discard_where(self, subject: str) -> None:
        for key in [k for k in self._items if k == subject or (isinstance(k, tuple) and k[0] == subject)]:
            del self._items[key]

    def clear(self) -> None:
        self._items.clear()


def _drop_subject(index: dict[Any, Any], subject: str) -> None:
    for key in [k for k in index if k[0] == subject]:
        del index[key]


class RegistryCache:
    """Thread- and task-safe indexes of what the registry answered."""

    def __init__(self, capacity: int = 1000, latest_ttl_sec: float | None = None) -> None:
        self._lock = threading.Lock()
        self._schema_by_id: dict[tuple[str | None, int], tuple[str | None, Schema]] = {}
        self._schema_by_guid: dict[str, Schema] = {}
        self._id_by_schema: dict[tuple[str, Schema], int] = {}
        self._by_subject_schema: dict[tuple[str, Schema], RegisteredSchema] = {}
        self._by_subject_version: dict[tuple[str, int], RegisteredSchema] = {}
        self._latest: _BoundedTTLMap[RegisteredSchema] = _BoundedTTLMap(capacity, latest_ttl_sec)
        self._latest_with_metadata: _BoundedTTLMap[RegisteredSchema] = _BoundedTTLMap(
            capacity, latest_ttl_sec
        )

    # -- schemas by id and GUID -------------------------------------------------
    def schema_by_id(self, subject: str | None, schema_id: int) -> tuple[str | None, Schema] | None:
        """Return ``(guid, schema)`` for an id looked up in ``subject``'s context, or None."""
        return self._schema_by_id.get((subject, schema_id))

    def schema_by_guid(self, guid: str) -> Schema | None:
        """Return the schema with this GUID, or None."""
        return self._schema_by_guid.get(guid)

    def set_schema(
        self, subject: str | None, schema_id: int | None, guid: str | None, schema: Schema
    ) -> None:
        """Remember that ``schema_id`` (and ``guid``) name ``schema``, registered in ``subject``."""
        with self._lock:
            if schema_id is not None:
                self._schema_by_id[(subject, schema_id)] = (guid, schema)
                if subject is not None:
                    self._id_by_schema[(subject, schema)] = schema_id
            if guid is not None:
                self._schema_by_guid[guid] = schema

    # -- registrations -------------------------------------------------------------
    def id_by_schema(self, subject: str, schema: Schema) -> int | None:
        """Return the id ``schema`` was registered with under ``subject``, or None."""
        return self._id_by_schema.get((subject, schema))

    def registered_by_schema(self, subject: str, schema: Schema) -> RegisteredSchema | None:
        """Return what a lookup of ``schema`` under ``subject`` answered, or None."""
        return self._by_subject_schema.get((subject, schema))

    def registered_by_version(self, subject: str, version: int) -> RegisteredSchema | None:
        """Return version ``version`` of ``subject``, or None."""
        return self._by_subject_version.get((subject, version))

    def set_registered(self, schema: Schema, registered: RegisteredSchema) -> None:
        """Remember a full registration (subject, version, id, GUID) of ``schema``."""
        subject = registered.subject
        with self._lock:
            if registered.schema_id is not None:
                self._schema_by_id[(subject, registered.schema_id)] = (registered.guid, registered.schema)
            if registered.guid is not None:
                self._schema_by_guid[registered.guid] = registered.schema
            if subject is None:
                return
            self._by_subject_schema[(subject, schema)] = registered
            if registered.schema_id is not None:
                self._id_by_schema[(subject, schema)] = registered.schema_id
            if registered.version is not None:
                self._by_subject_version[(subject, registered.version)] = registered

    # -- latest ----------------------------------------------------------------------
    def latest(self, subject: str) -> RegisteredSchema | None:
        """Return the cached latest version of ``subject`` (None when absent or expired)."""
        with self._lock:
            return self._latest.get(subject)

    def set_latest(self, subject: str, registered: RegisteredSchema) -> None:
        """Remember the latest version of ``subject``."""
        with self._lock:
            self._latest.put(subject, registered)

    def latest_with_metadata(
        self, subject: str, metadata: Mapping[str, str], deleted: bool
    ) -> RegisteredSchema | None:
        """Return the cached answer of a latest-with-metadata query (None for a non-mapping ``metadata``)."""
        if not isinstance(metadata, Mapping):
            return None
        with self._lock:
            return self._latest_with_metadata.get((subject, frozenset(metadata.items()), deleted))

    def set_latest_with_metadata(
        self, subject: str, metadata: Mapping[str, str], deleted: bool, registered: RegisteredSchema
    ) -> None:
        """Remember the answer of a latest-with-metadata query."""
        with self._lock:
            self._latest_with_metadata.put((subject, frozenset(metadata.items()), deleted), registered)

    # -- invalidation -------------------------------------------------------------------
    def remove_subject(self, subject: str) -> None:
        """Forget everything registered under ``subject`` (ids stay: they name the same schemas)."""
        with self._lock:
            _drop_subject(self._id_by_schema, subject)
            _drop_subject(self._by_subject_schema, subject)
            _drop_subject(self._by_subject_version, subject)
            self._latest.discard_where(subject)
            self._latest_with_metadata.discard_where(subject)

    def remove_version(self, subject: str, version: int) -> None:
        """Forget version ``version`` of ``subject`` and the latest answers that may name it."""
        with self._lock:
            registered = self._by_subject_version.pop((subject, version), None)
            for key, value in list(self._by_subject_schema.items()):
                if key[0] == subject and value.version == version:
                    del self._by_subject_schema[key]
                    self._id_by_schema.pop(key, None)
            if registered is not None:
                self._id_by_schema.pop((subject, registered.schema), None)
            self._latest.discard_where(subject)
            self._latest_with_metadata.discard_where(subject)

    def clear_latest(self) -> None:
        """Forget the latest and latest-with-metadata answers."""
        with self._lock:
            self._latest.clear()
            self._latest_with_metadata.clear()

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._schema_by_id.clear()
            self._schema_by_guid.clear()
            self._id_by_schema.clear()
            self._by_subject_schema.clear()
            self._by_subject_version.clear()
            self._latest.clear()
            self._latest_with_metadata.clear()
