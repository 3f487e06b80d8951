"""``python -m kafka_admin``: the ``kafka-admin`` command line."""

from ._cli import main

__all__: list[str] = []

raise SystemExit(main())
