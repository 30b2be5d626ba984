"""The planned steps in a calendar: an iCalendar file of every application's upcoming
interview and steps, and a Google Calendar "add event" link for one step. Each step is the one
the plan shows (the case in its workspace), so the calendar never disagrees with the page.

Events have stable UIDs (importing the file again updates them instead of duplicating them)
and the file carries a `VTIMEZONE` for every zone it uses (RFC 5545), so strict calendar
programs place them right."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from followup.history import StoredCase
from followup.i18n import language, text
from followup.models import Plan, Recommendation

STEP_MINUTES = 30  # how long a step's event lasts in the calendar


def upcoming(plan: Plan, now: datetime) -> list[tuple[datetime, Recommendation]]:
    """The plan's steps still ahead (a step to do now: its deadline; one that waits: its
    start), soonest first."""
    return sorted(
        (
            (moment, rec)
            for rec in plan.actions
            for moment in (rec.not_before if rec.status == "wait" else rec.deadline,)
            if moment is not None and moment > now and rec.status in ("now", "wait")
        ),
        key=lambda pair: pair[0],
    )


Link = Callable[[str], str]  # a case's id -> the address that opens it in its workspace


def ics(
    planned: Iterable[tuple[StoredCase, Plan]], now: datetime, lang: str, link: Link | None = None
) -> bytes:
    """The upcoming interviews and planned steps of every (case, plan), as an iCalendar file.
    With `link`, every event carries the address that opens its application (its URL and a line
    of its description): the reminder is the way back to the workspace."""
    from icalendar import Calendar

    lang = language(lang)
    calendar = Calendar()
    calendar.add("prodid", "-//followup//followup//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text(lang, "ics", "calendar_name"))
    days: list[date] = []
    for stored, plan in planned:
        case = stored.case
        items = []
        if case.interview is not None and case.interview.start > now:
            title = text(lang, "ics", "interview", company=case.company)
            items.append(("interview", title, case.interview.start, case.interview.end, ""))
        for moment, rec in upcoming(plan, now):
            key = "starts" if rec.status == "wait" else "deadline"
            title = text(
                lang, "ics", key, action=text(lang, "action", rec.action), company=case.company
            )
            end = moment + timedelta(minutes=STEP_MINUTES)
            items.append((rec.action, title, moment, end, rec.reason))
        url = link(stored.id) if link is not None else None
        for suffix, title, start, end, description in items:
            if url is not None:
                description = _with_link(description, url, lang)
            event = _event(f"{stored.id}.{suffix}", title, start, end, description, now)
            if url is not None:
                event.add("url", url)
            calendar.add_component(event)
            days += [start.date(), end.date()]
    if days:
        # a VTIMEZONE for every TZID used, with the zone's rules over the events' years
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return bytes(calendar.to_ical())


def _event(
    uid: str, title: str, start: datetime, end: datetime, description: str, now: datetime
) -> Any:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", f"{uid}@followup")  # stable: re-import updates
    event.add("dtstamp", now.astimezone(UTC))  # RFC 5545: DTSTAMP is in UTC
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    if description:
        event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    return event


def _with_link(description: str, url: str, lang: str) -> str:
    opening = text(lang, "ics", "open", link=url)
    return f"{description}\n\n{opening}" if description else opening


def google_link(
    stored: StoredCase, rec: Recommendation, moment: datetime, lang: str, url: str | None = None
) -> str:
    """A Google Calendar "add event" link (just a link: nothing is sent until it is opened),
    its details ending with the address that opens the application (`url`), when given."""
    start = moment.astimezone(UTC)
    end = start + timedelta(minutes=STEP_MINUTES)
    title = f"{text(lang, 'action', rec.action)} — {stored.case.company}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "details": _with_link(rec.reason, url, lang) if url else rec.reason,
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"
