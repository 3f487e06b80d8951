"""The Schema Registry's model types: schemas, references, metadata, rules, configs, associations.

Each type converts to and from the registry's JSON form with ``to_dict()`` and
``from_dict()``; ``from_dict`` raises ``TypeError`` naming the field when the
JSON has the wrong shape. ``Schema`` and ``RegisteredSchema`` are immutable and
hashable, so they serve as cache keys.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

__all__ = [
    "Association",
    "AssociationCreateOrUpdateInfo",
    "AssociationCreateOrUpdateRequest",
    "AssociationInfo",
    "AssociationResponse",
    "ConfigCompatibilityLevel",
    "Metadata",
    "MetadataProperties",
    "MetadataTags",
    "RegisteredSchema",
    "Rule",
    "RuleKind",
    "RuleMode",
    "RuleParams",
    "RulePhase",
    "RuleSet",
    "Schema",
    "SchemaReference",
    "SchemaVersion",
    "ServerConfig",
]

_T = TypeVar("_T")


def _dict(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{where} must be a JSON object, not {type(value).__name__}")
    return value


def _opt_dict(value: object, where: str) -> dict[str, Any] | None:
    return None if value is None else _dict(value, where)


def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{where} must be a JSON array, not {type(value).__name__}")
    return value


class RuleKind(str, Enum):
    """Whether a rule checks a message (CONDITION) or rewrites it (TRANSFORM)."""

    CONDITION = "CONDITION"
    TRANSFORM = "TRANSFORM"

    def __str__(self) -> str:
        return self.value


class RulePhase(str, Enum):
    """The stage a rule runs in: schema migration, domain checks or payload encoding."""

    MIGRATION = "MIGRATION"
    DOMAIN = "DOMAIN"
    ENCODING = "ENCODING"

    def __str__(self) -> str:
        return self.value


class RuleMode(str, Enum):
    """When a rule runs: on write, on read, or while migrating between versions."""

    UPGRADE = "UPGRADE"
    DOWNGRADE = "DOWNGRADE"
    UPDOWN = "UPDOWN"
    READ = "READ"
    WRITE = "WRITE"
    WRITEREAD = "WRITEREAD"

    def __str__(self) -> str:
        return self.value


class ConfigCompatibilityLevel(str, Enum):
    """A subject's (or the registry's) compatibility level."""

    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"
    NONE = "NONE"

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class RuleParams:
    """A rule's string parameters."""

    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.params)

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        return cls(params=dict(_dict(src_dict, "rule params")))  # type: ignore[call-arg]

    def __hash__(self) -> int:
        return hash(frozenset(self.params.items()))


@dataclass(frozen=True, slots=True)
class Rule:
    """One data-contract rule of a rule set."""

    name: str | None = None
    doc: str | None = None
    kind: RuleKind | None = None
    mode: RuleMode | None = None
    type: str | None = None
    tags: list[str] | None = field(default=None, hash=False)
    params: RuleParams | None = None
    expr: str | None = None
    on_success: str | None = None
    on_failure: str | None = None
    disabled: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.doc is not None:
            out["doc"] = self.doc
        if self.kind is not None:
            out["kind"] = RuleKind(self.kind).value
        if self.mode is not None:
            out["mode"] = RuleMode(self.mode).value
        if self.type is not None:
            out["type"] = self.type
        if self.tags is not None:
            out["tags"] = list(self.tags)
        if self.params is not None:
            out["params"] = self.params.to_dict()
        if self.expr is not None:
            out["expr"] = self.expr
        if self.on_success is not None:
            out["onSuccess"] = self.on_success
        if self.on_failure is not None:
            out["onFailure"] = self.on_failure
        if self.disabled is not None:
            out["disabled"] = self.disabled
        return out

    @classmethod
    def from_dict(cls: builtins.type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "rule")
        kind = d.get("kind")
        mode = d.get("mode")
        params = _opt_dict(d.get("params"), "rule.params")
        tags = d.get("tags")
        return cls(  # type: ignore[call-arg]
            name=d.get("name"),
            doc=d.get("doc"),
            kind=RuleKind(kind) if kind is not None else None,
            mode=RuleMode(mode) if mode is not None else None,
            type=d.get("type"),
            tags=list(_list(tags, "rule.tags")) if tags is not None else None,
            params=RuleParams.from_dict(params) if params is not None else None,
            expr=d.get("expr"),
            on_success=d.get("onSuccess"),
            on_failure=d.get("onFailure"),
            disabled=d.get("disabled"),
        )


