"""Load the native client (``confluent_kafka.cimpl``) without its Python layers.

Importing ``confluent_kafka`` runs its package ``__init__``, which pulls in its
serializing clients and asyncio (about 40 ms). We only need the compiled
extension, so we load it directly under its own module name. If the user
later imports ``confluent_kafka`` itself, Python finds the already loaded
extension in ``sys.modules`` and both share the same native types; a one-shot
finder sets the loaded submodules as attributes of that package, as a normal
import would have.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec

__all__ = ["cimpl", "load_submodule"]

_PACKAGE = "confluent_kafka"
_loaded: list[str] = []


class _PackageCompleter:
    """Meta path finder for the first real import of ``confluent_kafka``, then gone.

    Before the package ``__init__`` runs, it binds the submodules loaded here
    as the package's attributes (``confluent_kafka.cimpl`` works as usual).
    """

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: object = None) -> ModuleSpec | None:
        if name != _PACKAGE:
            return None
        sys.meta_path[:] = [f for f in sys.meta_path if f is not self]
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run_init = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            for child in _loaded:
                setattr(module, child, sys.modules[f"{_PACKAGE}.{child}"])
            run_init(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def load_submodule(name: str) -> ModuleType:
    """Return ``confluent_kafka.<name>``, loading it without the package ``__init__``.

    Only for modules that depend on nothing but the extension and the
    standard library (``cimpl`` and ``_model``).
    """
    full = f"{_PACKAGE}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    placed_parent = _PACKAGE not in sys.modules
    if placed_parent:
        # A parent module object (not executed) so that the child's relative
        # imports resolve; removed again so a later `import confluent_kafka`
        # still runs the real package __init__.
        spec = importlib.util.find_spec(_PACKAGE)
        if spec is None:  # pragma: no cover - confluent-kafka is a dependency
            raise ImportError("kafka-core needs the confluent-kafka wheel (pip install confluent-kafka)")
        sys.modules[_PACKAGE] = importlib.util.module_from_spec(spec)
    try:
        child_spec = importlib.util.find_spec(full)
        if child_spec is None or child_spec.loader is None:  # pragma: no cover
            raise ImportError(f"{full} is missing from the installed confluent-kafka")
        module = importlib.util.module_from_spec(child_spec)
        sys.modules[full] = module
        try:
            child_spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[full]
            raise
    finally:
        if placed_parent:
            del sys.modules[_PACKAGE]
    if placed_parent:
        _loaded.append(name)
        if not any(isinstance(f, _PackageCompleter) for f in sys.meta_path):
            sys.meta_path.insert(0, _PackageCompleter())
    else:
        setattr(sys.modules[_PACKAGE], name, module)
    return module


if TYPE_CHECKING:  # the wheel ships a stub for the extension: type-check against it
    from confluent_kafka import cimpl
else:
    cimpl = load_submodule("cimpl")
