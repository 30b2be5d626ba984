"""The approved message templates of `prompts/templates/` (format: prompts/README.md).

They are parsed and checked once per process: an unknown placeholder, a missing tone or a
block placeholder sharing its line is a `TemplateError` at start-up, never a broken message
at send time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from followup.errors import FollowupError
from followup.i18n import LANGUAGES
from followup.models import DRAFT_CHANNELS, TONES, ActionId
from followup.paths import PROMPTS_DIR

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
PLACEHOLDERS = frozenset(
    {
        "recipient",
        "candidate_name",
        "company",
        "position",
        "the_position",  # "posisi Analis Data" (unknown elsewhere: "posisi yang saya lamar")
        "offer_deadline",  # " dan perlu memberikan jawaban paling lambat …" (empty: none known)
        "discussed_line",  # one thing the person says was discussed (thank-you, Revision 3)
        "interview_date",
        "interview_time",
        "interview_where",
        "follow_up_reason",
        "cancel_reason",
        "decline_reason",
        "proposed_slots",
        "talking_points",
        "still_interested_line",
        # forms of address and greetings (Revision 2; followup.address)
        "you",
        "addressee",
        "greeting",
        "phone_check",
        "candidate_phone",
        "interview_details",
        "thanks_line",
        "withdraw_line",
    }
)
# Placeholders that may be empty: their line is dropped then.
OPTIONAL = frozenset(
    {
        "talking_points",
        "still_interested_line",
        "candidate_phone",
        "withdraw_line",
        "offer_deadline",
        "discussed_line",
    }
)
# Placeholders that fill whole lines, so they must stand alone on theirs.
BLOCKS = frozenset(
    {
        "proposed_slots",
        "talking_points",
        "still_interested_line",
        "candidate_phone",
        "interview_details",
        "withdraw_line",
        "discussed_line",
    }
)
# What every template of a channel must say (Revision 2): chats and calls open with the
# greeting of the hour, a call first checks who answered, an e-mail is signed with the
# candidate's phone (when known) and its subject names the candidate.
REQUIRED = {
    "email": ("candidate_phone",),
    "phone": ("greeting", "phone_check", "addressee"),
    "whatsapp": ("greeting", "addressee"),
}
# Words a template must leave to a placeholder, so they follow the case: the honorifics
# (one form of address per reader, never "Bapak/Ibu" before a name or a doubled "Ibu Bu")
# and "thank you again" (said only after a thank-you was sent: {{thanks_line}}).
_FORBIDDEN = {
    "id": (
        (re.compile(r"\b(Bapak|Ibu|Pak|Bu)\b"), "write {{you}}, {{addressee}} or {{recipient}}"),
        (re.compile(r"sekali lagi", re.IGNORECASE), "say thanks again only with {{thanks_line}}"),
    ),
    "en": (
        (
            re.compile(r"\bthank(s| you)\b[^.\n]*\bagain\b", re.IGNORECASE),
            "say thanks again only with {{thanks_line}}",
        ),
    ),
}
Key = tuple[str, str, str]  # (language, channel, tone)


class TemplateError(FollowupError):
    """A template file breaks the format of prompts/README.md (a bug, found at start-up)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__("template", where=where, problem=problem)

    def message(self, lang: str, field_name: str | None = None) -> str:
        return f"template {self.params['where']}: {self.params['problem']}"


@dataclass(frozen=True)
class Template:
    action: str
    language: str
    channel: str
    tone: str
    subject: str | None
    body: str

    def placeholders(self) -> list[str]:
        """Every placeholder occurrence, subject first, in order (the LLM guard counts them)."""
        return PLACEHOLDER.findall(self.subject or "") + PLACEHOLDER.findall(self.body)


