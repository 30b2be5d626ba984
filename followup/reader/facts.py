"""The facts of a company's message besides its dates: the company, the position, the place or
the meeting link, the format, the contact and the channel. Each is taken only where the text
says it (a label, a phrase, a sign-off), as written; nothing is guessed from elsewhere."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from followup.reader import when

DATA = Path(__file__).resolve().parents[1] / "data" / "reader.toml"
_WEEKDAYS = set(when.day_names())  # (not a place, not a company: "di Kamis", "at Monday")
MEETING = re.compile(
    r"https?://[^\s<>\"')]*(?:zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si|skype\.com)[^\s<>\"')]*",
    re.I,
)
# Possessive (`*+`, Python 3.11): a word never gives characters back, so a long run of capitals
# or dashes costs one pass, not one per starting point (a pasted message is hostile input).
NAME_WORD = r"\b[A-Z][a-zA-Z'’-]*+(?:\.(?=[A-Za-z]))?"
MAX_WORDS = 6


@cache
def data() -> dict[str, Any]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@cache
def phrases(name: str) -> re.Pattern[str]:
    """One of the data file's phrase lists as one case-insensitive pattern of whole words."""
    listed = data()[name] if name in data() else data()["kinds"][name]
    if not listed:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(listed) + r")(?!\w)", re.I)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(" \t:;,.-–—*_\"'“”‘’[]")
    while value.endswith(")") and value.count("(") < value.count(")"):
        value = value[:-1].rstrip()  # an unbalanced ")" is punctuation; "(iOS)" is a name
    while value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:].lstrip()
    return value.strip(" \t:;,.-–—*_\"'“”‘’[]")


def _labelled(text: str, labels: list[str]) -> str | None:
    """The value after "Label: value" on its own line (also "Label : value", "*Label*: v")."""
    names = "|".join(labels)
    match = re.search(rf"(?im)^[ \t*•-]*+(?:{names})[ \t*]*+[:：][ \t]*+(.+)$", text)
    return _clean(match.group(1)) if match else None


def meeting_link(text: str) -> str | None:
    match = MEETING.search(text)
    return match.group(0).rstrip(".,;)") if match else None


def interview_format(text: str) -> str | None:
    if meeting_link(text) or phrases("video").search(text):
        return "video"
    if phrases("phone").search(text):
        return "phone"
    if phrases("in_person").search(text) or place(text):
        return "in_person"
    return None


def place(text: str) -> str | None:
    """Where an in-person interview is: a labelled place, or the capitalised words after
    "bertempat di", "alamatnya", "di" ("... pukul 10.00 WIB di Menara Sentosa Lt. 12")."""
    labelled = _labelled(text, data()["place_label"])
    if labelled and not MEETING.search(labelled) and not labelled.lower().startswith("http"):
        return labelled
    line = _ADDRESS_LINE.search(text)
    if line:
        return _clean(line.group("v"))
    before = "|".join(sorted(data()["place_before"], key=len, reverse=True))
    for pattern in (rf"(?i:{before})[ \t]+", r"\b(?:di|at)[ \t]+"):
        for match in re.finditer(
            rf"{pattern}(?P<v>{_PLACE_WORD}(?:,?[ \t]+{_PLACE_WORD}){{0,12}})", text
        ):
            value = _sentence_end(match.group("v"))
            first = value.split()[0].rstrip(".,").lower() if value else ""
            if first and not first[0].isdigit() and first not in _NOT_A_PLACE:
                return value
    return None


_PLACE_WORD = (
    r"(?:[A-Z][\w'’-]*\.?|Lt\.?|Lantai|Jl\.?|Jln\.?|No\.?|Kav\.?|Km\.?|Blok|RT|RW|"
    r"\d+(?:[-/.,]\d+)*[A-Za-z]?)"
)
# a line that is an address by itself ("Jl. Cempaka Wangi No. 18, Bekasi")
_ADDRESS_LINE = re.compile(
    r"(?im)^[ \t]*(?P<v>(?:Jl\.?|Jln\.?|Jalan|Gedung|Menara|Wisma|Graha|Plaza|Ruko|Komplek|"
    r"Kompleks|Kawasan|Ruang)[ \t][^\n]{3,120})$"
)
_ABBREVIATIONS = {"jl", "jln", "no", "lt", "kav", "rt", "rw", "gg", "kel", "kec", "st", "dr", "ir"}


