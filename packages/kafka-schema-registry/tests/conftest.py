"""Fixtures of this distribution's tests: the loopback Schema Registry server (see
``tests/testsupport/registry_server.py``), until the root conftest loads it for every test."""

from testsupport.registry_server import sr_clients, sr_server, sr_tls_ca, sr_tls_server

__all__ = ["sr_clients", "sr_server", "sr_tls_ca", "sr_tls_server"]
