"""Through a recruiter, the thank-you card offers the interviewer's own thank-you (AppTest,
Revision 3: "the recruiter gets an update and the interviewer a separate thank-you when
known"): the card starts on the recruiter's update; choosing the interviewer asks for their
name, and the draft addresses them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.cases import at, case_dict
from followup.desk import validate
from tests.conftest import fresh_page_process
from tests.page.test_desk import ok, opened

NOW = "2026-11-19T15:00"
INTERVIEWED = {
    "invited_at": "2026-11-12T09:00",
    "interview": {"start": "2026-11-19T10:00"},
    "contact": {"name": "Dewi Lestari", "salutation": "ibu", "via_recruiter": True},
}


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_page_process(monkeypatch, NOW)


@pytest.mark.usefixtures("now")
def test_the_card_turns_to_the_interviewer_once_their_name_is_typed() -> None:
    from followup.ui import state

    history = state.history()
    created, token = history.create_workspace(at(NOW))
    case_id = history.save_case(created, validate(case_dict(**INTERVIEWED), at(NOW)), at(NOW))
    app = opened(token, case_id)
    ok(app)
    assert "menghubungkan saya" in app.text_area(key="draft-thank_you").value
    app.button_group(key="to-thank_you").set_value("interviewer").run()
    ok(app)
    assert "draft-thank_you" not in [a.key for a in app.text_area]  # the name comes first
    assert any("nama pewawancara" in c.value for c in app.caption)
    app.text_input(key="interviewer-thank_you").input("Bapak Hendra Wijaya").run()
    ok(app)
    body = app.text_area(key="draft-thank_you").value
    assert body.startswith("Yth. Bapak Hendra Wijaya,")
    assert "Dewi" not in body
    assert "menghubungkan" not in body
    app.button_group(key="to-thank_you").set_value("recruiter").run()
    ok(app)
    assert app.text_area(key="draft-thank_you").value.startswith("Yth. Ibu Dewi Lestari,")
