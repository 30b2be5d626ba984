"""The talking points as they may leave the machine: without the personal data the case
already holds (pure).

The AI step sends the template with placeholders and, when the user typed some, the talking
points. What the case knows is put back as its placeholder before the points go out: the
candidate's and the contact's names (also each name on its own: "Pak Budi"), the company and
the position (also of the other interviews), the place of the interview, the contact's and the
candidate's e-mail addresses and phone numbers in any usual spelling (`0812-3456-7890`,
`+62 812 3456 7890`). Any other e-mail address or phone number in the points goes out as
`{{email}}` / `{{phone}}`. A value is found however it is spelled: "Maju-Jaya", "MajuJaya",
"maju_jaya", full-width letters ("Ｍａｊｕ"), "analis-data". `redact` also says what each
placeholder stood for, so the model's own sentences about the points can be filled in locally.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from followup.models import Case

_PLACEHOLDER = re.compile(r"(\{\{\w+\}\})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
# Legal forms around a company's name: "PT Maju Jaya Tbk" is also written "Maju Jaya".
_LEGAL = frozenset(
    "pt cv tbk persero perum ud fa koperasi yayasan ltd inc co corp llc gmbh pte bv sa plc".split()
)
# Words of a name that say nothing on their own.
_TITLES = frozenset(
    "bapak ibu pak bu mas mbak sdr sdri saudara saudari mr mrs ms miss dr prof ir drs".split()
)
MIN_NAME_PART = 3
MIN_PHONE_DIGITS = 9  # a shorter run of digits is a year range or an amount, not a number


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("62") else digits


def _company_forms(name: str) -> list[str]:
    words = name.replace(".", " ").replace(",", " ").split()
    core = [w for w in words if w.lower() not in _LEGAL]
    return [name, " ".join(core)] if core and len(core) < len(words) else [name]


def _person_forms(name: str) -> list[str]:
    parts = [p for p in re.split(r"[\s.,]+", name) if p]
    own = [p for p in parts if p.lower() not in _TITLES and len(p) >= MIN_NAME_PART]
    return [name, *own] if len(own) > 1 else [name, *own[:1]]


# Between the words of a name as people type it: spaces, a hyphen, an underscore, a dot, or
# nothing at all ("Maju Jaya", "Maju-Jaya", "MajuJaya", "maju_jaya").
_JOIN = r"[\s\-_.\u2010-\u2015]*"


def _replace(text: str, value: str, placeholder: str, found: dict[str, str]) -> str:
    """`value` replaced as a whole word, case-insensitively and however its words are joined,
    outside placeholders; what it stood for is noted in `found` (the first spelling seen)."""
    words = [w for w in re.split(r"[\s\-_.]+", value) if w]
    if not words:
        return text
    pattern = re.compile(
        r"(?<![^\W_])" + _JOIN.join(re.escape(w) for w in words) + r"(?![^\W_])", re.IGNORECASE
    )

    def swap(match: re.Match[str]) -> str:
        found.setdefault(placeholder.strip("{}"), match[0])
        return placeholder

    pieces = _PLACEHOLDER.split(text)  # placeholders at odd indexes stay as they are
    return "".join(piece if i % 2 else pattern.sub(swap, piece) for i, piece in enumerate(pieces))


def _known(case: Case) -> Iterable[tuple[str, str]]:
    """(value, placeholder) pairs the case knows, each value as it may be written."""
    contact = case.contact
    for name, placeholder in (
        (case.candidate_name, "{{candidate_name}}"),
        (contact.name if contact else None, "{{contact_name}}"),
    ):
        if name:
            yield from ((form, placeholder) for form in _person_forms(name))
    yield from ((form, "{{company}}") for form in _company_forms(case.company))
    yield case.position, "{{position}}"
    for other in case.other_interviews:
        yield from ((form, "{{other_company}}") for form in _company_forms(other.company))
        if other.position:
            yield other.position, "{{other_position}}"
        if other.location:
            yield other.location, "{{other_location}}"
    if case.interview is not None and case.interview.location:
        yield case.interview.location, "{{interview_where}}"


def redact_points(case: Case, points: str) -> str:
    """`points` (already cleaned to plain lines) with the case's personal data replaced by
    placeholders, and any other e-mail address or phone number by `{{email}}`/`{{phone}}`."""
    return redact(case, points)[0]


def redact(case: Case, points: str) -> tuple[str, dict[str, str]]:
    """`redact_points`, and what each placeholder stood for in the points (placeholder name ->
    the text as typed), to fill in the model's own sentences about them."""
    found: dict[str, str] = {}
    if not points:
        return points, found
    # full-width and other compatibility forms read as the letters they show
    points = unicodedata.normalize("NFKC", points)
    contact = case.contact
    emails = {contact.email.lower(): "{{contact_email}}"} if contact and contact.email else {}
    phones = {
        _digits(number): placeholder
        for number, placeholder in (
            (contact.phone if contact else None, "{{contact_phone}}"),
            (getattr(case, "candidate_phone", None), "{{candidate_phone}}"),
        )
        if number
    }

    def email(match: re.Match[str]) -> str:
        placeholder = emails.get(match[0].lower(), "{{email}}")
        found.setdefault(placeholder.strip("{}"), match[0])
        return placeholder

    def phone(match: re.Match[str]) -> str:
        placeholder = phones.get(_digits(match[0])) or (
            "{{phone}}" if len(_digits(match[0])) >= MIN_PHONE_DIGITS else None
        )
        if placeholder is None:
            return match[0]
        found.setdefault(placeholder.strip("{}"), match[0])
        return placeholder

    text = _PHONE.sub(phone, _EMAIL.sub(email, points))
    pairs = sorted(set(_known(case)), key=lambda pair: len(pair[0]), reverse=True)
    for value, placeholder in pairs:
        text = _replace(text, value, placeholder, found)
    return text, found