@dataclass(slots=True)
class RuleSet:
    """The migration, domain and encoding rules of a schema."""

    migration_rules: list[Rule] | None = None
    domain_rules: list[Rule] | None = None
    encoding_rules: list[Rule] | None = None
    enable_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.migration_rules is not None:
            out["migrationRules"] = [r.to_dict() for r in self.migration_rules]
        if self.domain_rules is not None:
            out["domainRules"] = [r.to_dict() for r in self.domain_rules]
        if self.encoding_rules is not None:
            out["encodingRules"] = [r.to_dict() for r in self.encoding_rules]
        if self.enable_at is not None:
            out["enableAt"] = self.enable_at
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "ruleSet")
        return cls(  # type: ignore[call-arg]
            migration_rules=[Rule.from_dict(r) for r in _list(d.get("migrationRules"), "migrationRules")],
            domain_rules=[Rule.from_dict(r) for r in _list(d.get("domainRules"), "domainRules")],
            encoding_rules=[Rule.from_dict(r) for r in _list(d.get("encodingRules"), "encodingRules")],
            enable_at=d.get("enableAt"),
        )

    def __hash__(self) -> int:
        rules = (self.migration_rules or []) + (self.domain_rules or []) + (self.encoding_rules or [])
        return hash((frozenset(rules), self.enable_at))


@dataclass(slots=True)
class MetadataTags:
    """Tags by field path."""

    tags: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) for k, v in self.tags.items()}

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "metadata.tags")
        return cls(tags={k: list(_list(v, f"metadata.tags[{k!r}]")) for k, v in d.items()})  # type: ignore[call-arg]

    def __hash__(self) -> int:
        return hash(frozenset((k, tuple(v)) for k, v in self.tags.items()))


@dataclass(slots=True)
class MetadataProperties:
    """Free-form string properties of a schema."""

    properties: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.properties)

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        return cls(properties=dict(_dict(src_dict, "metadata.properties")))  # type: ignore[call-arg]

    def __hash__(self) -> int:
        return hash(frozenset(self.properties.items()))


@dataclass(frozen=True, slots=True)
class Metadata:
    """A schema's metadata: tags, properties and the names of sensitive properties."""

    tags: MetadataTags | None = None
    properties: MetadataProperties | None = None
    sensitive: list[str] | None = field(default=None, hash=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.tags is not None:
            out["tags"] = self.tags.to_dict()
        if self.properties is not None:
            out["properties"] = self.properties.to_dict()
        if self.sensitive is not None:
            out["sensitive"] = list(self.sensitive)
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "metadata")
        tags = _opt_dict(d.get("tags"), "metadata.tags")
        props = _opt_dict(d.get("properties"), "metadata.properties")
        return cls(  # type: ignore[call-arg]
            tags=MetadataTags.from_dict(tags) if tags is not None else None,
            properties=MetadataProperties.from_dict(props) if props is not None else None,
            sensitive=list(_list(d.get("sensitive"), "metadata.sensitive")),
        )


@dataclass(frozen=True, slots=True)
class SchemaVersion:
    """A (subject, version) pair a schema id is registered under."""

    subject: str | None
    version: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "version": self.version}

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "schema version")
        return cls(subject=d.get("subject"), version=d.get("version"))  # type: ignore[call-arg]


@dataclass(frozen=True, slots=True)
class SchemaReference:
    """A reference from a schema to another registered schema, by import name."""

    name: str | None
    subject: str | None
    version: int | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.subject is not None:
            out["subject"] = self.subject
        if self.version is not None:
            out["version"] = self.version
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "reference")
        return cls(name=d.get("name"), subject=d.get("subject"), version=d.get("version"))  # type: ignore[call-arg]


def _compat(value: object, where: str) -> ConfigCompatibilityLevel | None:
    if value is None:
        return None
    try:
        return ConfigCompatibilityLevel(value)
    except ValueError:
        raise ValueError(f"{where} is not a compatibility level: {value!r}") from None


