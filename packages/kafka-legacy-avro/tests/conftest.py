"""Fixtures of kafka-legacy-avro's tests.

Importing the package emits its DeprecationWarning, which the root config
turns into an error: it is imported here once, with exactly that warning
filtered (``test_legacy_package.py`` checks the warning in a fresh interpreter).
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="kafka-legacy-avro is deprecated", category=DeprecationWarning)
    import kafka_legacy_avro  # noqa: F401
