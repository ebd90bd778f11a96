"""The self-service zone's record (001 p.11): two taps per visitor helped — the kind of help
and whether it was completed — with or without a ticket, by the assistant or a volunteer;
and a volunteer's account, which does this and the survey and nothing else."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.feedback import Assistance
from tests.api.helpers import act, call_next, issue
from tests.conftest import ClientAs, Clock
from tests.support.auth import add_staff, browser_sign_in
from tests.support.units import transaction

SELF_SERVICE = "self-service-1"


def records(state: AppState) -> list[Assistance]:
    with transaction(state.engine) as session:
        return list(session.exec(select(Assistance).order_by(col(Assistance.id))).all())


def counts(page: str, kind: str) -> list[str]:
    """A kind's row of today's counts: mine completed, not; the zone's completed, not."""
    row = re.search(rf'<tr data-kind="{kind}">(.*?)</tr>', page, re.S)
    assert row is not None
    return re.findall(r"data-(?:mine|zone)-(?:done|not)>(\d+)<", row.group(1))


def tap(client: TestClient, kind: str, completed: bool, expect: int = 303, **extra: str) -> str:
    answer = client.post(
        "/assistance",
        data={"kind": kind, "completed": "true" if completed else "false", **extra},
        follow_redirects=False,
    )
    assert answer.status_code == expect, answer.text
    return answer.headers.get("location", "") if expect == 303 else answer.text


def test_the_assistant_records_help_for_the_ticket_served(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    """001 p.11: the assistant at the self-service desk serves ticket 500 and records the
    eGov service given to it; the page after confirms it and counts the day."""
    ticket = issue(client, "self_service")
    assistant = client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE)
    called = call_next(assistant, SELF_SERVICE)
    assert called is not None
    act(assistant, called["id"], "start")
    page = assistant.get("/assistance?lang=en")
    assert f'name="ticket_id" value="{ticket["id"]}"' in page.text
    assert "For ticket 500" in page.text
    location = tap(assistant, "egov", True, ticket_id=str(ticket["id"]))
    (record,) = records(state)
    assert (record.kind, record.completed, record.ticket_id) == ("egov", True, ticket["id"])
    assert (record.actor, record.workplace) == ("test-self_service", SELF_SERVICE)
    assert record.at == clock.now
    assert str(record.service_day) == "2026-11-24"
    assert location == f"/assistance?recorded={record.id}"
    confirmed = assistant.get(location + "&lang=en")
    assert "Recorded: eGov service — completed." in confirmed.text
    assert "Ticket 500" in confirmed.text
    assert counts(confirmed.text, "egov") == ["1", "0", "1", "0"]


def test_a_volunteer_records_without_a_ticket_and_sees_the_zones_day(
    client_as: ClientAs, state: AppState
) -> None:
    assistant = client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE)
    tap(assistant, "printing", True)
    volunteer = client_as(Role.VOLUNTEER)
    page = volunteer.get("/assistance?lang=en")
    assert page.status_code == 200
    assert 'name="ticket_id"' not in page.text  # at no workplace: no ticket to offer
    tap(volunteer, "printing", False)
    tap(volunteer, "scanning", True)
    mine = [r for r in records(state) if r.actor == "test-volunteer"]
    assert [(r.kind, r.completed, r.workplace, r.ticket_id) for r in mine] == [
        ("printing", False, None, None),
        ("scanning", True, None, None),
    ]
    day = volunteer.get("/assistance?lang=en").text
    # Mine: 0 completed, 1 not; the zone's: 1 completed (the assistant's), 1 not.
    assert counts(day, "printing") == ["0", "1", "1", "1"]


def test_a_ticket_of_another_workplace_or_day_is_refused(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    consultation = issue(client)
    call_next(client, "window-1")
    assistant = client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE)
    text = tap(assistant, "egov", True, expect=422, ticket_id=str(consultation["id"]))
    assert 'id="assist-error"' in text
    volunteer = client_as(Role.VOLUNTEER)  # at no workplace: no ticket is theirs
    tap(volunteer, "egov", True, expect=422, ticket_id=str(consultation["id"]))
    tap(assistant, "egov", True, expect=422, ticket_id="999999")
    assert records(state) == []


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("lottery", "egov, signature, printing"),  # the kinds one may choose are named
        ("EGOV", "egov, signature, printing"),
        ("", "kind: is required"),
    ],
)
def test_an_unknown_kind_is_refused(
    client_as: ClientAs, state: AppState, kind: str, said: str
) -> None:
    text = tap(client_as(Role.VOLUNTEER), kind, True, expect=422)
    assert said in text
    assert records(state) == []


def test_a_mistaken_tap_is_undone_within_a_minute(
    client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    volunteer = client_as(Role.VOLUNTEER)
    location = tap(volunteer, "appeal", True)
    first = records(state)[0]
    assert "data-undo" in volunteer.get(location).text
    other = client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE)
    assert other.post(f"/assistance/{first.id}/undo").status_code == 404  # not theirs
    clock.advance(seconds=30)
    undone = volunteer.post(f"/assistance/{first.id}/undo", follow_redirects=False)
    assert undone.status_code == 303
    assert records(state) == []
    tap(volunteer, "appeal", False)
    second = records(state)[0]
    clock.advance(seconds=61)
    assert "data-undo" not in volunteer.get(f"/assistance?recorded={second.id}").text
    late = volunteer.post(f"/assistance/{second.id}/undo")
    assert late.status_code == 409
    assert [r.id for r in records(state)] == [second.id]


def test_a_confirmation_names_only_ones_own_record(client_as: ClientAs, state: AppState) -> None:
    tap(client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE), "egov", True)
    theirs = records(state)[0]
    page = client_as(Role.VOLUNTEER).get(f"/assistance?recorded={theirs.id}&lang=en")
    assert page.status_code == 200
    assert "data-recorded" not in page.text


def test_a_volunteer_signs_in_to_the_assistance_and_reaches_only_their_pages(
    application: object, state: AppState
) -> None:
    """001 p.11: volunteers help in the self-service zone and run the survey; they sign in at
    no workplace and read nothing of the queue (no board, no ticket, no desk)."""
    add_staff(state, "aruzhan", Role.VOLUNTEER, full_name="Аружан")
    browser = TestClient(application, follow_redirects=False)  # type: ignore[arg-type]
    browser_sign_in(browser, "aruzhan")
    home = browser.get("/")
    assert home.headers["location"] == "/assistance"
    page = browser.get("/assistance")
    assert page.status_code == 200
    assert 'href="/survey"' in page.text
    assert 'href="/assistance"' in page.text
    for link in ('href="/board"', 'href="/desk"', 'href="/statistics"', 'href="/workplace"'):
        assert link not in page.text
    assert browser.get("/survey").status_code == 200
    for path in ("/desk", "/workplace", "/board", "/reception", "/statistics"):
        assert browser.get(path).status_code == 403, path
    assert browser.get("/api/tickets/1").status_code == 403


def test_the_self_service_workplace_links_to_the_record(client_as: ClientAs) -> None:
    assistant = client_as(Role.SELF_SERVICE, workplace=SELF_SERVICE)
    assert "data-assistance-link" in assistant.get("/workplace").text
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    assert "data-assistance-link" not in consultant.get("/workplace").text
