"""Everything a person reads, in Indonesian (default) or English, from `followup/locales/`.

Dates and times are formatted with babel in the case's timezone, with WIB/WITA/WIT for the
Indonesian zones in both languages (that is how Indonesians write them).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import get_timezone_name

from followup.paths import PACKAGE_DIR

if TYPE_CHECKING:
    from pydantic import ValidationError

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# The zones Indonesians name WIB, WITA and WIT; any other zone gets babel's name or offset.
_INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def language(lang: str | None) -> str:
    """`lang` if it is one of ours, else the default (Indonesian)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> dict[str, dict[str, str]]:
    """The whole text catalog of a language (loaded once)."""
    raw = (PACKAGE_DIR / "locales" / f"{language(lang)}.toml").read_text(encoding="utf-8")
    return cast(dict[str, dict[str, str]], tomllib.loads(raw))


def text(lang: str, section: str, key: str, **params: Any) -> str:
    """One text of the catalog, with its `{placeholders}` filled in."""
    template = catalog(lang)[section][key]
    return template.format(**params) if params else template


def timezone_label(moment: datetime, lang: str) -> str:
    zone = getattr(moment.tzinfo, "key", None)
    if zone in _INDONESIAN_ZONES:
        return _INDONESIAN_ZONES[zone]
    name = str(get_timezone_name(moment, "short", locale=language(lang)))
    if name.isalpha():
        return name
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_moment(moment: datetime, lang: str) -> str:
    """`Kamis, 26 November 2026 pukul 09.00 WIB` / `Thursday, 26 November 2026 at 09:00 WIB`."""
    # Equal instants in other zones (or folds) compare equal: both are part of the key.
    zone = str(getattr(moment.tzinfo, "key", moment.tzinfo))
    return _format_moment(moment, zone, moment.fold, lang)


@lru_cache(maxsize=1024)  # plans say the same deadlines again and again
def _format_moment(moment: datetime, zone: str, fold: int, lang: str) -> str:
    lang = language(lang)
    pattern = catalog(lang)["format"]["datetime"]
    return f"{_babel_format_datetime(moment, pattern, locale=lang)} {timezone_label(moment, lang)}"


def format_day(day: date | datetime, lang: str, form: str = "date") -> str:
    """`Kamis, 26 November 2026` / `Thursday, 26 November 2026` (`form`: the locale's
    pattern for it, e.g. "short_date")."""
    lang = language(lang)
    pattern = catalog(lang)["format"][form]
    moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)
    return str(_babel_format_datetime(moment, pattern, locale=lang, tzinfo=moment.tzinfo))


def format_short_day(day: date | datetime, lang: str) -> str:
    """`Kamis, 26 Nov` / `Thursday, 26 Nov`: a day in one line of the plan."""
    return format_day(day, lang, "short_date")


def format_clock(moment: datetime, lang: str) -> str:
    """`09.00 WIB` / `09:00 WIB`."""
    lang = language(lang)
    pattern = catalog(lang)["format"]["time"]
    return f"{_babel_format_datetime(moment, pattern, locale=lang)} {timezone_label(moment, lang)}"


def format_clock_time(clock: time, lang: str) -> str:
    """A time of day without a zone: `09.00` / `09:00` (the policy's hours)."""
    lang = language(lang)
    pattern = catalog(lang)["format"]["time"]
    moment = datetime.combine(date(2000, 1, 3), clock)
    return str(_babel_format_datetime(moment, pattern, locale=lang))


def error_sentence(key: str, field: str | None, params: dict[str, Any], lang: str) -> str:
    """One sentence for an error key of the `[error]` section (times said in `lang`)."""
    said = {k: format_moment(v, lang) if isinstance(v, datetime) else v for k, v in params.items()}
    # a value quoted from the input (an unknown timezone, an id) stays short: one sentence
    said = {k: _short(v) if isinstance(v, str) else v for k, v in said.items()}
    return text(lang, "error", key, field=_short(field or ""), **said)


def _short(value: str, limit: int = 80) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# pydantic error types -> our error keys (several pydantic types say the same to a person)
_PYDANTIC_KEYS = {
    "missing": "missing",
    "extra_forbidden": "extra_forbidden",
    "literal_error": "literal_error",
    "string_type": "string_type",
    "int_type": "int_type",
    "int_parsing": "int_type",
    "int_from_float": "int_type",
    "bool_type": "bool_type",
    "bool_parsing": "bool_type",
    "datetime_type": "datetime_type",
    "datetime_parsing": "datetime_type",
    "datetime_from_date_parsing": "datetime_type",
    "datetime_object_invalid": "datetime_type",
    "date_type": "date_type",
    "date_parsing": "date_type",
    "date_from_datetime_parsing": "date_type",
    "date_from_datetime_inexact": "date_type",
    "model_type": "object_type",
    "model_attributes_type": "object_type",
    "dict_type": "object_type",
    "list_type": "list_type",
    "tuple_type": "list_type",
    "string_too_long": "string_too_long",
    "string_too_short": "string_too_short",
    "too_long": "too_long",
    "less_than_equal": "number_too_big",
    "unknown_timezone": "unknown_timezone",
    "unknown_country": "unknown_country",
    "end_before_start": "end_before_start",
    "required_for_stage": "required_for_stage",
    "cancel_wrong_stage": "cancel_wrong_stage",
    "reply_by_before_interview": "reply_by_before_interview",
    "offer_wrong_stage": "offer_wrong_stage",
    "new_reply_by_not_a_reply": "new_reply_by_not_a_reply",
    "phone_invalid": "phone_invalid",
    "date_out_of_range": "date_out_of_range",
    "time_gap": "time_gap",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    """`("events", 0, "at")` -> `events[0].at`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def validation_message(
    error: ValidationError, lang: str, prefix: str = "", field_name: str | None = None
) -> str:
    """The first problem of a pydantic ValidationError as one sentence in `lang`, naming the
    field by its JSON path, or by `field_name` (how the person sees it: a form's label)."""
    first = error.errors(include_url=False)[0]
    ctx: dict[str, Any] = dict(first.get("ctx") or {})
    kind = first["type"]
    field = str(ctx.pop("field", "")) or field_path(tuple(first["loc"]))
    whole = {
        "cancel_wrong_stage": "cancel",
        "reply_by_before_interview": "reply_by",
        "offer_wrong_stage": "offer",
    }
    if kind in whole:
        field = whole[kind]
    if prefix and field:
        field = f"{prefix}.{field}"
    if not field and kind in ("model_type", "model_attributes_type", "dict_type"):
        return text(lang, "error", "not_an_object")
    key = _PYDANTIC_KEYS.get(kind, "invalid")
    if kind == "value_error" and field.endswith("email"):
        key = "email"
    if key == "literal_error":
        ctx["expected"] = str(ctx.get("expected", "")).replace("'", "")
    params = {k: v for k, v in ctx.items() if isinstance(v, str | int | float)}
    field = field_name or field or "?"
    try:
        return error_sentence(key, field, params, lang)
    except KeyError:  # a context value the sentence needs is missing
        return error_sentence("unknown_field", field, {}, lang)
