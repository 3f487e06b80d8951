"""Fixtures shared by every distribution's tests (see tests/testsupport/)."""

pytest_plugins = ["testsupport.broker", "testsupport.registry_server"]
