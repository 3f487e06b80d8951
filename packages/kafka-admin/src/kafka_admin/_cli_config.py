"""The command line's client configuration: properties file, environment, then flags.

Later sources override earlier ones: a Java-style properties file
(``--config-file`` or ``KAFKA_ADMIN_CONFIG_FILE``), then the environment
(``KAFKA_BOOTSTRAP_SERVERS``, and ``KAFKA_ADMIN_<NAME>`` for any librdkafka
property, ``_`` read as ``.``: ``KAFKA_ADMIN_SASL_USERNAME`` ->
``sasl.username``), then ``-b`` and ``-X key=value`` flags. Errors name the
source and line, never a value (it may be a secret).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["ConfigError", "client_config", "parse_properties"]

CONFIG_FILE_ENV = "KAFKA_ADMIN_CONFIG_FILE"
BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS"
PROPERTY_ENV_PREFIX = "KAFKA_ADMIN_"


class ConfigError(ValueError):
    """The client configuration could not be assembled; the message says where."""


def parse_properties(text: str, source: str) -> dict[str, str]:
    """Parse ``key=value`` (or ``key: value``) lines; ``#`` and ``!`` start comments."""
    properties: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        separators = [i for i in (line.find("="), line.find(":")) if i > 0]
        if not separators:
            raise ConfigError(f"{source}:{number}: expected key=value")
        cut = min(separators)
        key, value = line[:cut].strip(), line[cut + 1 :].strip()
        if not key:
            raise ConfigError(f"{source}:{number}: the key is empty")
        properties[key] = value
    return properties


def _from_file(path: str) -> dict[str, str]:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {file}: {exc.strerror}") from None
    return parse_properties(text, str(file))


def _from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    properties: dict[str, str] = {}
    for name, value in sorted(environ.items()):
        if name.startswith(PROPERTY_ENV_PREFIX) and name != CONFIG_FILE_ENV:
            key = name[len(PROPERTY_ENV_PREFIX) :].lower().replace("_", ".")
            if key:
                properties[key] = value
    if BOOTSTRAP_ENV in environ:
        properties["bootstrap.servers"] = environ[BOOTSTRAP_ENV]
    return properties


def _from_flags(bootstrap: str | None, properties: Sequence[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for index, item in enumerate(properties, start=1):
        key, separator, value = item.partition("=")
        if not separator or not key.strip():
            raise ConfigError(f"-X option {index}: expected key=value")
        result[key.strip()] = value
    if bootstrap is not None:
        result["bootstrap.servers"] = bootstrap
    return result


def client_config(
    config_file: str | None,
    bootstrap: str | None,
    properties: Sequence[str],
    environ: Mapping[str, str],
) -> dict[str, str | int | float | bool]:
    """The librdkafka config from the three sources; ``bootstrap.servers`` is required."""
    conf: dict[str, str | int | float | bool] = {}
    file = config_file if config_file is not None else environ.get(CONFIG_FILE_ENV)
    if file:
        conf.update(_from_file(file))
    conf.update(_from_environment(environ))
    conf.update(_from_flags(bootstrap, properties))
    if not conf.get("bootstrap.servers"):
        raise ConfigError(
            f"no bootstrap servers: give -b HOST:PORT, set {BOOTSTRAP_ENV}, "
            "or bootstrap.servers in a config file"
        )
    return conf
