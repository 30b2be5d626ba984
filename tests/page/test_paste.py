"""Paste the company's message (issue 27), in real page runs (AppTest): read, shown, then put
into the form (a new application) or recorded (a reply to an open one); nothing is saved
before the person says so, and the message is not kept."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from streamlit.testing.v1 import AppTest

from bench.apptest import INTERVIEW, fill, page
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    cards,
    clean_process,
    ok,
    workspace_now,
)

INVITATION = (
    "Selamat siang Kak Rina, kami dari PT Sentosa Abadi mengundang Kakak wawancara untuk posisi "
    "Analis Data pada Kamis, 26 November 2026 pukul 10.00 WIB di Menara Sentosa Lt. 12. "
    "Mohon konfirmasi paling lambat 24 November.\n\nSalam,\nIbu Dewi Lestari\nHR PT Sentosa Abadi"
)


def _paste(at: AppTest, message: str) -> AppTest:
    at.session_state["paste"] = True  # the box, opened
    at.run()
    at.text_area(key="paste_text").set_value(message)
    return at.button(key="paste_read").click().run()


def _cases(at: AppTest) -> list:  # type: ignore[type-arg]
    """The page's workspace as stored (this process's in-memory history)."""
    from followup.history import Workspace
    from followup.ui import state

    history = state._opened(":memory:").history  # noqa: SLF001 - the page's own
    return history.cases(Workspace(at.session_state["_page"].workspace_id))


def _said(at: AppTest) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def test_an_invitation_fills_the_form_and_nothing_is_saved_before_submit() -> None:
    at = _paste(page(), INVITATION)
    ok(at)
    said = _said(at)
    assert "Ini undangan wawancara" in said
    assert "PT Sentosa Abadi" in said
    assert "Kamis, 26 November 2026" in said
    assert "Ibu Dewi Lestari" in said
    assert at.query_params.get("w") is None  # nothing saved: no workspace yet
    at.button(key="paste_use").click().run()
    ok(at)
    assert at.text_input(key="company").value == "PT Sentosa Abadi"
    assert at.text_input(key="position").value == "Analis Data"
    assert at.text_input(key="contact_name").value == "Dewi Lestari"
    assert at.date_input(key="interview_date").value == date(2026, 11, 26)
    assert at.time_input(key="interview_time").value == time(10, 0)
    assert at.text_input(key="location").value == "Menara Sentosa Lt. 12"
    assert at.session_state["paste_text"] == ""  # the message is not kept
    at.text_input(key="candidate_name").set_value("Rina Wijaya")
    at.button(key="submit_case").click().run()
    ok(at)
    stored = _cases(at)
    assert [c.case.company for c in stored] == ["PT Sentosa Abadi"]
    assert stored[0].case.stage == "invited"
    assert stored[0].case.reply_by is None  # "confirm by 24 November" is not a promise


def test_a_reply_with_a_date_is_recorded_on_the_open_application() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    ok(at)
    at = _paste(
        at, "Halo Kak, lamarannya masih dalam proses, akan kami kabari paling lambat 4 Desember ya."
    )
    ok(at)
    assert "paling lambat Jumat, 4 Desember 2026" in _said(at)
    at.button(key="paste_apply").click().run()
    ok(at)
    stored = _cases(at)[0]
    replies = [e for e in stored.case.events if e.type == "reply_received"]
    assert [e.new_reply_by for e in replies] == [date(2026, 12, 4)]


def test_an_empty_message_is_one_sentence_and_changes_nothing() -> None:
    at = _paste(page(), "   ")
    ok(at)
    assert [t.value for t in at.toast] == [
        "Kotak pesan masih kosong; tempel dulu pesan dari perusahaan."
    ]
    assert at.query_params.get("w") is None


def test_the_ai_reads_only_with_the_persons_yes(monkeypatch: Any) -> None:
    from bench.openai_server import running

    with running() as model:
        monkeypatch.setenv("OPENAI_BASE_URL", model.url)
        model.answer_with(
            lambda request: {
                "kind": "invitation",
                "company": "PT Sentosa Abadi",
                "position": "Analis Data",
                "start_date": "2026-11-26",
                "start_time": "10:00",
                "zone": "WIB",
                "format": "in_person",
                "location": "Menara Sentosa Lt. 12",
                "contact_name": "Dewi Lestari",
                "salutation": "ibu",
                "reply_by": None,
            }  # fmt: skip
        )
        at = _paste(page(), INVITATION)  # the switch is off: nothing is sent
        ok(at)
        assert model.requests == []
        assert not at.get("caption") or "Dibaca juga oleh AI" not in _captions(at)
        at.checkbox(key="paste_ai").check()
        at.button(key="paste_read").click().run()
        ok(at)
        assert len(model.requests) == 1
        assert "Dibaca juga oleh AI" in _captions(at)
        assert "PT Sentosa Abadi" in _said(at)


def _captions(at: AppTest) -> str:
    return " ".join(str(c.value) for c in at.caption)


def test_a_next_round_is_filled_in_under_any_news_and_recorded_there() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at = _paste(
        at,
        "Selamat siang Kak Rina, selamat! Kakak lolos ke tahap berikutnya: interview user pada "
        "Senin, 23 November 2026 pukul 13.00 WIB di kantor yang sama.",
    )
    ok(at)
    assert "tahap wawancara berikutnya" in _said(at)
    at.button(key="paste_next_event").click().run()
    ok(at)
    case_id = _cases(at)[0].id
    assert at.selectbox(key=f"next_event_move-{case_id}").value == "next_round"
    assert at.date_input(key="next_event_date").value == date(2026, 11, 23)
    assert at.time_input(key="next_event_time").value == time(13, 0)
    assert _cases(at)[0].case.stage == "interviewed"  # nothing recorded yet
    at.button(key="next_event_submit").click().run()
    ok(at)
    moved = _cases(at)[0].case
    assert moved.stage == "scheduled"
    assert moved.interview is not None
    assert moved.interview.start.hour == 13


def test_a_rejection_is_filled_in_under_any_news() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at = _paste(
        at,
        "Dengan hormat, terima kasih atas waktunya. Mohon maaf, kami belum dapat melanjutkan "
        "lamaran Saudari ke tahap berikutnya.",
    )
    at.button(key="paste_next_event").click().run()
    ok(at)
    case_id = _cases(at)[0].id
    assert at.selectbox(key=f"next_event_move-{case_id}").value == "rejected"
    at.button(key="next_event_submit").click().run()
    ok(at)
    assert _cases(at)[0].case.stage == "rejected"
