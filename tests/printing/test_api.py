"""Printing over the API and on the desk screen: reprint (202), the printers and their faults,
staff decisions on jobs that may have printed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.domain.access.roles import Role
from app.domain.printing import JobState
from app.edge.state import AppState
from app.main import create_app
from app.services.printing.printers import PrinterEntry, PrinterRegistry
from app.tables.printing import PrintJob
from printer import FakePrinter, PrinterOfflineError, PrinterTimeoutError
from tests.conftest import Clock, rebuilt
from tests.printing.conftest import SpoolClock, issue_with_job, job
from tests.support.auth import bearer, staff_token


@pytest.fixture
def desk() -> FakePrinter:
    return FakePrinter(width_dots=384)


@pytest.fixture
def state(
    state: AppState, fake: FakePrinter, desk: FakePrinter, spool_clock: SpoolClock
) -> AppState:
    """Two printers: the lobby kiosk's (80 mm) and the reception desk's (58 mm), which staff
    signed in at window-1 or as user "desk-anna" print on."""
    printers = PrinterRegistry(
        {
            "lobby": PrinterEntry("lobby", "fake://lobby", 80, fake, kiosks=("Lobby kiosk",)),
            "desk": PrinterEntry(
                "desk", "fake://desk", 58, desk, workplaces=("window-1",), users=("desk-anna",)
            ),
        }
    )
    return rebuilt(state, printers=printers, print_clock=spool_clock, print_poll_seconds=0.05)


@pytest.fixture
def app(state: AppState) -> FastAPI:
    return create_app(state)


@pytest.fixture
def admin(app: FastAPI, state: AppState) -> Iterator[TestClient]:
    """An administrator (no workplace, no printer of their own); runs the spooler."""
    with TestClient(app, headers=bearer(staff_token(state, Role.ADMIN))) as client:
        yield client


@pytest.fixture
def reception(app: FastAPI, state: AppState, admin: TestClient) -> TestClient:
    """User desk-anna of the reception, whose printer is "desk"."""
    token = staff_token(state, Role.RECEPTION, username="desk-anna")
    return TestClient(app, headers=bearer(token))


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def issue(client: TestClient) -> int:
    answer = client.post("/api/tickets", json={"zone": "consultation", "language": "ru"})
    assert answer.status_code == 201, answer.text
    ticket_id: int = answer.json()["id"]
    return ticket_id


def test_reprint_is_accepted_and_printed_on_the_callers_printer(
    reception: TestClient, desk: FakePrinter, fake: FakePrinter
) -> None:
    ticket_id = issue(reception)
    answer = reception.post(f"/api/tickets/{ticket_id}/print")
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["printer"] == "desk"
    assert body["reason"] == "reprint"
    assert body["state"] in ("queued", "printing", "done")
    wait_for(lambda: len(desk.jobs) == 1)
    assert desk.jobs[0].width == 384  # the desk's 58 mm paper
    assert fake.jobs == []


def test_reprint_on_a_named_printer(admin: TestClient, fake: FakePrinter) -> None:
    ticket_id = issue(admin)
    answer = admin.post(f"/api/tickets/{ticket_id}/print", json={"printer": "lobby"})
    assert answer.status_code == 202
    wait_for(lambda: len(fake.jobs) == 1)


def test_reprint_refusals(admin: TestClient, state: AppState, clock: Clock) -> None:
    ticket_id = issue(admin)
    nowhere = admin.post(f"/api/tickets/{ticket_id}/print")
    assert nowhere.status_code == 409
    assert nowhere.json()["code"] == "no_printer"
    unknown = admin.post(f"/api/tickets/{ticket_id}/print", json={"printer": "attic"})
    assert unknown.status_code == 422
    assert "lobby, desk" in unknown.json()["detail"]
    missing = admin.post("/api/tickets/424242/print", json={"printer": "lobby"})
    assert missing.status_code == 404
    clock.advance(days=1)
    admin.headers.update(bearer(staff_token(state, Role.ADMIN)))  # yesterday's has expired
    yesterday = admin.post(f"/api/tickets/{ticket_id}/print", json={"printer": "lobby"})
    assert yesterday.status_code == 409
    assert yesterday.json()["code"] == "ticket_not_today"


def test_a_consultant_may_not_reprint(app: FastAPI, state: AppState, admin: TestClient) -> None:
    ticket_id = issue(admin)
    consultant = TestClient(
        app, headers=bearer(staff_token(state, Role.CONSULTANT, workplace="window-1"))
    )
    assert consultant.post(f"/api/tickets/{ticket_id}/print").status_code == 403


def printers(client: TestClient) -> dict[str, dict[str, Any]]:
    answer = client.get("/api/printers")
    assert answer.status_code == 200
    return {p["code"]: p for p in answer.json()}


def test_staff_see_a_fault_and_decide_a_job_that_may_have_printed(
    admin: TestClient, state: AppState, fake: FakePrinter
) -> None:
    assert printers(admin)["lobby"]["status"] in ("ok", "unknown")
    fake.fail_next = [PrinterTimeoutError("no confirmation", may_have_printed=True)]
    _, job_id = issue_with_job(state)
    wait_for(lambda: job(state, job_id).state is JobState.UNSURE)

    lobby = printers(admin)["lobby"]
    assert lobby["status"] == "fault"
    assert lobby["error_kind"] == "timeout"
    [attention] = lobby["needs_attention"]
    assert attention["id"] == job_id
    assert attention["state"] == "unsure"

    decided = admin.post(f"/api/print-jobs/{job_id}/resolve", json={"printed": True})
    assert decided.status_code == 200
    assert decided.json()["state"] == "done"
    assert decided.json()["resolved_by"] == "test-admin"
    assert printers(admin)["lobby"]["needs_attention"] == []
    again = admin.post(f"/api/print-jobs/{job_id}/resolve", json={"printed": False})
    assert again.status_code == 409
    assert admin.post("/api/print-jobs/999/resolve", json={"printed": True}).status_code == 404
    assert fake.attempts == 1  # never printed again by itself


def test_a_failed_job_needs_attention_until_reprinted(
    admin: TestClient, state: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    fake.fail_with = PrinterOfflineError("unplugged")
    ticket_id, job_id = issue_with_job(state)
    wait_for(lambda: job(state, job_id).attempts >= 1)
    spool_clock.advance(state.centre.printing.retry_for_seconds + 1)
    wait_for(lambda: job(state, job_id).state is JobState.FAILED)
    lobby = printers(admin)["lobby"]
    assert [a["id"] for a in lobby["needs_attention"]] == [job_id]

    fake.fail_with = None
    assert (
        admin.post(f"/api/tickets/{ticket_id}/print", json={"printer": "lobby"}).status_code == 202
    )
    assert printers(admin)["lobby"]["needs_attention"] == []
    wait_for(lambda: len(fake.jobs) == 1)


def test_the_desk_prints_the_tickets_it_issues(
    reception: TestClient, state: AppState, desk: FakePrinter
) -> None:
    answer = reception.post(
        "/desk/tickets",
        data={"language": "kk", "purpose": "consultation", "id_document": "original"},
    )
    assert answer.status_code == 200, answer.text
    assert 'data-printing="desk"' in answer.text
    wait_for(lambda: len(desk.jobs) == 1)
    with Session(state.engine) as session:
        [row] = session.exec(select(PrintJob)).all()
    assert row.requested_by == "desk-anna"
    assert row.reason == "issue"


def test_the_desk_card_shows_faults_and_reprints(
    reception: TestClient, state: AppState, fake: FakePrinter, desk: FakePrinter
) -> None:
    fake.fail_next = [PrinterTimeoutError("stopped mid-job", may_have_printed=True)]
    ticket_id, job_id = issue_with_job(state)
    wait_for(lambda: job(state, job_id).state is JobState.UNSURE)

    card = reception.get("/desk/printers")
    assert card.status_code == 200
    assert 'data-printer="lobby" data-status="fault"' in card.text
    assert f'data-job="{job_id}"' in card.text
    assert "Не работает" in reception.get("/desk/printers?lang=ru").text

    again = reception.post(
        f"/desk/print-jobs/{job_id}/resolve", data={"printed": "false", "reprint": "true"}
    )
    assert again.status_code == 200
    assert f'data-job="{job_id}"' not in again.text
    wait_for(lambda: len(desk.jobs) == 1)  # printed at the desk, for the visitor in front
    assert job(state, job_id).state is JobState.FAILED

    button = reception.post(f"/desk/tickets/{ticket_id}/print")
    assert button.status_code == 200
    assert button.headers["HX-Trigger"] == "printers-changed"
    assert 'id="print-notice"' in button.text
    wait_for(lambda: len(desk.jobs) == 2)
