"""A copy-to-clipboard button (a first-party `st.components.v2` component): the draft's text
and the workspace link go to the clipboard with one tap. It replaces `st.code`, whose syntax
highlighter chunk (1.56 MB) was the heaviest download of a phone's first plan (issue 26)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from followup.ui.state import t

_JS = Path(__file__).with_name("copy_button.js").read_text(encoding="utf-8")
# Material's "content_copy" icon, inline: no icon font, no request
_ICON = (
    '<svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">'
    '<path fill="currentColor" d="M9 18q-.825 0-1.412-.587T7 16V4q0-.825.588-1.412T9 2h9q.825 '
    "0 1.413.588T20 4v12q0 .825-.587 1.413T18 18zm0-2h9V4H9zm-4 6q-.825 0-1.412-.587T3 "
    '20V6h2v14h11v2zm4-6V4z"/></svg>'
)
_HTML = f'<button type="button" class="copy">{_ICON}<span class="label"></span></button>'
_CSS = """
.copy {
  display: inline-flex; align-items: center; gap: 0.5rem; min-height: 2.5rem;
  padding: 0.25rem 0.75rem; border-radius: 0.5rem; cursor: pointer; font: inherit;
  font-size: 0.875rem; line-height: 1.6;
  color: var(--st-text-color, #31333f); background: var(--st-background-color, #fff);
  border: 1px solid rgba(49, 51, 63, 0.2);
}
.copy:hover {
  border-color: var(--st-primary-color, #0f766e); color: var(--st-primary-color, #0f766e);
}
.copy[data-state="copied"] { border-color: #15803d; color: #15803d; }
.copy[data-state="failed"] { border-color: #b45309; color: #b45309; }
.icon { flex: none; }
"""
_component = st.components.v2.component("followup.copy_button", html=_HTML, css=_CSS, js=_JS)


def copy_button(text: str, key: str, label_key: str = "copy") -> None:
    """A button that copies `text`; its label says when it did (or could not)."""
    _component(
        key=key,
        data={"text": text, "label": t(label_key), "done": t("copied"), "failed": t("copy_failed")},
        width="content",
    )