def _check(template: Template) -> None:
    where = f"{template.action}.{template.language}.{template.channel}.{template.tone}"
    if (template.subject is not None) != (template.channel == "email"):
        raise TemplateError(where, "an email needs a subject; other channels have none")
    unknown = set(template.placeholders()) - PLACEHOLDERS
    if unknown:
        raise TemplateError(where, f"unknown placeholder(s) {sorted(unknown)}")
    for name in BLOCKS & set(PLACEHOLDER.findall(template.subject or "")):
        raise TemplateError(where, f"{{{{{name}}}}} cannot stand in a subject")
    for line in template.body.splitlines():
        for name in BLOCKS & set(PLACEHOLDER.findall(line)):
            if line.strip() != f"{{{{{name}}}}}":
                raise TemplateError(where, f"{{{{{name}}}}} must stand alone on its line")
    if "{{candidate_name}}" not in template.body:
        raise TemplateError(where, "the body must name the sender ({{candidate_name}})")
    if template.subject is not None and "{{candidate_name}}" not in template.subject:
        raise TemplateError(where, "the subject must name the candidate ({{candidate_name}})")
    for name in REQUIRED.get(template.channel, ()):
        if f"{{{{{name}}}}}" not in template.body:
            raise TemplateError(where, f"a {template.channel} message needs {{{{{name}}}}}")
    for pattern, instead in _FORBIDDEN[template.language]:
        if found := pattern.search(f"{template.subject or ''}\n{template.body}"):
            raise TemplateError(where, f"{found[0]!r} is written by the case: {instead}")


def parse_templates(action: str, raw: str) -> dict[Key, Template]:
    """The templates of one action file, keyed by (language, channel, tone), all checked."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(action, f"not valid TOML ({exc})") from None
    found: dict[Key, Template] = {}
    if set(data) != set(LANGUAGES):
        raise TemplateError(action, f"needs exactly the languages {list(LANGUAGES)}")
    for lang in LANGUAGES:
        channels = data[lang]
        if set(channels) - set(DRAFT_CHANNELS) or not channels:
            raise TemplateError(
                f"{action}.{lang}", f"channels must be among {list(DRAFT_CHANNELS)}"
            )
        if set(channels) != set(data[LANGUAGES[0]]):
            raise TemplateError(f"{action}.{lang}", "both languages need the same channels")
        for channel, tones in channels.items():
            if set(tones) != set(TONES):
                raise TemplateError(f"{action}.{lang}.{channel}", f"needs the tones {TONES}")
            for tone, fields in tones.items():
                if set(fields) - {"subject", "body"} or "body" not in fields:
                    raise TemplateError(f"{action}.{lang}.{channel}.{tone}", "subject/body only")
                template = Template(
                    action, lang, channel, tone, fields.get("subject"), fields["body"].strip()
                )
                _check(template)
                found[(lang, channel, tone)] = template
    return found


@lru_cache(maxsize=4)
def load_templates(directory: Path = PROMPTS_DIR / "templates") -> dict[str, dict[Key, Template]]:
    """Every message action's templates, parsed and checked once per process."""
    from followup.rules.catalog import NO_MESSAGE

    actions = set(ActionId.__args__) - NO_MESSAGE  # type: ignore[attr-defined]
    # (`<action>.<variant>.toml`: a variant of an action's templates, `load_variants`)
    files = {path.stem: path for path in directory.glob("*.toml") if "." not in path.stem}
    if set(files) - actions:
        raise TemplateError(str(directory), f"not actions: {sorted(set(files) - actions)}")
    if actions - set(files):
        raise TemplateError(str(directory), f"missing templates: {sorted(actions - set(files))}")
    return {
        action: parse_templates(action, path.read_text(encoding="utf-8"))
        for action, path in sorted(files.items())
    }


@lru_cache(maxsize=4)
def load_variants(
    directory: Path = PROMPTS_DIR / "templates",
) -> dict[tuple[str, str], dict[Key, Template]]:
    """The variants of an action's templates for one situation, `<action>.<variant>.toml`
    (the offer stage's `tell_lower_priority.offer`): parsed and checked like the others, with
    the same channels as the action's own."""
    base = load_templates(directory)
    found: dict[tuple[str, str], dict[Key, Template]] = {}
    for path in sorted(directory.glob("*.*.toml")):
        action, _, variant = path.stem.partition(".")
        if action not in base:
            raise TemplateError(str(path), f"a variant of no action: {action}")
        templates = parse_templates(action, path.read_text(encoding="utf-8"))
        if set(templates) != set(base[action]):
            raise TemplateError(str(path), "a variant needs the channels and tones of its action")
        found[(action, variant)] = templates
    return found
