"""The domain models: the JSON shapes of `contract.md`, used by the CLI, the page and the history.

Validation is strict (no silent coercion, unknown fields rejected). A naive time in a case is
read in the case's timezone; after validation every time in a case is aware and expressed in
that timezone, so the rules never compare naive with aware times.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, cast, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from followup.address import split_honorific
from followup.changes import Change
from followup.limits import EARLIEST as EARLIEST  # (re-exported: the rules use them)
from followup.limits import LATEST as LATEST
from followup.limits import MAX_EVENTS, Moment

Language = Literal["id", "en"]
Stage = Literal["invited", "scheduled", "interviewed", "rejected", "offer"]
InterviewFormat = Literal["in_person", "video", "phone"]
InterviewKind = Literal[
    "screening", "formal", "panel", "onsite", "final", "hiring_manager", "executive"
]
CancelReason = Literal[
    "illness",
    "family_emergency",
    "schedule_conflict",
    "unexpected",
    "accepted_other_offer",
    "not_interested",
    "unprepared",
]
DeclineReason = Literal["accepted_other_offer", "not_interested"]
EventType = Literal[
    "invitation_received",
    "invitation_accepted",
    "invitation_declined",
    "interview_confirmed",
    "interview_cancelled",
    "reschedule_requested",
    "reschedule_declined",
    "thank_you_sent",
    "follow_up_sent",
    "reply_received",
    "rejection_reply_sent",
    "linkedin_connected",
    "apology_sent",
    "reschedule_accepted",
    "lower_priority_told",
    "offer_reply_sent",
    "offer_accepted",
    "offer_declined",
]
ActionId = Literal[
    "accept_invitation",
    "decline_invitation",
    "confirm_interview",
    "cancel_interview",
    "reschedule_interview",
    "reply_reschedule_declined",
    "apologize_missed_interview",
    "apology_note",
    "collect_contact",
    "thank_you",
    "follow_up",
    "second_follow_up",
    "third_follow_up",
    "call_for_result",
    "move_on",
    "linkedin_connect",
    "thank_after_rejection",
    "cancel_other_interviews",
    "confirm_new_time",
    "tell_lower_priority",
    "respond_to_offer",
    "ask_interview_info",
    "negotiate_offer",
    "accept_offer",
    "decline_offer",
]
Status = Literal["now", "wait", "avoid", "done", "expired"]
Flag = Literal[
    "late",
    "optional",
    "last_follow_up",
    "notice_under_48h",
    "notice_under_24h",
    "phone_first",
    "reason_not_urgent",
    "same_day_conflict",
    "missing_contact_email",
    "call_when_open",
    "outside_hours",
    "consider_attending",
    "sign_before_resigning",
]
Channel = Literal["email", "phone", "whatsapp"]
# Drafts also have LinkedIn connection notes (the plan's channel for linkedin_connect is null).
DraftChannel = Literal["email", "phone", "whatsapp", "linkedin"]
Tone = Literal["formal", "warm", "concise"]
# The vocabulary as tuples, for choices and checks (the literals above are the one source).
TONES: tuple[Tone, ...] = get_args(Tone)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
DRAFT_CHANNELS: tuple[DraftChannel, ...] = get_args(DraftChannel)
SourceId = Literal[
    "kalibrr-dos-donts",
    "kapan-follow-up",
    "membatalkan-wawancara",
    "jangan-menolak",
    "email-terima-kasih",
]

# Names, companies and places are short; the page and the CLI refuse novels.
MAX_TEXT = 200
# Times outside this range are typing mistakes (and would overflow date arithmetic).
# (EARLIEST and LATEST, every other limit and the range check of `Moment`: followup.limits)


ZWJ = "\u200d"


def _one_line(value: str) -> str:
    """A name or place as one line of printable text: line breaks, tabs and runs of spaces
    become one space; other control characters go (they are never meant, and they would
    break a message or a link)."""
    # (the zero-width joiner stays: it holds an emoji sequence together, "👩\u200d💻")
    printable = "".join(ch if ch.isprintable() or ch == ZWJ else " " for ch in value)
    return " ".join(printable.split())


Line = Annotated[str, AfterValidator(_one_line)]


def shift(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta` in elapsed time (Python adds wall-clock time within one zone, which is
    wrong across a daylight-saving change), expressed in `moment`'s zone."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """`end - start` in elapsed time, whatever the zones."""
    return end.astimezone(UTC) - start.astimezone(UTC)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# "kak" (Revision 3): the everyday form for a young recruiter, kept only in warm WhatsApp
Salutation = Literal["bapak", "ibu", "kak"]
InvitedVia = Literal["email", "whatsapp", "phone"]
OfferDecision = Literal["accept", "decline"]


def _phone_number(value: str | None) -> str | None:
    """A phone number as typed (8–15 digits with the usual separators), or None when blank."""
    if value is None or not value.strip():
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    if set(value) - set("0123456789+-(). ") or not 8 <= len(digits) <= 15:
        raise PydanticCustomError("phone_invalid", "not a phone number")
    return value.strip()


Phone = Annotated[str, Field(max_length=40), AfterValidator(_phone_number)]


class Contact(_Model):
    name: Line | None = Field(default=None, max_length=MAX_TEXT)
    # "Bapak" or "Ibu" (Revision 2); an honorific typed into `name` is moved here
    salutation: Salutation | None = None
    title: Line | None = Field(default=None, max_length=MAX_TEXT)
    email: EmailStr | None = None
    phone: Phone | None = None
    via_recruiter: bool = False

    @model_validator(mode="after")
    def _honorific_to_salutation(self) -> "Contact":
        """ "Ibu Rina Marlina" is name "Rina Marlina" with salutation "ibu" (followup.address).
        The honorific typed with the name wins over the `salutation` field: it is the more
        specific statement (the field may be a stale default of the form)."""
        if self.name:
            name, meant, found = split_honorific(self.name)
            if found:
                self.name = name or None
                self.salutation = cast(Salutation | None, meant) or self.salutation
        return self


class Interview(_Model):
    start: Moment
    duration_minutes: int = Field(default=60, le=24 * 60)
    format: InterviewFormat = "in_person"
    kind: InterviewKind = "formal"
    location: Line | None = Field(default=None, max_length=MAX_TEXT)

    @field_validator("duration_minutes")
    @classmethod
    def _positive_duration(cls, value: int) -> int:
        if value <= 0:
            raise PydanticCustomError("end_before_start", "the interview ends before it starts")
        return value

    @property
    def end(self) -> datetime:
        return shift(self.start, timedelta(minutes=self.duration_minutes))


class CancelRequest(_Model):
    reason: CancelReason
    still_interested: bool = True
    proposed_slots: list[Moment] = Field(default_factory=list, max_length=10)


class OtherInterview(_Model):
    company: Line = Field(min_length=1, max_length=MAX_TEXT)
    start: Moment
    location: Line | None = Field(default=None, max_length=MAX_TEXT)
    position: Line | None = Field(default=None, max_length=MAX_TEXT)
    # that company's own contact (Revision 3): a draft to it never carries this case's
    contact: Contact | None = None
    # what the person has done about it from this application (set when a step is marked):
    # told it of an offer, cancelled it after accepting one
    told: bool = False
    cancelled: bool = False


class Offer(_Model):
    """A job offer (Revision 3): when it came, by when to answer, and the person's decision."""

    received_at: Moment
    answer_by: date | None = None
    decision: OfferDecision | None = None


