"""The policy: every timing of the rules in one object, each default with its source.

The defaults are those of `etiquette-rules.md`. A deployment may override them (for example
from configuration); the rules core only ever reads them from the object it is given.
"""

from __future__ import annotations

from datetime import time, timedelta

from pydantic import BaseModel, ConfigDict, Field


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # email-terima-kasih; kapan-follow-up ("the day after")
    thank_you_deadline: timedelta = timedelta(hours=24)
    # (policy) career-centre guidance: 24 h ideal, within 2 days still fine
    thank_you_late_until: timedelta = timedelta(hours=72)
    # kapan-follow-up (about one week); (policy) at least 5 business days
    follow_up_wait_bd: int = Field(default=5, ge=1, le=30)
    # kalibrr-dos-donts (only after the stated period); (policy) 1-2 business-day buffer
    follow_up_after_reply_by_bd: int = Field(default=1, ge=0, le=10)
    # kalibrr-dos-donts (be patient after the first)
    second_follow_up_wait_bd: int = Field(default=5, ge=1, le=30)
    # kalibrr-dos-donts; kapan-follow-up
    max_follow_ups: int = Field(default=2, ge=1, le=2)
    # kapan-follow-up (more than two weeks unanswered)
    move_on_after_first_bd: int = Field(default=10, ge=1, le=60)
    # kalibrr-dos-donts ("days or weeks" after the second)
    move_on_after_second_bd: int = Field(default=5, ge=1, le=60)
    # membatalkan-wawancara
    cancel_ideal_notice: timedelta = timedelta(hours=48)
    cancel_min_notice: timedelta = timedelta(hours=24)
    # (policy) Indonesian career guidance: reply to an invitation within 24 h
    invitation_reply_within: timedelta = timedelta(hours=24)
    # (policy) reply while the contact still remembers you
    rejection_reply_within_bd: int = Field(default=5, ge=1, le=30)
    # (policy) Indonesian employers mostly close on cuti bersama days
    observe_joint_leave: bool = True
    # (policy) messages land at the start of a working day
    business_day_opening: time = time(9, 0)


DEFAULT_POLICY = Policy()
