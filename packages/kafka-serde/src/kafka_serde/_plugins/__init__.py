"""One plugin module per serde name, each the target of the entry points of that name.

Asking the registry for ``integer`` imports ``_plugins.integer`` and no other plugin module.
"""
