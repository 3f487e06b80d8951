"""Version of the kafka-schema-registry distribution."""

__all__ = ["__version__"]
__version__ = "0.1.0"
