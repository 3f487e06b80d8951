"""``CachedSchemaRegistryClient``: the legacy registry client, on ``kafka_schema_registry``'s client.

Results and failures follow the legacy client: lookups that find nothing
return ``None`` (or ``(None, None, None)``) and log why; registrations and
configuration changes that fail raise :class:`ClientError`. Schemas go in and
come out as :class:`AvroSchema` (schema JSON text and the Apache ``avro``
package's objects are accepted too).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from kafka_schema_registry import Schema, SchemaRegistryClient, SchemaRegistryError

from ._errors import ClientError
from ._schema import AvroSchema, loads, to_schema

__all__ = ["CachedSchemaRegistryClient"]

log = logging.getLogger("kafka_legacy_avro")

VALID_LEVELS = (
    "NONE",
    "FULL",
    "FORWARD",
    "BACKWARD",
    "FULL_TRANSITIVE",
    "FORWARD_TRANSITIVE",
    "BACKWARD_TRANSITIVE",
)
_NOT_FOUND = 404
_UNPROCESSABLE = 422


def _flag(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError(f"{key} must be a boolean (True/False or 'true'/'false'), not {value!r}")


def _without_userinfo(urls: str) -> str:
    parts = []
    for url in urls.split(","):
        split = urlsplit(url.strip())
        if split.username is not None or split.password is not None:
            host = split.hostname or ""
            split = split._replace(netloc=host if split.port is None else f"{host}:{split.port}")
        parts.append(urlunsplit(split).rstrip("/"))
    return ",".join(parts)


def _failure(what: str, exc: SchemaRegistryError) -> ClientError:
    code = exc.http_status_code if exc.http_status_code >= 0 else None
    return ClientError(f"{what}: {exc}", code)


class CachedSchemaRegistryClient:
    """A Schema Registry client with the legacy API; ``mock://`` URLs give the in-memory registry.

    ``url`` is the configuration dict: ``url`` plus the legacy keys
    (``ssl.ca.location``, ``ssl.certificate.location``, ``ssl.key.location``,
    ``ssl.key.password``, ``basic.auth.credentials.source``,
    ``basic.auth.user.info``, ``sasl.*`` for SASL_INHERIT,
    ``auto.register.schemas``) and any key of ``SchemaRegistryClient``. A
    plain URL string with the ``*_location`` arguments is the older, deprecated
    form. A bad configuration raises ValueError or TypeError naming the key.
    """

    def __init__(
        self,
        url: str | Mapping[str, Any],
        max_schemas_per_subject: int = 1000,
        ca_location: str | None = None,
        cert_location: str | None = None,
        key_location: str | None = None,
    ) -> None:
        if isinstance(url, Mapping):
            conf = {k: v for k, v in url.items() if v is not None}
        elif isinstance(url, str):
            warnings.warn(
                "CachedSchemaRegistryClient(url, ca_location, ...) is deprecated: pass one dict "
                "({'url': ..., 'ssl.ca.location': ..., 'ssl.certificate.location': ..., "
                "'ssl.key.location': ...})",
                DeprecationWarning,
                stacklevel=2,
            )
            conf = {
                "url": url,
                "ssl.ca.location": ca_location,
                "ssl.certificate.location": cert_location,
                "ssl.key.location": key_location,
            }
            conf = {k: v for k, v in conf.items() if v is not None}
        else:
            raise TypeError(f"url must be a configuration dict or a URL str, not {type(url).__name__}")
        if not isinstance(conf.get("url", ""), str):
            raise TypeError(f"url must be a str, not {type(conf['url']).__name__}")
        self.auto_register_schemas = _flag(conf.pop("auto.register.schemas", True), "auto.register.schemas")
        self.max_schemas_per_subject = max_schemas_per_subject
        try:
            self._client = SchemaRegistryClient(conf)
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"Schema Registry configuration: {exc}") from None
        self.url = _without_userinfo(conf.get("url", ""))
        self._ids: dict[str, dict[AvroSchema, int]] = {}
        self._versions: dict[str, dict[AvroSchema, int]] = {}
        self._by_id: dict[int, AvroSchema] = {}

    def __repr__(self) -> str:
        return f"CachedSchemaRegistryClient(url={self.url!r})"

    def __enter__(self) -> CachedSchemaRegistryClient:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    @property
    def schema_registry_client(self) -> SchemaRegistryClient:
        """The underlying ``kafka_schema_registry.SchemaRegistryClient`` (to share with the modern serdes)."""
        return self._client

    def _remember(
        self, schema: AvroSchema, schema_id: int, subject: str | None = None, version: int | None = None
    ) -> AvroSchema:
        kept = self._by_id.setdefault(schema_id, schema)
        if subject is not None:
            self._ids.setdefault(subject, {})[kept] = schema_id
            if version is not None:
                self._versions.setdefault(subject, {})[kept] = version
        return kept

    def register(self, subject: str, avro_schema: Any) -> int:
        """Register ``avro_schema`` under ``subject`` and return its id (cached); ClientError if refused."""
        schema = to_schema(avro_schema, "avro_schema")
        known = self._ids.get(subject, {}).get(schema)
        if known is not None:
            return known
        try:
            schema_id = self._client.register_schema(subject, Schema(str(schema), "AVRO"))
        except SchemaRegistryError as exc:
            what = {
                401: "Unauthorized access",
                403: "Unauthorized access",
                409: "Incompatible Avro schema",
                _UNPROCESSABLE: "Invalid Avro schema",
            }.get(exc.http_status_code, "Unable to register schema")
            raise _failure(f"{what} (subject {subject!r})", exc) from exc
        self._remember(schema, schema_id, subject)
        return schema_id

    def check_registration(self, subject: str, avro_schema: Any) -> int:
        """Return the id of ``avro_schema`` if registered under ``subject``; raise ClientError if not."""
        schema = to_schema(avro_schema, "avro_schema")
        known = self._ids.get(subject, {}).get(schema)
        if known is not None:
            return known
        try:
            registered = self._client.lookup_schema(subject, Schema(str(schema), "AVRO"))
        except SchemaRegistryError as exc:
            what = (
                "Schema or subject not found"
                if exc.http_status_code == _NOT_FOUND
                else "Unable to check schema registration"
            )
            raise _failure(f"{what} (subject {subject!r})", exc) from exc
        assert registered.schema_id is not None
        self._remember(schema, registered.schema_id, subject, registered.version)
        return registered.schema_id

    def delete_subject(self, subject: str) -> list[int]:
        """Delete ``subject`` (soft delete); return its deleted versions. Raises ClientError on failure."""
        try:
            versions = self._client.delete_subject(subject)
        except SchemaRegistryError as exc:
            raise _failure(f"Unable to delete subject {subject!r}", exc) from exc
        self._ids.pop(subject, None)
        self._versions.pop(subject, None)
        return versions

    def get_by_id(self, schema_id: int) -> AvroSchema | None:
        """Return the schema with id ``schema_id`` (cached), or ``None`` if the registry has none.

        Raises ClientError when the registry cannot be reached or serves a schema that does not parse.
        """
        known = self._by_id.get(schema_id)
        if known is not None:
            return known
        try:
            schema = self._client.get_schema(schema_id)
        except SchemaRegistryError as exc:
            if exc.http_status_code < 0:
                raise _failure(f"Unable to fetch schema id {schema_id}", exc) from exc
            log.error("Schema id %d not found: %s", schema_id, exc)
            return None
        try:
            parsed = loads(schema.schema_str or "")
        except ClientError as exc:
            raise ClientError(f"Received bad schema (id {schema_id}) from registry: {exc}") from None
        return self._remember(parsed, schema_id)

    def get_latest_schema(self, subject: str) -> tuple[int | None, AvroSchema | None, int | None]:
        """``(schema id, schema, version)`` of the latest version of ``subject``, else ``(None,) * 3``."""
        return self.get_by_version(subject, "latest")

    def get_by_version(
        self, subject: str, version: int | str
    ) -> tuple[int | None, AvroSchema | None, int | None]:
        """``(schema id, schema, version)`` of ``subject``'s version ``version``, else ``(None,) * 3``."""
        wanted: int | Literal["latest"] = "latest"
        if isinstance(version, int) or (isinstance(version, str) and version.isdigit()):
            wanted = int(version)
        elif version != "latest":
            raise ValueError(f"version must be an int or 'latest', not {version!r}")
        try:
            registered = self._client.get_version(subject, wanted)
        except SchemaRegistryError as exc:
            if exc.http_status_code < 0:
                raise _failure(f"Unable to fetch version {version} of subject {subject!r}", exc) from exc
            log.error("Version %s of subject %r not found: %s", version, subject, exc)
            return None, None, None
        schema_id = registered.schema_id
        assert schema_id is not None
        schema = self._by_id.get(schema_id)
        if schema is None:
            schema = loads(registered.schema.schema_str or "")
        schema = self._remember(schema, schema_id, subject, registered.version)
        return schema_id, schema, registered.version

    def get_version(self, subject: str, avro_schema: Any) -> int | None:
        """The version of ``avro_schema`` under ``subject``, or ``None`` if it is not registered there."""
        schema = to_schema(avro_schema, "avro_schema")
        known = self._versions.get(subject, {}).get(schema)
        if known is not None:
            return known
        try:
            registered = self._client.lookup_schema(subject, Schema(str(schema), "AVRO"))
        except SchemaRegistryError as exc:
            if exc.http_status_code < 0:
                raise _failure(f"Unable to look up the schema under subject {subject!r}", exc) from exc
            log.error("Schema not found under subject %r: %s", subject, exc)
            return None
        assert registered.schema_id is not None
        self._remember(schema, registered.schema_id, subject, registered.version)
        return registered.version

    def test_compatibility(self, subject: str, avro_schema: Any, version: int | str = "latest") -> bool:
        """Whether ``avro_schema`` is compatible with ``subject``'s ``version``; ``False`` on any failure."""
        schema = to_schema(avro_schema, "avro_schema")
        try:
            return self._client.test_compatibility(subject, Schema(str(schema), "AVRO"), version)
        except SchemaRegistryError as exc:
            log.error("Compatibility check of subject %r version %s failed: %s", subject, version, exc)
            return False

    def update_compatibility(self, level: str, subject: str | None = None) -> str:
        """Set ``subject``'s compatibility ``level`` (or the global one); return it. Raises ClientError."""
        if level not in VALID_LEVELS:
            raise ClientError(f"Invalid level specified: {level!r} (use one of {', '.join(VALID_LEVELS)})")
        try:
            return self._client.set_compatibility(subject, level)
        except SchemaRegistryError as exc:
            raise _failure(f"Unable to update level {level}", exc) from exc

    def get_compatibility(self, subject: str | None = None) -> str:
        """Return the compatibility level of ``subject`` (or the global one). Raises ClientError."""
        try:
            level = self._client.get_compatibility(subject)
        except SchemaRegistryError as exc:
            raise _failure("Unable to fetch compatibility level", exc) from exc
        if level not in VALID_LEVELS:
            raise ClientError(f"Invalid compatibility level received: {level!r}")
        return level
