"""Text for the page: user text made inert for markdown, and times said in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from followup.i18n import format_moment, text

# Every character markdown (and its GFM autolinks, HTML, LaTeX, emoji shortcodes,
# Streamlit's colour directives) could read as syntax gets a backslash.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:@&=/\"'%])")


def plain(value: str) -> str:
    """`value` shown literally by st.markdown: no link, no HTML, no formatting."""
    single_line = " ".join(value.split())
    return _MARKDOWN.sub(r"\\\1", single_line)


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