class Event(_Model):
    type: EventType
    at: Moment
    # a reply that sets a new date ("we will let you know by 4 December", Revision 3)
    new_reply_by: date | None = None

    @model_validator(mode="after")
    def _new_reply_by_on_a_reply(self) -> "Event":
        if self.new_reply_by is not None and self.type != "reply_received":
            raise PydanticCustomError(
                "new_reply_by_not_a_reply", "new_reply_by belongs to a reply_received event"
            )
        return self


# Steps that belong to one interview round: after "invited to a next round" the new round
# gets its own confirmation, thank-you and follow-ups (the earlier ones stay in the history).
ROUND_EVENTS: frozenset[str] = frozenset(
    {
        "interview_confirmed",
        "interview_cancelled",
        "reschedule_requested",
        "reschedule_declined",
        "reschedule_accepted",
        "lower_priority_told",
        "thank_you_sent",
        "follow_up_sent",
        "reply_received",
        "apology_sent",
    }
)


class PastRound(_Model):
    """An earlier interview round of the same application, and when the next one began."""

    interview: Interview
    until: Moment


class Case(_Model):
    timezone: str = "Asia/Jakarta"
    country: str = "ID"
    language: Language = "id"
    candidate_name: Line | None = Field(default=None, max_length=MAX_TEXT)
    # the candidate's own number, signed under e-mails when known (Revision 2)
    candidate_phone: Phone | None = None
    company: Line = Field(min_length=1, max_length=MAX_TEXT)
    position: Line = Field(min_length=1, max_length=MAX_TEXT)
    contact: Contact | None = None
    stage: Stage
    invited_at: Moment | None = None
    invited_via: InvitedVia | None = None  # the channel the invitation came by (Revision 3)
    interview: Interview | None = None
    reply_by: date | None = None
    rejected_at: Moment | None = None
    decline_reason: DeclineReason | None = None
    cancel: CancelRequest | None = None
    offer: Offer | None = None
    other_interviews: list[OtherInterview] = Field(default_factory=list, max_length=50)
    previous_rounds: list[PastRound] = Field(default_factory=list, max_length=10)
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
            raise PydanticCustomError(
                "unknown_timezone", "unknown timezone {value}", {"value": value}
            ) from None
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        from followup.business_days import supported_country

        if not supported_country(value):
            raise PydanticCustomError(
                "unknown_country", "unknown country {value}", {"value": value}
            )
        return value

    @model_validator(mode="after")
    def _localise_and_check(self) -> "Case":
        tz = ZoneInfo(self.timezone)

        def local(dt: datetime, field: str) -> datetime:
            if dt.tzinfo is not None:
                return dt.astimezone(tz)
            aware = dt.replace(tzinfo=tz)
            if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != dt:
                # a local time the clocks skip (daylight saving): said, never moved
                raise PydanticCustomError(
                    "time_gap",
                    "{value} does not exist in {zone}",
                    {"field": field, "value": dt.strftime("%Y-%m-%d %H:%M"), "zone": tz.key},
                )
            return aware

        # Every time becomes aware, in the case's timezone (assignment bypasses validation).
        if self.invited_at is not None:
            self.invited_at = local(self.invited_at, "invited_at")
        if self.rejected_at is not None:
            self.rejected_at = local(self.rejected_at, "rejected_at")
        if self.offer is not None:
            self.offer.received_at = local(self.offer.received_at, "offer.received_at")
        if self.interview is not None:
            self.interview.start = local(self.interview.start, "interview.start")
        if self.cancel is not None:
            self.cancel.proposed_slots = [
                local(s, f"cancel.proposed_slots[{i}]")
                for i, s in enumerate(self.cancel.proposed_slots)
            ]
        for i, other in enumerate(self.other_interviews):
            other.start = local(other.start, f"other_interviews[{i}].start")
        for i, past in enumerate(self.previous_rounds):
            past.interview.start = local(past.interview.start, f"previous_rounds[{i}].interview")
            past.until = local(past.until, f"previous_rounds[{i}].until")
        for i, event in enumerate(self.events):
            event.at = local(event.at, f"events[{i}].at")
        self._check_dates()
        self._check_stage_requirements()
        return self

    def _check_dates(self) -> None:
        moments: list[tuple[str, date]] = []
        if self.invited_at:
            moments.append(("invited_at", self.invited_at.date()))
        if self.rejected_at:
            moments.append(("rejected_at", self.rejected_at.date()))
        if self.reply_by:
            moments.append(("reply_by", self.reply_by))
        if self.offer is not None:
            moments.append(("offer.received_at", self.offer.received_at.date()))
            if self.offer.answer_by is not None:
                moments.append(("offer.answer_by", self.offer.answer_by))
        if self.interview:
            moments.append(("interview.start", self.interview.start.date()))
        if self.cancel:
            moments += [
                (f"cancel.proposed_slots[{i}]", s.date())
                for i, s in enumerate(self.cancel.proposed_slots)
            ]
        moments += [
            (f"other_interviews[{i}].start", o.start.date())
            for i, o in enumerate(self.other_interviews)
        ]
        for i, past in enumerate(self.previous_rounds):
            moments.append((f"previous_rounds[{i}].interview.start", past.interview.start.date()))
            moments.append((f"previous_rounds[{i}].until", past.until.date()))
        moments += [(f"events[{i}].at", e.at.date()) for i, e in enumerate(self.events)]
        moments += [
            (f"events[{i}].new_reply_by", e.new_reply_by)
            for i, e in enumerate(self.events)
            if e.new_reply_by is not None
        ]
        for name, day in moments:
            if not EARLIEST <= day < LATEST:
                raise PydanticCustomError("date_out_of_range", "date out of range", {"field": name})

    def _check_stage_requirements(self) -> None:
        needs_interview = self.stage in ("scheduled", "interviewed") or self.cancel is not None
        if needs_interview and self.interview is None:
            raise PydanticCustomError("required_for_stage", "required", {"field": "interview"})
        if self.stage == "invited" and self.invited_at is None:
            raise PydanticCustomError("required_for_stage", "required", {"field": "invited_at"})
        if self.stage == "rejected" and self.rejected_at is None:
            raise PydanticCustomError("required_for_stage", "required", {"field": "rejected_at"})
        if self.cancel is not None and self.stage not in ("invited", "scheduled"):
            raise PydanticCustomError("cancel_wrong_stage", "cancel needs invited or scheduled")
        if self.offer is not None and self.stage != "offer":
            raise PydanticCustomError("offer_wrong_stage", "offer needs the offer stage")
        if self.reply_by and self.interview and self.reply_by < self.interview.start.date():
            raise PydanticCustomError(
                "reply_by_before_interview", "reply_by is before the interview"
            )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def round_started(self) -> datetime | None:
        """When the current interview round began (None: the first round)."""
        return max((p.until for p in self.previous_rounds), default=None)

    def current_round(self) -> "Case":
        """The case as its current round sees it: steps of earlier rounds left out."""
        began = self.round_started
        if began is None:
            return self
        kept = [e for e in self.events if e.type not in ROUND_EVENTS or e.at > began]
        return self.model_copy(update={"events": kept})

    def events_of(self, *types: EventType) -> list[Event]:
        """Recorded events of the given types, oldest first."""
        return sorted((e for e in self.events if e.type in types), key=lambda e: e.at)


