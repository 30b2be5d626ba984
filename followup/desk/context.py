"""A case in its workspace: the case plus the interviews of the workspace's other
applications, so that same-day clashes and offers see them whatever the stage. Every answer of
the `Desk` (plan, draft, marking, calendar) is given on this one case-in-context."""

from __future__ import annotations

from followup.history import StoredCase
from followup.models import Case, OtherInterview


def cancelled(case: Case) -> bool:
    """The case's current interview was cancelled: a cancellation in this round that no
    accepted new time has followed."""
    current = case.current_round()
    cancels = current.events_of("interview_cancelled")
    accepted = current.events_of("reschedule_accepted")
    return bool(cancels) and (not accepted or cancels[-1].at > accepted[-1].at)


def firm(stored: StoredCase) -> bool:
    """The application's interview is still to be held as planned (not cancelled, not past
    its invitation stage)."""
    case = stored.case
    return (
        case.interview is not None
        and case.stage in ("invited", "scheduled")
        and case.cancel is None
        and not cancelled(case)
    )


def in_context(stored: StoredCase, firm_others: list[StoredCase]) -> Case:
    """`stored`'s case with the firm interviews of the workspace's other applications added to
    its `other_interviews` (those it lists itself are not added twice)."""
    case = stored.case
    known = {(o.company, o.start) for o in case.other_interviews}
    added = []
    for other in firm_others:
        interview = other.case.interview
        if other.id == stored.id or interview is None:
            continue
        start = interview.start.astimezone(case.tz)
        if (other.case.company, start) in known:
            continue
        added.append(
            OtherInterview.model_construct(
                company=other.case.company,
                start=start,
                location=interview.location,
                position=other.case.position,
                contact=other.case.contact,  # that company's own contact (Revision 3)
                told=any(e.type == "lower_priority_told" for e in other.case.events),
                cancelled=False,  # (a cancelled application is not firm)
            )
        )
    if not added:
        return case
    added.sort(key=lambda other: (other.start, other.company))  # a stable `target` per company
    return case.model_copy(update={"other_interviews": [*case.other_interviews, *added]})
