"""Forms of address (etiquette-rules.md, Revision 2 and 3, "Forms of address").

Two halves. Reading a name as it was typed: an honorific in front of it ("Ibu Rina Marlina",
"Pak Budi", "Bpk. Budi") is taken out and becomes the contact's salutation, so no draft ever
says "Bapak/Ibu Ibu Rina". Writing: the words a draft uses for its reader — the e-mail
recipient ("Bapak Budi Santoso"), the short address of a chat or a call ("Pak Budi"), the
polite "you" ("Bapak", "Bapak/Ibu" when unknown), the question that checks who answered a
call, and the greeting of the hour ("Selamat pagi").

Pure: no clock (the moment is a parameter), and nothing from the models, which import this.
"""

from __future__ import annotations

import re
from datetime import datetime

from followup.i18n import language, text

# Honorifics typed in front of a name -> the salutation they mean (None: says nothing, as
# "Bapak/Ibu"). Mbak/Mas are the everyday Javanese-Jakarta forms, Sdr./Sdri. the written
# "Saudara/Saudari"; Mr/Ms/Mrs/Miss are there for names typed in English. A draft always
# writes the formal pair Bapak/Ibu (Pak/Bu in chats and calls), never Mbak/Mas: to HR the
# candidate writes formally, whatever the name was typed with.
HONORIFICS: dict[str, str | None] = {
    "bapak": "bapak",
    "bpk": "bapak",
    "bp": "bapak",
    "pak": "bapak",
    "mas": "bapak",
    "sdr": "bapak",
    "saudara": "bapak",
    "mr": "bapak",
    "ibu": "ibu",
    "bu": "ibu",
    "mbak": "ibu",
    "sdri": "ibu",
    "saudari": "ibu",
    "mrs": "ibu",
    "ms": "ibu",
    "miss": "ibu",
    "kak": "kak",  # the everyday form for a young recruiter (Revision 3)
    "kakak": "kak",
    "bapak/ibu": None,
    "ibu/bapak": None,
}
# A contact "name" that names a team, not a person: addressed as "Bapak/Ibu HRD {company}".
TEAMS = frozenset(
    {
        "hrd",
        "hr",
        "human resources",
        "human resource",
        "personalia",
        "rekrutmen",
        "recruitment",
        "tim rekrutmen",
        "tim hrd",
        "tim hr",
        "talent acquisition",
        "recruiter",
        "recruitment team",
        "hr team",
    }
)
# Academic and professional titles: written in an e-mail, never read aloud (Revision 3).
TITLES = frozenset({"dr", "drs", "dra", "prof", "ir", "h", "hj"})
# An honorific is a whole word at the start, with or without a dot ("Bpk.Budi" too).
_LEADING = re.compile(
    r"^(" + "|".join(sorted(map(re.escape, HONORIFICS), key=len, reverse=True)) + r")(\.\s*|\s+|$)",
    re.IGNORECASE,
)

# The greeting of the hour, by local clock: (from hour, key of the [draft] locale section).
# Indonesian: pagi until 11, siang until 15, sore until 18, then malam (also before dawn).
GREETING_HOURS: dict[str, tuple[tuple[int, str], ...]] = {
    "id": (
        (0, "hello_night"),
        (4, "hello_morning"),
        (11, "hello_noon"),
        (15, "hello_afternoon"),
        (18, "hello_night"),
    ),
    "en": ((0, "hello_night"), (5, "hello_morning"), (12, "hello_afternoon"), (18, "hello_night")),
}


def split_honorific(name: str) -> tuple[str, str | None, bool]:
    """`name` without the honorifics typed in front of it, the salutation they mean, and
    whether there was one: `"Ibu Rina"` -> `("Rina", "ibu", True)`. Doubled honorifics
    ("Ibu Bu Rina") all go; when they disagree the first one counts."""
    salutation: str | None = None
    found = False
    rest = name.strip()
    while match := _LEADING.match(rest):
        meant = HONORIFICS[match[1].lower()]
        salutation = salutation or meant
        found = True
        rest = rest[match.end() :].strip()
    return rest, salutation, found


def is_team(name: str | None) -> bool:
    """The contact's "name" is a team ("HRD", "Tim Rekrutmen"), not a person."""
    return bool(name) and " ".join(str(name).lower().replace(".", " ").split()) in TEAMS


def _title(word: str) -> str | None:
    bare = word.rstrip(".").lower()
    return bare if bare in TITLES else None


