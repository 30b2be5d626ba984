"""`evaluate`: runs the rules of the case's stage and puts the outcomes into words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from followup.errors import CaseError
from followup.i18n import format_day, format_moment, language, text
from followup.models import EARLIEST, LATEST, Case, Plan, Recommendation
from followup.policy import DEFAULT_POLICY, Policy
from followup.rules.cancel import check_times
from followup.rules.core import FLAG_ORDER, NO_MESSAGE, STATUS_RANK, Context, Outcome
from followup.rules.stages import STAGE_RULES


def _words(outcome: Outcome, lang: str) -> str:
    params: dict[str, str] = {}
    for name, value in {
        **outcome.params,
        "deadline": outcome.deadline,
        "not_before": outcome.not_before,
    }.items():
        if isinstance(value, datetime):
            params[name] = format_moment(value, lang)
        elif isinstance(value, date):
            params[name] = format_day(value, lang)
        elif isinstance(value, list):
            params[name] = ", ".join(str(v) for v in value)
        elif value is not None:
            params[name] = str(value)
    return text(lang, "reason", outcome.reason, **params)


def _to_recommendation(outcome: Outcome, lang: str) -> Recommendation:
    return Recommendation.model_construct(
        action=outcome.action,
        status=outcome.status,
        not_before=outcome.not_before,
        deadline=outcome.deadline,
        channel=outcome.channel,
        template=None if outcome.action in NO_MESSAGE else outcome.action,
        flags=sorted(set(outcome.flags), key=FLAG_ORDER.index),
        reason=_words(outcome, lang),
        sources=list(outcome.sources),
    )


def evaluate(
    case: Case, now: datetime, policy: Policy = DEFAULT_POLICY, lang: str | None = None
) -> Plan:
    """The plan for `case` at `now`: every action that applies, its status, timing and reason.

    Raises `CaseError` when the case contradicts `now` (a recorded event in the future, or
    reschedule slots that are too few or too soon). A naive `now` is read in the case's zone.
    """
    lang = language(lang or case.language)
    if not EARLIEST <= now.date() < LATEST:
        raise CaseError("date_out_of_range", "now")
    now = now.replace(tzinfo=case.tz) if now.tzinfo is None else now.astimezone(case.tz)
    # Rules compare `now` (in UTC) with times in the case's zone: Python then compares instants,
    # not wall-clock readings, which matters around a daylight-saving change.
    check_times(case, now.astimezone(UTC))
    ctx = Context(case.current_round(), now.astimezone(UTC), policy)
    outcomes = [o for o in STAGE_RULES[case.stage](ctx) if o is not None]
    # Most urgent first: by status, then dated steps by their time, then undated ones.
    ordered = sorted(
        enumerate(outcomes),
        key=lambda io: (
            STATUS_RANK[io[1].status],
            (io[1].deadline or io[1].not_before) is None,
            (io[1].deadline or io[1].not_before or now).timestamp(),
            io[0],
        ),
    )
    future = [t for o in outcomes for t in o.changes if t > now]
    return Plan.model_construct(
        now=now,
        stage=case.stage,
        actions=[_to_recommendation(o, lang) for _, o in ordered],
        next_change=min(future) if future else None,
    )
