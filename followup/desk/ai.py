"""The optional AI step, as a front end uses it: where the model is (`settings`), a rewriter
for `Desk.draft`, the session's memory of a failed model (`CircuitBreaker`) and the talking
points as they may leave the machine (`outgoing_points`). Imported only when AI is in use
(the OpenAI client is heavy)."""

from __future__ import annotations

from followup.desk.desk import Desk
from followup.messages import clean_points
from followup.redact import redact_points
from followup.tone import CircuitBreaker, rewriter, settings

__all__ = ["CircuitBreaker", "outgoing_points", "rewriter", "settings"]


def outgoing_points(desk: Desk, case_id: str, points: str) -> str:
    """The person's points as the model would get them: cleaned, personal data replaced."""
    return redact_points(desk.context(case_id), clean_points(points))