def spoken_name(name: str) -> str:
    """A name as it is said: without academic titles and degrees ("Dr. Budi Santoso, M.M." ->
    "Budi Santoso")."""
    words = [w for w in name.split(",")[0].split() if _title(w) is None]
    return " ".join(words) or name


def short_name(name: str) -> str:
    """The name a person is called by: the first word that is not an initial or a title
    ("M. Rizky Pratama" -> "Rizky", "Dr. Budi Santoso, M.M." -> "Budi")."""
    for word in name.split(",")[0].split():
        if not word.endswith(".") and _title(word) is None and any(ch.isalpha() for ch in word):
            return word
    return name


def _english_name(name: str) -> str:
    """ "Dr. Lestari Wulandari, M.Psi." -> "Dr Lestari Wulandari": an English greeting keeps
    a doctor's or professor's title (without the dot) and drops degrees after the name."""
    words = name.split(",")[0].split()
    titles = [w.rstrip(".").capitalize() for w in words if _title(w) in ("dr", "prof")]
    rest = [w for w in words if _title(w) is None]
    return " ".join([*titles[:1], *rest]) or name


def recipient(lang: str, name: str | None, salutation: str | None, team_of: str) -> str:
    """Whom an e-mail addresses after "Yth."/"Dear": "Bapak Budi Santoso", the bare name when
    the salutation is unknown (never "Bapak/Ibu" before a name), "Bapak/Ibu HRD PT X" for a
    team, else the company's recruitment team. In English a doctor is "Dr Lestari", never
    "Ms Dr."."""
    if not name:
        return text(lang, "draft", "recipient_team", company=team_of)
    if is_team(name):
        return text(lang, "draft", "recipient_hrd", company=team_of)
    if language(lang) == "en":
        english = _english_name(name)
        if english != spoken_name(name) or not salutation or salutation == "kak":
            return english  # a title, or no known salutation: the name as written
        return text(lang, "draft", f"recipient_{salutation}", name=english)
    if salutation and salutation != "kak":
        return text(lang, "draft", f"recipient_{salutation}", name=name)
    return name


def addressee(lang: str, name: str | None, salutation: str | None, *, spoken: bool = False) -> str:
    """How a chat or a call addresses its reader: "Pak Budi", "Bu Rina", "Kak Rina" (warm
    chats only: the caller passes "kak" then). Without a known salutation: the person's name
    alone (never "Bapak/Ibu" to a named person); without a name, "Bapak/Ibu" in writing and
    "Pak/Bu" (to pick one) in a call script, which is read aloud (Revision 3)."""
    if name and not is_team(name):
        if salutation:
            return text(lang, "draft", f"addressee_{salutation}", name=short_name(name))
        if language(lang) == "en":
            return spoken_name(name) if spoken else _english_name(name)
        return spoken_name(name)
    return text(lang, "draft", "addressee_spoken" if spoken else "addressee_unknown")


def you(lang: str, salutation: str | None, name: str | None = None, *, spoken: bool = False) -> str:
    """The polite "you" of an Indonesian message, agreeing with the address: "Bapak", "Ibu",
    "Kakak"; "Anda" to a person addressed by name alone; "Bapak/Ibu" to a team ("Pak/Bu" in a
    call script, which is read aloud)."""
    if salutation:
        return text(lang, "draft", f"you_{salutation}")
    if name and not is_team(name):
        return text(lang, "draft", "you_named")
    return text(lang, "draft", "addressee_spoken" if spoken else "you_unknown")


def phone_check(lang: str, name: str | None, salutation: str | None, company: str) -> str:
    """The question that opens a call: is this the person (or the team) we mean to reach? Said
    aloud: no titles or degrees."""
    if not name or is_team(name):
        return text(lang, "draft", "check_team", company=company)
    who = addressee(lang, name, salutation, spoken=True) if salutation else spoken_name(name)
    return text(lang, "draft", "check_person", who=who)


def greeting(lang: str, moment: datetime | None) -> str:
    """ "Selamat pagi/siang/sore/malam" for the local hour of `moment` (the time the message is
    sent); without a moment a greeting that fits any hour."""
    lang = language(lang)
    if moment is None:
        return text(lang, "draft", "hello_any")
    key = [k for start, k in GREETING_HOURS[lang] if moment.hour >= start][-1]
    return text(lang, "draft", key)
