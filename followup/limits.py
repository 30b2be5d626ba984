"""Every limit on what followup accepts, in one place. Each has its own sentence (the locale
key in the comment) wherever a person can reach it: the form, an import, the command line.

Times: every time that enters followup lies between 1990 and 2099, on its own clock *and* in
UTC, so that no timezone can carry it out of that range and no date arithmetic can overflow
(`9999-12-31T23:59:59+00:00` is 10000-01-01 in Jakarta; `0001-01-01T00:30+14:00` is in year 0
in UTC). A case then checks its times once more in its own zone (`followup.models.Case`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

EARLIEST, LATEST = date(1990, 1, 1), date(2100, 1, 1)  # error.date_out_of_range
# error.import_too_large: above the export of the largest workspace allowed (MAX_CASES
# applications with their steps and messages: about 3 kB each in the compact export, 6 kB with
# several kept messages), so the app's own file always comes back in
MAX_IMPORT_BYTES = 32_000_000
MAX_CASES = 1000  # applications per workspace and per import: workspace_full, import_too_many_cases
MAX_EVENTS = 500  # recorded steps per application: case_full, import_too_many_events
MAX_DRAFTS = 500  # kept messages per application: import_too_many_drafts

# A recorded step is kept only if it lies within the range in *every* zone (a zone is at most
# a day away from UTC), so a stored step can never make its case unreadable.
_SAFE_FROM = datetime.combine(EARLIEST + timedelta(days=1), datetime.min.time(), UTC)
_SAFE_UNTIL = datetime.combine(LATEST - timedelta(days=1), datetime.min.time(), UTC)


def plausible(moment: datetime) -> bool:
    """`moment` lies between 1990 and 2099 on its own clock and, if aware, in UTC."""
    if not EARLIEST <= moment.date() < LATEST:
        return False  # (checked first: converting such a time could overflow)
    if moment.tzinfo is None or moment.utcoffset() is None:
        return True
    return EARLIEST <= moment.astimezone(UTC).date() < LATEST


def storable(moment: datetime) -> bool:
    """An aware `moment` lies within the range whatever zone it is later shown in."""
    return plausible(moment) and _SAFE_FROM <= moment < _SAFE_UNTIL


def _plausible(moment: datetime) -> datetime:
    if not plausible(moment):
        raise PydanticCustomError("date_out_of_range", "date out of range")
    return moment


# A time of the models: the same range check wherever a time comes in.
Moment = Annotated[datetime, AfterValidator(_plausible)]
