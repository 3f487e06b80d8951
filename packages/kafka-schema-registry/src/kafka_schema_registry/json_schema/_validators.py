"""JSON Schema validation engines: ``jsonschema`` (the default) and ``jsonschema-rs`` (optional, faster).

An engine builds, once per schema, a validator with ``is_valid(value) -> bool``
(the hot path) and ``explain(value) -> str | None`` (only for rejected records:
the failing field path, keyword and message). Both engines give the same
accept/reject answers: formats are not asserted, no ``$ref`` is fetched from the
network, and the schema is checked against its draft's meta-schema by
``jsonschema`` either way, so a bad schema fails the same.

Choose one with the serde configuration key ``validate.engine``: ``"jsonschema"``,
``"jsonschema-rs"`` (install ``kafka-schema-registry[json-rs]``), or a callable
``(schema, references, registry) -> validator``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from referencing import Registry

__all__ = ["ENGINES", "JsonValidator", "JsonschemaRsValidator", "JsonschemaValidator", "engine_for"]


class JsonValidator(Protocol):
    """What an engine builds for one schema."""

    def is_valid(self, value: Any) -> bool:
        """Whether ``value`` is valid."""

    def explain(self, value: Any) -> str | None:
        """Why ``value`` is invalid (field path, keyword, message), or None if it is valid."""


def _path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


class JsonschemaValidator:
    """The ``jsonschema`` engine; ``$ref`` resolves against ``registry`` (the schema's references)."""

    __slots__ = ("_validator", "is_valid")

    def __init__(self, schema: Any, references: list[tuple[str, Any]], registry: Registry[Any]) -> None:
        cls = validator_for(schema)
        cls.check_schema(schema)
        self._validator = cls(schema, registry=registry)
        self.is_valid: Callable[[Any], bool] = self._validator.is_valid

    def explain(self, value: Any) -> str | None:
        error = best_match(self._validator.iter_errors(value))
        if error is None:
            return None
        return f"field {_path(error.absolute_path)} fails {error.validator!r}: {error.message}"


class JsonschemaRsValidator:
    """The ``jsonschema-rs`` engine (Rust): the same answers, several times faster."""

    __slots__ = ("_validator", "is_valid")

    def __init__(self, schema: Any, references: list[tuple[str, Any]], registry: Registry[Any]) -> None:
        import jsonschema_rs

        validator_for(schema).check_schema(schema)  # the same schema errors as the default engine
        rs_registry = jsonschema_rs.Registry(references) if references else None
        self._validator = jsonschema_rs.validator_for(schema, registry=rs_registry, validate_formats=False)
        self.is_valid: Callable[[Any], bool] = self._validator.is_valid

    def explain(self, value: Any) -> str | None:
        for error in self._validator.iter_errors(value):
            keyword = error.schema_path[-1] if error.schema_path else "schema"
            return f"field {_path(error.instance_path)} fails {keyword!r}: {error.message}"
        return None


#: ``(schema, references, registry) -> JsonValidator``
Engine = Callable[[Any, list[tuple[str, Any]], Registry[Any]], JsonValidator]
ENGINES: dict[str, Engine] = {"jsonschema": JsonschemaValidator, "jsonschema-rs": JsonschemaRsValidator}


def engine_for(choice: Any) -> Engine:
    """The engine named by ``validate.engine`` (or the callable given); ValueError if unknown."""
    if callable(choice):
        return choice  # type: ignore[no-any-return]
    engine = ENGINES.get(str(choice))
    if engine is None:
        raise ValueError(f"validate.engine must be one of {', '.join(ENGINES)} or a callable, not {choice!r}")
    if engine is JsonschemaRsValidator:
        try:
            import jsonschema_rs  # noqa: F401
        except ImportError as exc:
            raise ValueError(
                "validate.engine jsonschema-rs needs jsonschema-rs: "
                "pip install 'kafka-schema-registry[json-rs]'"
            ) from exc
    return engine
