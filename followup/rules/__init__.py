"""The rules core: `evaluate(case, now, policy) -> Plan`, pure and deterministic.

It reads no clock, no disk and no network: `now` and the policy are parameters. `decide`
gives the same plan as decisions before any words (`followup/rules/catalog.py` is the table).
"""

from followup.rules.plan import decide, evaluate, send_time

__all__ = ["decide", "evaluate", "send_time"]
