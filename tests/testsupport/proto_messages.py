"""The generated Protobuf message classes the format tests share, loaded once per process.

They live in ``packages/kafka-schema-registry/tests/format_data/proto_messages.py``
(not a package: its descriptors go into protobuf's default pool, which takes
each file once), so every test module asks here instead of importing it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

__all__ = ["proto_messages"]

_PATH = Path(__file__).resolve().parents[2] / "packages" / "kafka-schema-registry" / "tests" / "format_data"
_NAME = "format_data_proto_messages"


def proto_messages() -> Any:
    """The module of test message classes (``Money``, ``Order``, ``Refund``, ...)."""
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, _PATH / "proto_messages.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]
