"""What people type stays text on the page (AppTest): no script, no markdown, no link nobody
typed, in the plan and the history pages, whatever the hostile corpus (tests/data/hostile.json)
puts in a field."""

from __future__ import annotations

import re

import pytest

from bench.apptest import INTERVIEW, fill, page
from followup.ui.words import WORD_JOINER, plain, sentence
from tests.hostile import TEXTS
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    clean_process,
    history_page,
    ok,
    workspace_now,
)


def test_user_text_is_shown_as_text() -> None:
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
    at = fill(page(), "interviewed", company=hostile, **INTERVIEW)
    ok(at)
    for element in at.markdown:
        assert "<script>" not in element.value
        assert "](javascript" not in element.value
    from followup.ui import state

    workspace = state.history().open_workspace(at.query_params["w"], workspace_now())
    assert workspace is not None
    assert [c.case.company for c in state.history().cases(workspace)] == [hostile]  # as typed


# The two patterns of Streamlit's markdown renderer (remark-gfm, in its frontend bundle) that
# turn text into links, applied to the text *after* markdown's escapes are decoded.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
TYPED = "www.evil.example hr@evil.example https://evil.example/x HTTP://X.Y WwW.x.y"


def decoded(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def linked(markdown: str) -> list[str]:
    text = decoded(markdown)
    return [m.group(0) for m in (*GFM_URL.finditer(text), *GFM_EMAIL.finditer(text))]


def test_plain_and_sentence_never_make_a_link() -> None:
    assert linked(TYPED)  # (the patterns do find them in the raw text)
    assert linked(plain(TYPED)) == []
    assert linked(sentence(f"The timezone {TYPED} is unknown.")) == []
    assert decoded(plain(TYPED)).replace(WORD_JOINER, "") == TYPED  # shown as typed


def test_typed_links_stay_text_on_the_plan_and_history_pages() -> None:
    at_page = fill(page(), "interviewed", company=TYPED[:200], **INTERVIEW)
    ok(at_page)
    listed = history_page(at_page.query_params["w"])
    for run in (at_page, listed):
        for element in [*run.markdown, *run.caption, *run.error, *run.warning, *run.toast]:
            assert linked(element.value) == [], element.value


RENDERED = [t for t in TEXTS if t.strip() and len(t) < 1000]


@pytest.mark.parametrize("value", RENDERED, ids=range(len(RENDERED)))
def test_the_page_shows_it_as_text(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    from bench.apptest import INTERVIEW, fill, page

    monkeypatch.setenv("FOLLOWUP_DB", ":memory:")
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-11-19T15:00")
    st.cache_resource.clear()
    at = fill(page(), "interviewed", company=value[:200], **INTERVIEW)
    assert not at.exception
    for element in [*at.markdown, *at.caption]:
        # markdown source: every < [ ] ( ) of the user's text arrives backslash-escaped
        assert not re.search(r"(?<!\\)<(script|img|a )", element.value), element.value
        assert "](javascript" not in element.value
        assert "](https://evil" not in element.value
