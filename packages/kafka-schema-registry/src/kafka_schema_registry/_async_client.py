"""``AsyncSchemaRegistryClient``: the asyncio client.

The same operations as ``SchemaRegistryClient`` (``_operations``) and the same
request plan (``_exchange``), driven with ``await``; identical cache misses in
flight from several tasks are sent once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal, TypeVar

from . import _operations as ops
from ._client_setup import ClientSetup
from ._errors import SchemaRegistryError
from ._exchange import (
    Wait,
    decode_answer,
    encode_body,
    exchange_plan,
    flight_key,
    request_headers,
    request_url,
)
from ._http import HttpRequest, TransportError, send_async
from ._model import (
    Association,
    AssociationCreateOrUpdateRequest,
    AssociationResponse,
    RegisteredSchema,
    Schema,
    SchemaVersion,
    ServerConfig,
)
from ._operations import Operation, RestRequest

__all__ = ["AsyncSchemaRegistryClient"]

_T = TypeVar("_T")


class AsyncSchemaRegistryClient:
    """The asyncio Schema Registry client: ``SchemaRegistryClient``'s methods, awaitable.

    Same configuration, caching, retries, errors and ``auth`` / ``transport``
    choices as ``SchemaRegistryClient``; with the standard library's transport
    the socket work runs on a few worker threads, with httpx natively on the
    loop. Safe to share between the tasks of one event loop.
    """

    def __init__(
        self,
        conf: Mapping[str, Any],
        *,
        auth: Any = None,
        transport: Literal["stdlib", "httpx"] | None = None,
    ) -> None:
        self._setup = ClientSetup(conf, auth, transport)
        self._cache = self._setup.cache
        self._http = self._setup.async_transport()
        self._flights: dict[Hashable, asyncio.Future[Any]] = {}

    def __repr__(self) -> str:
        return f"AsyncSchemaRegistryClient(url={','.join(self._setup.config.urls)!r})"

    async def __aenter__(self) -> AsyncSchemaRegistryClient:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections; the client cannot be used afterwards."""
        await self._http.aclose()

    def config(self) -> dict[str, Any]:
        """Return the configuration the client was built with."""
        return self._setup.conf

    @staticmethod
    def new_client(conf: Mapping[str, Any]) -> AsyncSchemaRegistryClient:
        """Return a client for ``conf`` (``mock://`` URLs included)."""
        return AsyncSchemaRegistryClient(conf)

    # -- the I/O edge ------------------------------------------------------------------------
    async def _run(self, op: Operation[_T]) -> _T:
        owned: list[Hashable] = []
        try:
            request = next(op)
            while True:
                try:
                    answer = await self._call(request, owned)
                except SchemaRegistryError as exc:
                    request = op.throw(exc)
                else:
                    request = op.send(answer)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        finally:
            for key in owned:
                self._flights.pop(key, None)

    async def _call(self, request: RestRequest, owned: list[Hashable]) -> Any:
        if not request.shareable:
            return await self._exchange(request)
        key = flight_key(request)
        flight = self._flights.get(key)
        if flight is not None:
            try:
                return await asyncio.shield(flight)
            except asyncio.CancelledError:
                if not flight.cancelled():
                    raise  # this task was cancelled
            return await self._exchange(request)  # the task sending it was cancelled: send it ourselves
        flight = self._flights[key] = asyncio.get_running_loop().create_future()
        owned.append(key)
        try:
            answer = await self._exchange(request)
        except asyncio.CancelledError:
            flight.cancel()
            raise
        except BaseException as exc:
            flight.set_exception(exc)
            flight.exception()  # marks it retrieved: no "never retrieved" warning without waiters
            raise
        flight.set_result(answer)
        return answer

    async def _exchange(self, request: RestRequest) -> Any:
        setup = self._setup
        content = encode_body(request)
        headers = request_headers(request)
        plan = exchange_plan(setup.config, request, setup.preferred_index, setup.timeout)
        send, auth = self._http.asend, setup.auth
        try:
            step = next(plan)
            while True:
                if isinstance(step, Wait):
                    await asyncio.sleep(step.seconds)
                    step = plan.send(None)
                    continue
                url = request_url(setup.send_bases[step.index], request)
                try:
                    response = await send_async(
                        send, auth, HttpRequest(request.method, url, dict(headers), content)
                    )
                except TransportError as exc:
                    step = plan.send(exc)
                else:
                    step = plan.send(response)
        except StopIteration as stop:
            response, index = stop.value
        setup.preferred_index = index
        return decode_answer(response, request, setup.config.urls[index])

    # Methods whose answer may be cached look in the cache first (the fast path of a hit: no
    # generator is started); the operation itself checks the cache again, so a miss stays correct.

    # -- schemas --------------------------------------------------------------------------------
    async def register_schema(
        self, subject_name: str, schema: Schema, normalize_schemas: bool = False
    ) -> int:
        """Register ``schema`` under ``subject_name``; return its id (a cached one makes no request)."""
        schema_id = self._cache.id_by_schema(subject_name, schema)
        if schema_id is not None:
            return schema_id
        registered = await self._run(
            ops.register_schema_full_response(self._cache, subject_name, schema, normalize_schemas)
        )
        assert registered.schema_id is not None
        return registered.schema_id

    async def register_schema_full_response(
        self, subject_name: str, schema: Schema, normalize_schemas: bool = False
    ) -> RegisteredSchema:
        """Register ``schema`` under ``subject_name`` and return the registration (id, GUID, version)."""
        known = self._cache.registered_by_schema(subject_name, schema)
        if known is not None and known.schema_id is not None:
            return known
        return await self._run(
            ops.register_schema_full_response(self._cache, subject_name, schema, normalize_schemas)
        )

    async def get_schema(
        self,
        schema_id: int,
        subject_name: str | None = None,
        fmt: str | None = None,
        reference_format: str | None = None,
    ) -> Schema:
        """Return the schema with id ``schema_id``; 40403 when unknown."""
        known = self._cache.schema_by_id(subject_name, schema_id)
        if known is not None:
            return known[1]
        return await self._run(ops.get_schema(self._cache, schema_id, subject_name, fmt, reference_format))

    async def get_schema_by_guid(self, guid: str, fmt: str | None = None) -> Schema:
        """Return the schema with GUID ``guid``; 40403 when unknown."""
        known = self._cache.schema_by_guid(guid)
        if known is not None:
            return known
        return await self._run(ops.get_schema_by_guid(self._cache, guid, fmt))

    async def get_schema_string(
        self, schema_id: int, subject_name: str | None = None, fmt: str | None = None
    ) -> str:
        """Return the text of the schema with id ``schema_id``."""
        schema = await self._run(ops.get_schema(self._cache, schema_id, subject_name, fmt, None))
        return schema.schema_str or ""

    async def get_schema_types(self) -> list[str]:
        """Return the schema types the registry supports."""
        return await self._run(ops.get_schema_types())

    async def get_subjects_by_schema_id(
        self,
        schema_id: int,
        subject_name: str | None = None,
        deleted: bool = False,
        offset: int = 0,
        limit: int = -1,
    ) -> list[str]:
        """Return the subjects schema ``schema_id`` is registered under."""
        return await self._run(ops.get_subjects_by_schema_id(schema_id, subject_name, deleted, offset, limit))

    async def get_schema_versions(
        self,
        schema_id: int,
        subject_name: str | None = None,
        deleted: bool = False,
        offset: int = 0,
        limit: int = -1,
    ) -> list[SchemaVersion]:
        """Return the (subject, version) pairs of schema ``schema_id``."""
        return await self._run(ops.get_schema_versions(schema_id, subject_name, deleted, offset, limit))

    async def lookup_schema(
        self,
        subject_name: str,
        schema: Schema,
        normalize_schemas: bool = False,
        fmt: str | None = None,
        deleted: bool = False,
    ) -> RegisteredSchema:
        """Return the registration of ``schema`` under ``subject_name``; 40401 / 40403 when absent."""
        known = self._cache.registered_by_schema(subject_name, schema)
        if known is not None:
            return known
        return await self._run(
            ops.lookup_schema(self._cache, subject_name, schema, normalize_schemas, fmt, deleted)
        )

    # -- subjects and versions ------------------------------------------------------------------
    async def get_subjects(
        self,
        subject_prefix: str | None = None,
        deleted: bool = False,
        deleted_only: bool = False,
        offset: int = 0,
        limit: int = -1,
    ) -> list[str]:
        """Return the subjects (starting with ``subject_prefix``; soft-deleted ones when asked)."""
        return await self._run(ops.get_subjects(subject_prefix, deleted, deleted_only, offset, limit))

    async def delete_subject(self, subject_name: str, permanent: bool = False) -> list[int]:
        """Delete ``subject_name`` (soft, or ``permanent`` after a soft delete); return its versions."""
        return await self._run(ops.delete_subject(self._cache, subject_name, permanent))

    async def get_latest_version(self, subject_name: str, fmt: str | None = None) -> RegisteredSchema:
        """Return the latest version of ``subject_name`` (cached for ``cache.latest.ttl.sec``)."""
        known = self._cache.latest(subject_name)
        if known is not None:
            return known
        return await self._run(ops.get_latest_version(self._cache, subject_name, fmt))

    async def get_latest_with_metadata(
        self, subject_name: str, metadata: dict[str, str], deleted: bool = False, fmt: str | None = None
    ) -> RegisteredSchema:
        """Return the latest version of ``subject_name`` whose metadata properties include ``metadata``."""
        known = self._cache.latest_with_metadata(subject_name, metadata, deleted)
        if known is not None:
            return known
        return await self._run(
            ops.get_latest_with_metadata(self._cache, subject_name, metadata, deleted, fmt)
        )

    async def get_version(
        self,
        subject_name: str,
        version: int | Literal["latest"] = "latest",
        deleted: bool = False,
        fmt: str | None = None,
    ) -> RegisteredSchema:
        """Return version ``version`` of ``subject_name``; soft-deleted versions only when ``deleted``."""
        known = self._cache.registered_by_version(subject_name, version) if isinstance(version, int) else None
        if known is not None:
            return known
        return await self._run(ops.get_version(self._cache, subject_name, version, deleted, fmt))

    async def get_referenced_by(
        self, subject_name: str, version: int | Literal["latest"] = "latest", offset: int = 0, limit: int = -1
    ) -> list[int]:
        """Return the ids of the schemas that reference version ``version`` of ``subject_name``."""
        return await self._run(ops.get_referenced_by(subject_name, version, offset, limit))

    async def get_versions(
        self,
        subject_name: str,
        deleted: bool = False,
        deleted_only: bool = False,
        offset: int = 0,
        limit: int = -1,
    ) -> list[int]:
        """Return the versions of ``subject_name``."""
        return await self._run(ops.get_versions(subject_name, deleted, deleted_only, offset, limit))

    async def delete_version(self, subject_name: str, version: int, permanent: bool = False) -> int:
        """Delete version ``version`` of ``subject_name`` (soft, or ``permanent`` after a soft delete)."""
        return await self._run(ops.delete_version(self._cache, subject_name, version, permanent))

    # -- compatibility and config -----------------------------------------------------------------
    async def set_compatibility(self, subject_name: str | None = None, level: str | None = None) -> str:
        """Set the compatibility level of ``subject_name`` (or the global one); return it."""
        return await self._run(ops.set_compatibility(subject_name, level))

    async def get_compatibility(self, subject_name: str | None = None) -> str:
        """Return the compatibility level of ``subject_name`` (or the global one)."""
        return await self._run(ops.get_compatibility(subject_name))

    async def test_compatibility(
        self,
        subject_name: str,
        schema: Schema,
        version: int | str = "latest",
        normalize: bool = False,
        verbose: bool = False,
    ) -> bool:
        """Whether ``schema`` is compatible with version ``version`` of ``subject_name``."""
        return await self._run(ops.test_compatibility(subject_name, schema, version, normalize, verbose))

    async def test_compatibility_all_versions(
        self, subject_name: str, schema: Schema, normalize: bool = False, verbose: bool = False
    ) -> bool:
        """Whether ``schema`` is compatible with the versions of ``subject_name`` its level covers."""
        return await self._run(ops.test_compatibility_all_versions(subject_name, schema, normalize, verbose))

    async def set_config(
        self, subject_name: str | None = None, config: ServerConfig | None = None
    ) -> ServerConfig:
        """Store ``config`` for ``subject_name`` (or globally); return what was stored."""
        return await self._run(ops.set_config(subject_name, config))

    async def delete_config(self, subject_name: str | None = None) -> ServerConfig:
        """Delete the config of ``subject_name`` (or reset the global one); return the previous one."""
        return await self._run(ops.delete_config(subject_name))

    async def get_config(self, subject_name: str | None = None) -> ServerConfig:
        """Return the config of ``subject_name`` (or the global one); 40408 when the subject has none."""
        return await self._run(ops.get_config(subject_name))

    # -- mode and contexts --------------------------------------------------------------------------
    async def get_mode(self, subject_name: str) -> str:
        """Return the mode of ``subject_name``; 40409 when it has none."""
        return await self._run(ops.get_mode(subject_name))

    async def update_mode(self, subject_name: str, mode: str, force: bool = False) -> str:
        """Set the mode of ``subject_name`` (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT); return it."""
        return await self._run(ops.update_mode(subject_name, mode, force))

    async def delete_mode(self, subject_name: str) -> str:
        """Delete the mode of ``subject_name``; return the previous one."""
        return await self._run(ops.delete_mode(subject_name))

    async def get_global_mode(self) -> str:
        """Return the registry's mode."""
        return await self._run(ops.get_mode(None))

    async def update_global_mode(self, mode: str, force: bool = False) -> str:
        """Set the registry's mode; return it."""
        return await self._run(ops.update_mode(None, mode, force))

    async def get_contexts(self, offset: int = 0, limit: int = -1) -> list[str]:
        """Return the registry's contexts."""
        return await self._run(ops.get_contexts(offset, limit))

    # -- caches --------------------------------------------------------------------------------------
    async def clear_latest_caches(self) -> None:
        """Forget the cached latest versions."""
        self._cache.clear_latest()

    async def clear_caches(self) -> None:
        """Forget everything cached."""
        self._cache.clear()

    # -- associations ----------------------------------------------------------------------------------
    async def get_associations_by_resource_name(
        self,
        resource_name: str,
        resource_namespace: str,
        resource_type: str | None = None,
        association_types: Sequence[str] | None = None,
        offset: int = 0,
        limit: int = -1,
    ) -> list[Association]:
        """Return the associations of the resource ``resource_namespace``/``resource_name``."""
        return await self._run(
            ops.get_associations_by_resource_name(
                resource_name, resource_namespace, resource_type, association_types, offset, limit
            )
        )

    async def create_association(self, request: AssociationCreateOrUpdateRequest) -> AssociationResponse:
        """Create or update the associations described by ``request``."""
        return await self._run(ops.create_association(request))

    async def delete_associations(
        self,
        resource_id: str,
        resource_type: str | None = None,
        association_types: Sequence[str] | None = None,
        cascade_lifecycle: bool = False,
    ) -> None:
        """Delete the associations of resource ``resource_id``."""
        await self._run(
            ops.delete_associations(resource_id, resource_type, association_types, cascade_lifecycle)
        )
