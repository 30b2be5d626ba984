"""The rules core: `evaluate(case, now, policy) -> Plan`, pure and deterministic.

It reads no clock, no disk and no network: `now` and the policy are parameters.
"""

from followup.rules.plan import evaluate

__all__ = ["evaluate"]