class Recommendation(_Model):
    action: ActionId
    status: Status
    not_before: datetime | None = None
    deadline: datetime | None = None
    channel: Channel | None = None
    template: str | None = None
    flags: list[Flag] = Field(default_factory=list)
    reason: str
    sources: list[SourceId]
    # an action aimed at another interview: its index in `other_interviews` (Revision 3)
    target: int | None = None

    @model_serializer(mode="wrap")
    def _target_only_when_aimed(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """`target` is written only for an action aimed at another interview (contract)."""
        found: dict[str, Any] = handler(self)
        if found.get("target") is None:
            found.pop("target", None)
        return found


class Plan(_Model):
    now: datetime
    stage: Stage
    actions: list[Recommendation]
    next_change: datetime | None = None

    def get(self, action: ActionId) -> Recommendation | None:
        """The recommendation for `action`, or None when it does not apply."""
        return next((r for r in self.actions if r.action == action), None)


class Links(_Model):
    mailto: str | None = None
    whatsapp: str | None = None
    tel: str | None = None


class CheckItem(_Model):
    """A sentence of the AI version the person should read before sending, and why
    (contract.md, `draft --llm` "check")."""

    text: str
    why: str


class Draft(_Model):
    """A message ready to send (contract.md, `python -m followup draft`)."""

    action: ActionId
    channel: DraftChannel
    language: Language
    tone: Tone
    subject: str | None
    body: str
    source: Literal["template", "llm"] = "template"
    llm_rejected: str | None = None
    # the moment the wording is written for (greeting, "hari ini"/"besok"; Revision 3)
    send_at: datetime | None = None
    links: Links = Field(default_factory=Links)
    # what the AI version changed from the template draft (`draft --llm` prints it)
    changes: list[Change] = Field(default_factory=list, exclude=True)
    # what to read before sending it (`draft --llm` prints it), and the AI's own sentences
    # for the person's points, as they stand in the body
    check: list[CheckItem] = Field(default_factory=list, exclude=True)
    own: str | None = Field(default=None, exclude=True)
