"""Text for the page: user text made inert for markdown, and times said in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from followup.desk import format_moment, text

# Every character markdown (and its GFM autolinks, HTML, LaTeX, emoji shortcodes,
# Streamlit's colour directives) could read as syntax gets a backslash.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:@&=/\"'%])")
# What a sentence of ours may quote from the input needs fewer escapes (its dots, hyphens and
# slashes cannot start anything in the middle of one line).
_IN_A_SENTENCE = re.compile(r"([\\`*_{}\[\]()<>#|~$:!&])")
# Escapes do not stop GFM's autolinks: Streamlit's renderer (remark-gfm) finds `www.`,
# `http(s)://` and e-mail addresses in the text *after* the escapes are decoded. An invisible
# word joiner (U+2060) inside each pattern keeps such text as text, looking as typed.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?=://)|(?<=@)")


def unlinked(value: str) -> str:
    """`value` with every pattern a markdown renderer would turn into a link broken."""
    return _AUTOLINK.sub(WORD_JOINER, value)


def plain(value: str) -> str:
    """`value` shown literally by st.markdown: no link, no HTML, no formatting."""
    single_line = " ".join(value.split())
    return _MARKDOWN.sub(r"\\\1", unlinked(single_line))


def small(markdown: str) -> str:
    """Markdown (already made plain) as a caption looks, inside a larger markdown element:
    one element where a markdown and a caption are two."""
    return f":gray[:small[{markdown}]]"


def sentence(value: str) -> str:
    """One of our sentences (an error, a notice), which may quote typed text, for markdown
    elements (st.error, st.toast, ...): shown as written, never a link or formatting."""
    single_line = " ".join(value.split())
    return _IN_A_SENTENCE.sub(r"\\\1", unlinked(single_line))


def when(moment: datetime, now: datetime, lang: str) -> str:
    """`besok, Jumat, 20 November 2026 pukul 11.00 WIB — 20 jam lagi`."""
    local = moment.astimezone(now.tzinfo)
    said = format_moment(local, lang)
    days = (local.date() - now.date()).days
    if days == 0:
        said = f"{text(lang, 'ui', 'today')}, {said}"
    elif days == 1:
        said = f"{text(lang, 'ui', 'tomorrow')}, {said}"
    seconds = (moment.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    if seconds <= 0:
        return f"{said} — {text(lang, 'ui', 'ago')}"
    if seconds < 3600:
        left = text(lang, "ui", "in_minutes", n=max(1, int(seconds // 60)))
    elif seconds < 48 * 3600:
        left = text(lang, "ui", "in_hours", n=int(seconds // 3600))
    else:
        left = text(lang, "ui", "in_days", n=int(seconds // 86400))
    return f"{said} — {left}"
