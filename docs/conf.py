"""Sphinx configuration for the kafka-* toolkit documentation."""

project = "Kafka Python toolkit"
author = "The kafka-* developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True}
nitpicky = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
# The native classes we subclass carry docstrings with labels of the reference's own docs.
suppress_warnings = ["ref.python", "ref.ref"]
autodoc_inherit_docstrings = False
