"""The Lebaran line on the page (AppTest): in Syawal, the first message since Idul Fitri has a
"add a Lebaran greeting" box, off by default; ticking it adds the line to the draft. Outside
Syawal the box is not there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.cases import at, case_dict
from followup.desk import validate
from tests.conftest import fresh_page_process
from tests.page.test_desk import ok, opened

LINE = "Selamat Hari Raya Idul Fitri, mohon maaf lahir dan batin."
THANKED = {
    "invited_at": "2026-03-06T09:00",
    "interview": {"start": "2026-03-13T10:00"},
    "events": [{"type": "thank_you_sent", "at": "2026-03-13T15:00"}],
}


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    yield from fresh_page_process(monkeypatch, request.param)


def thanked_case(now: str) -> tuple[str, str]:
    """A workspace of the page's history holding one case thanked before the closure."""
    from followup.ui import state

    history = state.history()
    created, token = history.create_workspace(at(now))
    return token, history.save_case(created, validate(case_dict(**THANKED), at(now)), at(now))


@pytest.mark.parametrize("now", ["2026-04-06T09:00"], indirect=True)
@pytest.mark.usefixtures("now")
def test_in_syawal_the_greeting_is_offered_and_added_when_ticked() -> None:
    token, case_id = thanked_case("2026-04-06T09:00")
    app = opened(token, case_id)
    ok(app)
    box = app.checkbox(key="lebaran-follow_up")
    assert box.value is False  # off by default
    assert LINE not in app.text_area(key="draft-follow_up").value
    box.check().run()
    ok(app)
    body = app.text_area(key="draft-follow_up").value
    assert body.split("\n\n")[2] == LINE  # after "Yth. …," and "Dengan hormat,"


@pytest.mark.parametrize("now", ["2026-04-27T09:00"], indirect=True)
@pytest.mark.usefixtures("now")
def test_after_syawal_nothing_is_offered() -> None:
    token, case_id = thanked_case("2026-04-27T09:00")
    app = opened(token, case_id)
    ok(app)
    assert "draft-follow_up" in [t.key for t in app.text_area]
    assert "lebaran-follow_up" not in [c.key for c in app.checkbox]
