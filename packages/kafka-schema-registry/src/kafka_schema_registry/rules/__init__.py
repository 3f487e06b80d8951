"""What a data-contract rule executor or action is written against.

Executors are plugins of kind ``rule_executor`` named by the rule type they run
(``CEL``, ``JSONATA``, ``ENCRYPT``, ...); actions are plugins of kind
``rule_action`` (``DLQ``, ...). Contribute them through the
``kafka_rule_executors`` / ``kafka_rule_actions`` hooks and an entry point in
``kafka_core.rule_executor`` / ``kafka_core.rule_action`` named after the type;
a serde finds them when a schema's rule names them.
"""

from __future__ import annotations

from .._serde.rule_execution import (
    FieldRuleExecutor,
    FieldTransform,
    FieldTransformer,
    RuleAction,
    RuleConditionError,
    RuleContext,
    RuleError,
    RuleExecutor,
)

__all__ = [
    "FieldRuleExecutor",
    "FieldTransform",
    "FieldTransformer",
    "RuleAction",
    "RuleConditionError",
    "RuleContext",
    "RuleError",
    "RuleExecutor",
]