def _sentence_end(value: str) -> str:
    """`value` up to the word that ends a sentence ("Makassar. Mohon" -> "Makassar"); the
    dots of "Jl.", "No.", "Lt." do not end one."""
    kept = []
    for word in value.split():
        kept.append(word)
        bare = word.rstrip(".,").lower()
        if word.endswith(".") and bare not in _ABBREVIATIONS and len(bare) > 1:
            break
    return _clean(" ".join(kept))


_NOT_A_PLACE = _WEEKDAYS | set(
    "wib wita wit am pm zoom google microsoft teams whatsapp i we kami pukul jam ".split()
)
_PREFIX = (
    r"(?:PT|CV|UD|Perum|PD|Yayasan|Koperasi|Klinik|Hotel|RS|Rumah Sakit|Toko|Bank|Universitas)"
)
_WORD = r"[A-Z0-9][\w&'’-]*+(?:\.(?=[A-Za-z]))?"  # (a dot inside "Tbk." or "S.H.", not a full stop)
_COMPANY = re.compile(
    rf"\b(?P<name>{_PREFIX}\.?[ \t]+{_WORD}(?:[ \t]+(?:{_WORD}|&))*(?:[ \t]+Tbk\.?)?)"
)
_EN_COMPANY = re.compile(
    rf"(?:\b(?:at|from|with|join|team at|di|dari)\s+)(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})"
)
_TEAM = re.compile(
    rf"(?:(?:Tim|Team)\s+(?:Rekrutmen|Recruitment|HR|HRD|Talent Acquisition|People)\s+"
    rf"(?P<a>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}))|"
    rf"(?:(?P<b>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s+"
    r"(?:Recruitment|Talent Acquisition|HR|People)\s+Team)"
)
_NOT_A_COMPANY = _WEEKDAYS | set(
    "kami anda the our your interview wawancara zoom google teams microsoft hr hrd "
    "jakarta bandung surabaya menara gedung jl jalan lt ibu bapak pak bu kak tim team ".split()
)


_BRAND = rf"{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,4}}"
_ROLE = r"(?i:recruit\w*|hrd?\b|talent|people|personalia|operations|coordinator|manager|specialist)"
# "bergabung dengan X", "applying to X", "team at X", "Senior Recruiter, X", "HRD X", "– Ana, X"
_COMPANY_AFTER = [
    re.compile(
        r"(?:bergabung (?:dengan|di|bersama)|lamaran[^.\n]{0,40}\bke|melamar (?:ke|di))"
        rf"[ \t]+(?P<name>{_BRAND})"
    ),
    re.compile(
        rf"(?:applying|applied|application)[^.\n]{{0,40}}?\b(?:to|at|with)[ \t]+(?P<name>{_BRAND})"
    ),
    re.compile(rf"(?i:team|tim)[ \t]+(?:at|di|of)[ \t]+(?P<name>{_BRAND})"),
    re.compile(
        rf"(?i:tim[ \t]+rekrutmen|recruitment[ \t]+team|talent[ \t]+team)[ \t]+(?P<name>{_BRAND})"
    ),
    re.compile(
        rf"(?m)^[ \t]*(?:[^\n,|]{{0,40}}{_ROLE}[^\n,|(]{{0,30}}[,|(][ \t]*|"
        r"(?:HRD?|Personalia)[ \t]+)"
        rf"(?P<name>{_BRAND})[ \t)]*$"
    ),
    re.compile(
        rf"(?m)^[ \t]*{NAME_WORD}(?:[ \t]+{NAME_WORD})?[ \t]*[–—-][ \t]*"
        r"(?:HRD?|Personalia|HR[ \t]+\w+)"
        rf"[ \t]+(?P<name>{_BRAND})[ \t]*$"
    ),
    re.compile(
        rf"(?m)^[ \t]*[–—-][ \t]*{NAME_WORD}(?:[ \t]+{NAME_WORD})?,[ \t]+"
        rf"(?:(?:HRD?|Personalia)[ \t]+)?(?P<name>{_BRAND})[ \t]*$"
    ),
]
_TEAM_LINE = re.compile(
    r"(?im)^[ \t]*(?:talent|recruitment|people|hr|hrd)?[ \t]*(?:team|tim)[ \t]*$"
)


_NOT_A_NAME = {"if", "kami", "anda", "mohon", "please", "we", "i", "dan", "and", "the", "ini", "to"}


