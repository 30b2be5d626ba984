"""The talking points as they may leave the machine: without the personal data the case
already holds (pure).

The AI step sends the template with placeholders and, when the user typed some, the talking
points. What the case knows is put back as its placeholder before the points go out: the
candidate's and the contact's names (also each name on its own: "Pak Budi"), the company and
the position (also of the other interviews), the place of the interview, the contact's and the
candidate's e-mail addresses and phone numbers in any usual spelling (`0812-3456-7890`,
`+62 812 3456 7890`). Any other e-mail address or phone number in the points goes out as
`{{email}}` / `{{phone}}`. The draft itself keeps the points exactly as typed: they are filled
in locally, at their own placeholder.
"""

from __future__ import annotations

import re
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


def _replace(text: str, value: str, placeholder: str) -> str:
    """`value` replaced as a whole word, case-insensitively, outside placeholders."""
    words = value.split()
    if not words:
        return text
    pattern = re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
    )
    pieces = _PLACEHOLDER.split(text)  # placeholders at odd indexes stay as they are
    return "".join(
        piece if i % 2 else pattern.sub(placeholder, piece) for i, piece in enumerate(pieces)
    )


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
    if not points:
        return points
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
    text = _EMAIL.sub(lambda m: emails.get(m[0].lower(), "{{email}}"), points)
    text = _PHONE.sub(
        lambda m: (
            phones.get(_digits(m[0]))
            or ("{{phone}}" if len(_digits(m[0])) >= MIN_PHONE_DIGITS else m[0])
        ),
        text,
    )
    pairs = sorted(set(_known(case)), key=lambda pair: len(pair[0]), reverse=True)
    for value, placeholder in pairs:
        text = _replace(text, value, placeholder)
    return text
