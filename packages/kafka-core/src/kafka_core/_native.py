"""Load the native client (``confluent_kafka.cimpl``) without its Python layers.

Importing ``confluent_kafka`` runs its package ``__init__``, which pulls in its
serializing clients and asyncio (about 40 ms). We only need the compiled
extension, so we load it directly under its own module name. If the user
later imports ``confluent_kafka`` itself, Python finds the already loaded
extension in ``sys.modules`` and both share the same native types.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

__all__ = ["cimpl", "load_submodule"]

_PACKAGE = "confluent_kafka"


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
        return module
    finally:
        if placed_parent:
            del sys.modules[_PACKAGE]


TYPE_CHECKING = False
if TYPE_CHECKING:  # the wheel ships a stub for the extension: type-check against it
    from confluent_kafka import cimpl
else:
    cimpl = load_submodule("cimpl")