def company(text: str) -> str | None:
    for match in _COMPANY.finditer(text):
        words = match.group("name").replace(".", " ").split()
        if len(words) > 1 and words[1].lower() not in _NOT_A_NAME:  # "your CV. If ..."
            return _clean(match.group("name"))
    for pattern in _COMPANY_AFTER:
        for found in pattern.finditer(text):
            name = _clean(found.group("name"))
            if name and name.split()[0].lower().rstrip(".") not in _NOT_A_COMPANY:
                return name
    team = _TEAM.search(text)
    if team:
        return _clean(team.group("a") or team.group("b"))
    rows = lines(text)
    role = re.compile(rf"^[^,|]{{0,40}}{_ROLE}[^,|]{{0,30}}$")
    for n, row in enumerate(rows[:-1]):  # "Talent Team\nKelana Travel Tech", "People Ops\nX"
        if (_TEAM_LINE.match(row) or role.match(row)) and _NAME.match(rows[n + 1]):
            return rows[n + 1]
    return None


# the subject line (its first 300 characters), read with string operations after one match
_SUBJECT = re.compile(r"(?im)^(?:subject|subjek|perihal|hal)[ \t]*+:(?P<rest>[^\n]{0,300})")
_REPLY_MARK = re.compile(r"(?i)^[ \t]*+(?:re|fwd?|aw)[ \t]*+:")
_DASH = re.compile(r"[ \t][–—-][ \t]")
_SUBJECT_HEAD = re.compile(
    r"(?i)interview|wawancara|undangan|invitation|screen|lamaran|application|update|"
    r"following up|request|round|tahap|offer|penawaran"
)


def position(text: str) -> str | None:
    labelled = _labelled(text, data()["position_label"])
    if labelled:
        return _short(labelled)
    before = "|".join(sorted(data()["position_before"], key=len, reverse=True))
    pattern = rf"(?i)\b(?:{before})[ \t]+(?:[\"“'])?(?P<v>[^\n,.;:!?\"”–—]+)"
    for phrase in re.finditer(pattern, text):
        short = _capitalised(phrase.group("v"))
        if short:
            return short
    after = "|".join(data()["position_after"])
    match = re.search(
        rf"(?:the|our|as|as an?)[ \t]+"
        rf"(?P<v>(?:{NAME_WORD}[ \t]+){{0,4}}{NAME_WORD}(?:[ \t]+\(\w+\))?)"
        rf"[ \t]+(?:{after})\b",
        text,
    )
    if match:
        return _short(match.group("v"))
    return _from_subject(text)


def _from_subject(text: str) -> str | None:
    """ "Subject: Re: Undangan Interview – Staff Procurement": the words after the dash."""
    subject = _SUBJECT.search(text)
    if subject is None:
        return None
    rest = subject.group("rest")
    while (mark := _REPLY_MARK.match(rest)) is not None:
        rest = rest[mark.end() :]
    parts = _DASH.split(rest, maxsplit=1)
    if len(parts) < 2 or not _SUBJECT_HEAD.search(parts[0]):
        return None
    value = re.split(r"[,–—]", parts[1], maxsplit=1)[0].strip()
    value = re.sub(r"(?i)[ \t]+(?:interview|wawancara)$", "", value)
    return None if _COMPANY.match(value) else _capitalised(value)


def _capitalised(value: str) -> str | None:
    """The capitalised words a position is written in, up to the first that is not one
    ("Backend Engineer masih berlangsung" -> "Backend Engineer"; "(iOS)" and "&" belong)."""
    kept = []
    for word in value.split():
        if (
            word[0].isupper()
            or word[0].isdigit()
            or word in ("&", "/", "-")
            or word.startswith("(")
        ):
            kept.append(word)
        else:
            break
    return _short(" ".join(kept)) if kept else None


def _short(value: str) -> str | None:
    value = _clean(value)
    if not value or len(value.split()) > MAX_WORDS:
        return None
    return value


_HONORIFIC = re.compile(
    rf"\b(?P<h>Ibu|Bu|Bapak|Pak|Bpk|Kak|Ka|Mbak|Mas)\.?\s+(?P<n>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})"
)
_NAME = re.compile(rf"^(?P<n>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})$")


