"""The case form on the page (AppTest): a mistake is one sentence next to its field; a saved
case opens with its values and changes situation; dates of today and of the future; the
steps already taken, asked for only when switched on; and no form values kept, or lost, while
the form is closed or its workspace left."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bench.apptest import INTERVIEW, choose, fill, page
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    cards,
    clean_process,
    ok,
)


def test_reschedule_needs_two_slots_said_next_to_the_field() -> None:
    at = fill(
        page(),
        "cancel",
        interview_date=date(2026, 11, 25),
        interview_time=time(10, 0),
        still_interested=True,
        slot1_date=date(2026, 11, 27),
    )
    assert not at.exception
    assert len(at.error) == 1
    assert "paling sedikit 2" in at.error[0].value
    assert cards(at) == {}  # nothing saved, nothing lost: the form keeps its values
    assert at.text_input(key="company").value == "PT Maju Jaya"


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        # named as the person sees the field, never by its JSON path
        ({"company": ""}, "Kolom “Perusahaan” tidak boleh kosong."),
        ({"contact_email": "budi@"}, "Alamat e-mail di kolom “E-mail kontak” tidak valid."),
        ({"contact_phone": "call me maybe"}, "kolom “Telepon/WhatsApp kontak” tidak valid"),
    ],
)
def test_invalid_input_is_one_sentence_next_to_the_field(
    values: dict[str, Any], fragment: str
) -> None:
    at = fill(page(), "interviewed", **{**INTERVIEW, **values})
    assert not at.exception
    assert len(at.error) == 1
    assert fragment in at.error[0].value
    assert "Traceback" not in at.error[0].value


def test_editing_a_saved_case_shows_its_values() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.toggle(key="edit_details").set_value(True).run()
    ok(at)
    assert at.text_input(key="company").value == "PT Maju Jaya"
    assert at.date_input(key="interview_date").value == date(2026, 11, 19)


def test_changing_the_situation_of_a_saved_case_changes_it() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.toggle(key="edit_details").set_value(True).run()
    choose(at, "situation", "rejected")
    at.run()
    at.date_input(key="rejected_date").set_value(date(2026, 11, 19))
    at.time_input(key="rejected_time").set_value(time(14, 0))
    at.button(key="submit_case").click().run()
    ok(at)
    assert "thank_after_rejection" in cards(at)
    assert "thank_you" not in cards(at)


def test_rejected_today_before_nine_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-11-19T07:30")
    at = page()
    choose(at, "situation", "rejected")
    at.run()
    assert at.time_input(key="rejected_time").value == time(7, 30)  # now, not 09:00
    for key, value in (("company", "PT Maju Jaya"), ("position", "Analis Data")):
        at.text_input(key=key).set_value(value)
    at.button(key="submit_case").click().run()
    ok(at)
    assert "thank_after_rejection" in cards(at)


def test_interviewed_in_the_future_is_refused_next_to_the_date() -> None:
    at = fill(page(), "interviewed", interview_date=date(2026, 11, 20), interview_time=time(10, 0))
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith("Wawancara ini baru akan dimulai")
    assert "w" not in at.query_params or not cards(at)


def test_leaving_a_workspace_leaves_nothing_in_the_form() -> None:
    def script() -> None:
        import streamlit as st

        from followup.ui import state

        state.init_session()
        st.text_input("company", key="company")
        st.button("leave", key="leave", on_click=state.leave_workspace)

    from followup.ui.page_state import PageState

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["_page"] = PageState(form={"case_id": "x", "values": {"company": "PT Secret"}})
    at.run()
    at.text_input(key="company").set_value("PT Secret Corp").run()
    at.button(key="leave").click().run()
    ok(at)
    assert at.text_input(key="company").value == ""
    assert at.session_state["_page"].form is None


def test_steps_already_taken_are_asked_for_only_when_switched_on() -> None:
    at = page()
    keys = {w.key for w in at.date_input}
    assert "reply_by" in keys
    assert "thank_you_date" not in keys  # a first visit: the short form
    at.toggle(key="show_declared").set_value(True).run()
    assert "thank_you_date" in {w.key for w in at.date_input}
    at = fill(at, "interviewed", **INTERVIEW, thank_you_date=date(2026, 11, 19))
    ok(at)
    assert "Selesai" in cards(at)["thank_you"]  # the step given is recorded
    at.toggle(key="edit_details").set_value(True).run()
    assert at.toggle(key="show_declared").value  # the case has a step: shown when editing
    said = " ".join(c.value for c in at.caption)
    assert "Tercatat" in said


def test_a_new_application_starts_with_the_short_form() -> None:
    at = page()
    at.toggle(key="show_declared").set_value(True).run()
    at = fill(at, "interviewed", **INTERVIEW)
    at.button(key="new_case").click().run()
    assert not at.toggle(key="show_declared").value
    assert "thank_you_date" not in {w.key for w in at.date_input}


def test_the_plan_keeps_no_form_values_and_loses_none() -> None:
    """While the form is not drawn its values leave the session state (Streamlit goes through
    every key for each text field it draws); switching "edit details" on brings every one
    back, and toggling it off and on again changes nothing."""
    values = {"contact_email": "hr@maju.co.id", "thank_you_date": date(2026, 11, 19)}
    at = page()
    at.toggle(key="show_declared").set_value(True).run()
    at = fill(at, "interviewed", **INTERVIEW, **values)
    ok(at)
    parked = {"situation", "company", "position", "contact_email", "interview_date"}
    assert not parked & set(at.session_state._state._state._keys())  # noqa: SLF001
    for opened in ("first", "again"):
        at.toggle(key="edit_details").set_value(True).run()
        ok(at)
        assert at.text_input(key="company").value == "PT Maju Jaya", opened
        assert at.text_input(key="contact_email").value == "hr@maju.co.id"
        assert at.date_input(key="interview_date").value == date(2026, 11, 19)
        assert at.toggle(key="show_declared").value, opened  # the step given, as recorded
        assert "Tercatat" in " ".join(c.value for c in at.caption)
        assert at.selectbox(key="situation").value == "interviewed"
        at.toggle(key="edit_details").set_value(False).run()
        ok(at)


def test_an_interview_elsewhere_typed_in_the_offer_form_gets_its_own_message() -> None:
    """An interview at a company that is not in the workspace, typed into the offer's form
    with its own position and contact: the card to it carries its facts, never the offer's,
    and the form shows the row again as it was typed."""
    at = fill(
        page(),
        "offer",
        offer_date=date(2026, 11, 19),
        offer_time=time(9, 0),
        other1_company="PT Sinar Abadi",
        other1_position="Staf Keuangan",
        other1_date=date(2026, 11, 25),
        other1_time=time(10, 0),
        other1_contact="Ibu Sari Dewi",
        other1_email="sari@sinar.co.id",
    )
    ok(at)
    assert "tell_lower_priority-0" in cards(at)
    body = at.text_area(key="draft-tell_lower_priority-0").value
    assert "PT Sinar Abadi" in body
    assert "Staf Keuangan" in body
    assert "Ibu Sari" in body
    assert "Analis Data" not in body  # the offer's position is not the other company's
    at.toggle(key="edit_details").set_value(True).run()
    ok(at)
    assert at.text_input(key="other1_company").value == "PT Sinar Abadi"
    assert at.text_input(key="other1_contact").value == "Ibu Sari Dewi"
    assert at.date_input(key="other1_date").value == date(2026, 11, 25)
    at.button(key="mark_sent-tell_lower_priority-0").click().run()
    ok(at)
    assert any("Tercatat" in toast.value for toast in at.toast)


def test_a_bad_email_of_an_interview_elsewhere_is_said_next_to_its_field() -> None:
    at = fill(
        page(),
        "offer",
        offer_date=date(2026, 11, 19),
        other1_company="PT Sinar Abadi",
        other1_date=date(2026, 11, 25),
        other1_email="sari@",
    )
    assert not at.exception
    assert len(at.error) == 1
    assert "Traceback" not in at.error[0].value
    assert "kolom “E-mail kontak di sana” tidak valid" in at.error[0].value
    assert "other_interviews" not in at.error[0].value
    assert cards(at) == {}  # nothing saved; the row keeps what was typed
    assert at.text_input(key="other1_email").value == "sari@"