@dataclass(slots=True)
class ServerConfig:
    """A subject's (or the registry's global) configuration."""

    compatibility: ConfigCompatibilityLevel | None = None
    compatibility_level: ConfigCompatibilityLevel | None = None
    compatibility_group: str | None = None
    default_metadata: Metadata | None = None
    override_metadata: Metadata | None = None
    default_rule_set: RuleSet | None = None
    override_rule_set: RuleSet | None = None
    normalize: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.compatibility is not None:
            out["compatibility"] = ConfigCompatibilityLevel(self.compatibility).value
        if self.compatibility_level is not None:
            out["compatibilityLevel"] = ConfigCompatibilityLevel(self.compatibility_level).value
        if self.compatibility_group is not None:
            out["compatibilityGroup"] = self.compatibility_group
        if self.default_metadata is not None:
            out["defaultMetadata"] = self.default_metadata.to_dict()
        if self.override_metadata is not None:
            out["overrideMetadata"] = self.override_metadata.to_dict()
        if self.default_rule_set is not None:
            out["defaultRuleSet"] = self.default_rule_set.to_dict()
        if self.override_rule_set is not None:
            out["overrideRuleSet"] = self.override_rule_set.to_dict()
        if self.normalize is not None:
            out["normalize"] = self.normalize
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "config")
        dm = _opt_dict(d.get("defaultMetadata"), "config.defaultMetadata")
        om = _opt_dict(d.get("overrideMetadata"), "config.overrideMetadata")
        dr = _opt_dict(d.get("defaultRuleSet"), "config.defaultRuleSet")
        orr = _opt_dict(d.get("overrideRuleSet"), "config.overrideRuleSet")
        return cls(  # type: ignore[call-arg]
            compatibility=_compat(d.get("compatibility"), "config.compatibility"),
            compatibility_level=_compat(d.get("compatibilityLevel"), "config.compatibilityLevel"),
            compatibility_group=d.get("compatibilityGroup"),
            default_metadata=Metadata.from_dict(dm) if dm is not None else None,
            override_metadata=Metadata.from_dict(om) if om is not None else None,
            default_rule_set=RuleSet.from_dict(dr) if dr is not None else None,
            override_rule_set=RuleSet.from_dict(orr) if orr is not None else None,
            normalize=d.get("normalize"),
        )


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema as sent to the registry: its text, type, references, metadata and rules.

    Immutable and hashable (the hash is computed once); two schemas are equal when
    every field is equal.
    """

    schema_str: str | None
    schema_type: str | None = "AVRO"
    references: list[SchemaReference] | None = field(default_factory=list)
    metadata: Metadata | None = None
    rule_set: RuleSet | None = None
    _hash: int | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            h = hash((self.schema_str, self.schema_type, self.metadata, self.rule_set))
            object.__setattr__(self, "_hash", h)
        return h

    # The cached hash is per process (str hashes are salted): never pickle it.
    def __getstate__(self) -> tuple[Any, ...]:
        return (self.schema_str, self.schema_type, self.references, self.metadata, self.rule_set)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        names = ("schema_str", "schema_type", "references", "metadata", "rule_set")
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_hash", None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.schema_str is not None:
            out["schema"] = self.schema_str
        if self.schema_type is not None:
            out["schemaType"] = self.schema_type
        out["references"] = [r.to_dict() for r in self.references or ()]
        if self.metadata is not None:
            out["metadata"] = self.metadata.to_dict()
        if self.rule_set is not None:
            out["ruleSet"] = self.rule_set.to_dict()
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "schema")
        schema_str = d.get("schema")
        if schema_str is not None and not isinstance(schema_str, str):
            raise TypeError(f"schema must be a string, not {type(schema_str).__name__}")
        md = _opt_dict(d.get("metadata"), "metadata")
        rs = _opt_dict(d.get("ruleSet"), "ruleSet")
        return cls(  # type: ignore[call-arg]
            schema_str=schema_str,
            schema_type=d.get("schemaType", "AVRO"),
            references=[SchemaReference.from_dict(r) for r in _list(d.get("references"), "references")],
            metadata=Metadata.from_dict(md) if md is not None else None,
            rule_set=RuleSet.from_dict(rs) if rs is not None else None,
        )


@dataclass(frozen=True, slots=True)
class RegisteredSchema:
    """A schema as the registry holds it: with its id, GUID, subject and version."""

    subject: str | None
    version: int | None
    schema_id: int | None
    guid: str | None
    schema: Schema

    def to_dict(self) -> dict[str, Any]:
        out = self.schema.to_dict() if self.schema is not None else {}
        if self.schema_id is not None:
            out["id"] = self.schema_id
        if self.guid is not None:
            out["guid"] = self.guid
        if self.subject is not None:
            out["subject"] = self.subject
        if self.version is not None:
            out["version"] = self.version
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "registered schema")
        schema_id = d.get("id")
        if schema_id is not None and (not isinstance(schema_id, int) or isinstance(schema_id, bool)):
            raise TypeError(f"id must be an integer, not {type(schema_id).__name__}")
        version = d.get("version")
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise TypeError(f"version must be an integer, not {type(version).__name__}")
        return cls(  # type: ignore[call-arg]
            subject=d.get("subject"),
            version=version,
            schema_id=schema_id,
            guid=d.get("guid"),
            schema=Schema.from_dict(d),
        )


@dataclass(frozen=True, slots=True)
class Association:
    """An association between a subject and a resource (a topic, for instance)."""

    subject: str | None
    guid: str | None
    resource_name: str | None
    resource_namespace: str | None
    resource_id: str | None
    resource_type: str | None
    association_type: str | None
    frozen: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in (
            ("subject", self.subject),
            ("guid", self.guid),
            ("resourceName", self.resource_name),
            ("resourceNamespace", self.resource_namespace),
            ("resourceId", self.resource_id),
            ("resourceType", self.resource_type),
            ("associationType", self.association_type),
        ):
            if value is not None:
                out[key] = value
        out["frozen"] = self.frozen
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "association")
        return cls(  # type: ignore[call-arg]
            subject=d.get("subject"),
            guid=d.get("guid"),
            resource_name=d.get("resourceName"),
            resource_namespace=d.get("resourceNamespace"),
            resource_id=d.get("resourceId"),
            resource_type=d.get("resourceType"),
            association_type=d.get("associationType"),
            frozen=bool(d.get("frozen", False)),
        )


@dataclass(slots=True)
class AssociationInfo:
    """One association in the registry's answer to a create-or-update request."""

    subject: str | None = None
    association_type: str | None = None
    lifecycle: str | None = None
    frozen: bool = False
    schema: Schema | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.subject is not None:
            out["subject"] = self.subject
        if self.association_type is not None:
            out["associationType"] = self.association_type
        if self.lifecycle is not None:
            out["lifecycle"] = self.lifecycle
        out["frozen"] = self.frozen
        if self.schema is not None:
            out["schema"] = self.schema.to_dict()
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "association")
        schema = d.get("schema")
        return cls(  # type: ignore[call-arg]
            subject=d.get("subject"),
            association_type=d.get("associationType"),
            lifecycle=d.get("lifecycle"),
            frozen=bool(d.get("frozen", False)),
            schema=Schema.from_dict(schema) if schema else None,
        )


