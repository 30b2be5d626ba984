"""The guard on an AI rewording of a template (pure).

The model sees the template with its `{{placeholders}}`, never the user's data, and the facts
are filled in only after this guard passes. It refuses a version that changes a placeholder,
adds a link, an e-mail address or a phone number (whatever the talking points say), a number,
date or time that the template and the user's talking points lack, wanders too far in length,
is in the other language, or carries markdown, HTML or stray brackets. It returns the key
of the first failure (a sentence in the [guard] section of the locale files) or None.
"""

from __future__ import annotations

import re
from collections import Counter

from followup.templates import BLOCKS, PLACEHOLDER

MIN_RATIO, MAX_RATIO = 0.5, 2.0

_URL = re.compile(
    r"(?i)\b(?:https?://|ftp://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|net|org|co|io|me|ly)\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_NUMBER = re.compile(r"\d+")
_JUNK = re.compile(r"\*\*|__|```|^\s*#|<[^>]*>|[\[\]{}<>]", re.MULTILINE)
_WORD = re.compile(r"[a-zà-ÿ]+")
# Names of days and months count as dates.
_DATE_WORDS = frozenset(
    "senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli "
    "agustus september oktober november desember monday tuesday wednesday thursday friday "
    "saturday sunday january february march june july august october december "
    "besok kemarin lusa tomorrow yesterday".split()
)
_MARKERS = {
    "id": frozenset(
        "yang dan saya untuk dengan atas ini di dari kami terima kasih bapak ibu mohon "
        "tidak akan sudah dapat pada kepada apakah".split()
    ),
    "en": frozenset(
        "the and to of for i you with this thank your my is are be on at would will "
        "please have it".split()
    ),
}


def _strip(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def _layout_ok(body: str) -> bool:
    for line in body.splitlines():
        for name in BLOCKS & set(PLACEHOLDER.findall(line)):
            if line.strip() != f"{{{{{name}}}}}":
                return False
    return True


def _language(text: str) -> str:
    words = _WORD.findall(text.lower())
    scores = {lang: sum(w in markers for w in words) for lang, markers in _MARKERS.items()}
    return max(scores, key=lambda lang: scores[lang])


def check(
    template_subject: str | None,
    template_body: str,
    subject: str | None,
    body: str,
    talking_points: str | None,
    language: str,
) -> str | None:
    """The first reason to refuse the rewording, or None when it may be used."""
    if (template_subject is None) != (subject is None or subject == ""):
        return "subject"
    for original, new in ((template_subject or "", subject or ""), (template_body, body)):
        if Counter(PLACEHOLDER.findall(original)) != Counter(PLACEHOLDER.findall(new)):
            return "placeholders"
    # Links and contacts: only the template's. Talking points reach the draft through their
    # placeholder, so the model never needs to copy one (an injection planted there would).
    template = _strip(f"{template_subject or ''}\n{template_body}")
    known = f"{template}\n{talking_points or ''}"
    written = _strip(f"{subject or ''}\n{body}")
    if set(_EMAIL.findall(written)) - set(_EMAIL.findall(template)):
        return "new_contact"
    if set(_URL.findall(written.lower())) - set(_URL.findall(template.lower())):
        return "new_link"
    phones = {p for p in _PHONE.findall(written) if len(re.sub(r"\D", "", p)) >= 7}
    if phones - set(_PHONE.findall(template)):
        return "new_contact"
    if set(_NUMBER.findall(written)) - set(_NUMBER.findall(known)):
        return "changed_number"
    known_words = set(_WORD.findall(known.lower()))
    if (set(_WORD.findall(written.lower())) & _DATE_WORDS) - known_words:
        return "changed_number"
    ratio = len(_strip(body).strip()) / max(1, len(_strip(template_body).strip()))
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        return "length"
    if _language(written) != language:
        return "language"
    if _JUNK.search(written):
        return "junk"
    if not _layout_ok(body):
        return "layout"
    return None
