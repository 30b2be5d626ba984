"""User-facing text: both languages complete, sources registered, nothing copied from the seeds."""

from __future__ import annotations

import re
import string
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.i18n import catalog, format_clock, format_day, format_moment
from followup.models import ActionId, EventType, Flag, SourceId
from followup.rules.catalog import NO_MESSAGE
from followup.sources import registry

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = catalog("id"), catalog("en")
    assert indonesian.keys() == english.keys()
    for section in indonesian:
        assert indonesian[section].keys() == english[section].keys(), section
        for key, value in indonesian[section].items():
            assert fields(value) == fields(english[section][key]), (section, key)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_action_status_and_flag_has_words(lang: str) -> None:
    texts = catalog(lang)
    assert set(texts["action"]) == set(ActionId.__args__)  # type: ignore[attr-defined]
    assert set(texts["flag"]) == set(Flag.__args__)  # type: ignore[attr-defined]
    assert set(texts["status"]) == {"now", "wait", "avoid", "done", "expired"}
    assert set(texts["event"]) == set(EventType.__args__)  # type: ignore[attr-defined]


def test_sources_registry_matches_the_ids() -> None:
    assert set(registry()) == set(SourceId.__args__)  # type: ignore[attr-defined]
    for source in registry().values():
        assert source.title
        assert source.summary("id")
        assert source.summary("en")
        assert source.title in source.citation("id")
    assert registry()["kalibrr-dos-donts"].citation("en") == (
        "“3 Hal yang Boleh dan Tidak Boleh Dilakukan Setelah Wawancara Kerja” (Kalibrr)"
    )


def test_no_message_actions_are_actions() -> None:
    assert set(NO_MESSAGE) <= set(ActionId.__args__)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("zone", "lang", "expected"),
    [
        ("Asia/Jakarta", "id", "Kamis, 26 November 2026 pukul 09.00 WIB"),
        ("Asia/Makassar", "id", "Kamis, 26 November 2026 pukul 10.00 WITA"),
        ("Asia/Jayapura", "id", "Kamis, 26 November 2026 pukul 11.00 WIT"),
        ("Asia/Jakarta", "en", "Thursday, 26 November 2026 at 09:00 WIB"),
        ("Europe/Berlin", "en", "Thursday, 26 November 2026 at 03:00 UTC+1"),
        ("Asia/Kolkata", "en", "Thursday, 26 November 2026 at 07:30 UTC+5:30"),
    ],
)
def test_dates_in_words(zone: str, lang: str, expected: str) -> None:
    moment = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(
        ZoneInfo(zone)
    )
    assert format_moment(moment, lang) == expected


def test_day_and_clock() -> None:
    moment = datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert format_day(moment, "id") == "Kamis, 19 November 2026"
    assert format_clock(moment, "id") == "10.00 WIB"
    assert format_clock(moment, "en") == "10:00 WIB"


def words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower())


def shingles(tokens: list[str], n: int = 8) -> set[str]:
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles live in ../shared/seeds")
def test_no_text_copied_from_the_source_articles() -> None:
    seed: set[str] = set()
    for path in SEEDS.glob("*.txt"):
        seed |= shingles(words(path.read_text(errors="ignore")))
    root = Path(__file__).resolve().parents[2]
    ours = [*root.glob("followup/**/*.toml"), *root.glob("prompts/**/*.toml"), root / "app.py"]
    for path in ours:
        content = path.read_text(encoding="utf-8")
        # The registry cites each article by its title and address: the one place its words
        # stand (an address repeats the title in its slug).
        content = re.sub(r'(?m)^(title|url) = ".*"$', "", content)
        copied = shingles(words(content)) & seed
        assert not copied, (path.name, sorted(copied)[:3])


def test_toml_data_files_parse() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in root.glob("followup/**/*.toml"):
        tomllib.loads(path.read_text(encoding="utf-8"))