@dataclass(slots=True)
class AssociationCreateOrUpdateInfo:
    """One association to create or update."""

    subject: str | None = None
    association_type: str | None = None
    lifecycle: str | None = None
    frozen: bool | None = None
    schema: Schema | None = None
    normalize: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.subject is not None:
            out["subject"] = self.subject
        if self.association_type is not None:
            out["associationType"] = self.association_type
        if self.lifecycle is not None:
            out["lifecycle"] = self.lifecycle
        if self.frozen is not None:
            out["frozen"] = self.frozen
        if self.schema is not None:
            out["schema"] = self.schema.to_dict()
        if self.normalize is not None:
            out["normalize"] = self.normalize
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "association")
        schema = d.get("schema")
        return cls(  # type: ignore[call-arg]
            subject=d.get("subject"),
            association_type=d.get("associationType"),
            lifecycle=d.get("lifecycle"),
            frozen=d.get("frozen"),
            schema=Schema.from_dict(schema) if schema else None,
            normalize=d.get("normalize"),
        )


@dataclass(slots=True)
class AssociationCreateOrUpdateRequest:
    """A request to create or update the associations of one resource."""

    resource_name: str | None = None
    resource_namespace: str | None = None
    resource_id: str | None = None
    resource_type: str | None = None
    associations: list[AssociationCreateOrUpdateInfo] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.resource_name is not None:
            out["resourceName"] = self.resource_name
        if self.resource_namespace is not None:
            out["resourceNamespace"] = self.resource_namespace
        if self.resource_id is not None:
            out["resourceId"] = self.resource_id
        if self.resource_type is not None:
            out["resourceType"] = self.resource_type
        if self.associations is not None:
            out["associations"] = [a.to_dict() for a in self.associations]
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "association request")
        items = _list(d.get("associations"), "associations")
        return cls(  # type: ignore[call-arg]
            resource_name=d.get("resourceName"),
            resource_namespace=d.get("resourceNamespace"),
            resource_id=d.get("resourceId"),
            resource_type=d.get("resourceType"),
            associations=[AssociationCreateOrUpdateInfo.from_dict(a) for a in items] or None,
        )


@dataclass(slots=True)
class AssociationResponse:
    """The registry's answer to a create-or-update associations request."""

    resource_name: str | None = None
    resource_namespace: str | None = None
    resource_id: str | None = None
    resource_type: str | None = None
    associations: list[AssociationInfo] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.resource_name is not None:
            out["resourceName"] = self.resource_name
        if self.resource_namespace is not None:
            out["resourceNamespace"] = self.resource_namespace
        if self.resource_id is not None:
            out["resourceId"] = self.resource_id
        if self.resource_type is not None:
            out["resourceType"] = self.resource_type
        if self.associations is not None:
            out["associations"] = [a.to_dict() for a in self.associations]
        return out

    @classmethod
    def from_dict(cls: type[_T], src_dict: dict[str, Any]) -> _T:
        d = _dict(src_dict, "association response")
        items = _list(d.get("associations"), "associations")
        return cls(  # type: ignore[call-arg]
            resource_name=d.get("resourceName"),
            resource_namespace=d.get("resourceNamespace"),
            resource_id=d.get("resourceId"),
            resource_type=d.get("resourceType"),
            associations=[AssociationInfo.from_dict(a) for a in items] or None,
        )
