"""The sync and async clients are two thin edges over one set of operations: the same public
methods with the same parameters, awaitable on the async side."""

from __future__ import annotations

import inspect

from kafka_schema_registry import AsyncSchemaRegistryClient, SchemaRegistryClient

SYNC_ON_BOTH = {"config", "new_client"}
RENAMED = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


def public_methods(
    cls: type[SchemaRegistryClient] | type[AsyncSchemaRegistryClient],
) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(cls).items()
        if callable(member) and (not name.startswith("_") or name in RENAMED or name in RENAMED.values())
    } | {"new_client": inspect.signature(cls.new_client)}  # a staticmethod, not callable in vars()


def parameters(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def test_both_clients_have_the_same_methods_and_parameters() -> None:
    sync_methods = public_methods(SchemaRegistryClient)
    async_methods = public_methods(AsyncSchemaRegistryClient)
    assert len(sync_methods) >= 38
    for name, signature in sync_methods.items():
        twin = RENAMED.get(name, name)
        assert twin in async_methods, f"AsyncSchemaRegistryClient lacks {twin}"
        assert parameters(async_methods[twin]) == parameters(signature), name
        is_coroutine = inspect.iscoroutinefunction(getattr(AsyncSchemaRegistryClient, twin))
        assert is_coroutine == (name not in SYNC_ON_BOTH), name
    assert set(async_methods) == {RENAMED.get(n, n) for n in sync_methods}


def test_secrets_stay_out_of_the_clients_repr() -> None:
    with SchemaRegistryClient({"url": "http://alice:s3cret@127.0.0.1:9"}) as client:
        assert repr(client) == "SchemaRegistryClient(url='http://127.0.0.1:9')"
        assert "s3cret" not in repr(client._setup.config) and "s3cret" not in repr(client._setup)