def contact(text: str) -> tuple[str | None, str | None]:
    """The contact's name (without honorific) and salutation: a name after "CP", "hubungi",
    "bertemu dengan", ... or the name under the sign-off. A greeting names the candidate."""
    honorifics: dict[str, str] = data()["honorific"]
    rows = lines(text)
    greeting = phrases("greeting")
    candidate_rows = {n for n, row in enumerate(rows[:3]) if greeting.match(row)}
    for n in candidate_rows:  # the greeting's clause names the candidate: the rest may not
        comma = rows[n].find(",")
        rows[n] = rows[n][comma + 1 :] if comma > 0 else ""
    candidate_rows = set()
    before = "|".join(sorted(data()["contact_before"], key=len, reverse=True))
    for n, row in enumerate(rows):
        if n in candidate_rows:
            continue
        for match in re.finditer(rf"(?i)\b(?:{before})\b\s*[:(]?\s*", row):
            rest = row[match.end() :]
            named = _HONORIFIC.match(rest)
            if named:
                return _name(named.group("n")), honorifics[named.group("h").lower()]
    for row in rows:  # "Saya Sari dari tim rekrutmen ...", "This is Priya from ...", "I'm Jessica,"
        said = _SELF.search(row)
        if said:
            return _honoured(said.group("n"), honorifics)
    sign_off = phrases("sign_off")
    for n, row in enumerate(rows):
        if sign_off.match(row) and len(row) < 40:
            for below in rows[n + 1 : n + 4]:
                if not below or (sign_off.match(below) and len(below) < 40):
                    continue
                named = _HONORIFIC.match(below)
                if named:
                    return _name(named.group("n")), honorifics[named.group("h").lower()]
                plain = _NAME.match(below.rstrip(",."))
                if plain and not _COMPANY.match(below) and not _is_team(below):
                    return _name(plain.group("n")), None
                break
    for row in reversed(rows[-4:]):  # "– Priya, Lumio Labs", "Hana – HRD ...", "Darto (HR ...)"
        signed = _SIGNED.match(row)
        who = (signed.group("a") or signed.group("b")) if signed else None
        if who and not _is_team(who) and not _COMPANY.match(who):
            return _honoured(who, honorifics)
    for n, row in enumerate(rows):
        if n in candidate_rows:
            continue
        named = _HONORIFIC.search(row)
        if named and re.search(r"(?i)\b(?:HR|HRD|recruit|rekrut|talent|people)", row):
            return _name(named.group("n")), honorifics[named.group("h").lower()]
    return None, None


_SELF = re.compile(
    r"(?:\b(?:[Ss]aya|[Aa]ku|[Tt]his is|I'm|I am|[Mm]y name is)[ \t]+)"
    rf"(?P<n>(?:(?:Kak|Bu|Ibu|Pak|Bapak|Mbak|Mas)[ \t]+)?{NAME_WORD}(?:[ \t]+{NAME_WORD})?)"
    r"(?=[ \t]*(?:,|dari|from|here|the|\(|$))"
)
_SIGNED = re.compile(
    rf"^(?:[–—-][ \t]*(?P<a>{NAME_WORD}(?:[ \t]+{NAME_WORD})?)[ \t]*(?:,|$)|"
    rf"(?P<b>{NAME_WORD}(?:[ \t]+{NAME_WORD})?)[ \t]*(?:[–—(]|-[ \t]))"
)


def _honoured(named: str, honorifics: dict[str, str]) -> tuple[str, str | None]:
    """ "Kak Rani" -> ("Rani", "kak"); "Rani" -> ("Rani", None)."""
    found = _HONORIFIC.match(named)
    if found:
        return _name(found.group("n")), honorifics[found.group("h").lower()]
    return _name(named), None


def _is_team(row: str) -> bool:
    words = r"tim|team|hr|hrd|recruitment|rekrutmen|talent|bagian|divisi|department|personalia"
    return bool(re.search(rf"(?i)\b(?:{words})\b", row))


def _name(value: str) -> str:
    words = value.split()
    kept = []
    for word in words:
        if word.lower().rstrip(".") in ("hr", "hrd", "dari", "from", "tim", "team", "recruiter"):
            break
        kept.append(word)
    return " ".join(kept) or value


def via(text: str) -> str:
    """The channel the message came by, from its shape: an e-mail has a subject line or a
    letter's greeting or sign-off; a chat has neither."""
    lowered = text.lower()
    return "email" if any(mark in lowered for mark in data()["email_marks"]) else "whatsapp"
