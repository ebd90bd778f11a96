"""Where staff may act (app/domain/access/rules.py): at the workplace they signed in at, on
the ticket called there; MANAGE anywhere; an administrator or an unbound API token anywhere.
And every call and event records who acted."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.queue import Ticket, TicketEvent
from tests.conftest import ClientAs
from tests.support.units import transaction


def issue(client: TestClient, zone: str = "consultation") -> int:
    response = client.post("/api/tickets", json={"zone": zone, "language": "ru"})
    assert response.status_code == 201, response.text
    ticket_id: int = response.json()["id"]
    return ticket_id


def call_at(client: TestClient, workplace: str) -> int:
    response = client.post(f"/api/workplaces/{workplace}/call-next")
    assert response.status_code == 200, response.text
    ticket_id: int = response.json()["id"]
    return ticket_id


def test_calling_only_at_ones_own_workplace(client: TestClient, client_as: ClientAs) -> None:
    issue(client)
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    elsewhere = consultant.post("/api/workplaces/window-2/call-next")
    assert elsewhere.status_code == 403
    assert elsewhere.json() == {
        "detail": "You are signed in at window-1, not at window-2.",
        "code": "not_at_workplace",
    }
    assert consultant.post("/api/workplaces/window-2/call", json={"number": 100}).status_code == 403
    assert consultant.post("/api/workplaces/window-1/call-next").status_code == 200


def test_an_admin_calls_anywhere_and_an_unbound_server_nowhere(
    client: TestClient, client_as: ClientAs
) -> None:
    """A consultant's token bound to no workplace (sign-in refuses to make one now: one left
    from before) calls at no workplace and serves no ticket; it once acted centre-wide."""
    issue(client)
    issue(client)
    admin_at_window_1 = client_as(Role.ADMIN, workplace="window-1")
    called = admin_at_window_1.post("/api/workplaces/window-2/call-next")
    assert called.status_code == 200
    unbound = client_as(Role.CONSULTANT)
    for place in ("window-3", "cabinet-201"):
        refused = unbound.post(f"/api/workplaces/{place}/call-next")
        assert (refused.status_code, refused.json()["code"]) == (403, "no_workplace")
    refused = unbound.post(f"/api/tickets/{called.json()['id']}/start")
    assert (refused.status_code, refused.json()["code"]) == (403, "no_workplace")


def test_serving_only_the_ticket_called_to_ones_workplace(
    client: TestClient, client_as: ClientAs
) -> None:
    issue(client)
    issue(client)
    mine = call_at(client_as(Role.CONSULTANT, workplace="window-1"), "window-1")
    theirs = call_at(client_as(Role.CONSULTANT, workplace="window-2"), "window-2")
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    refused = consultant.post(f"/api/tickets/{theirs}/start")
    assert refused.status_code == 403
    assert refused.json()["code"] == "ticket_not_yours"
    assert "window-1" in refused.json()["detail"]
    for action in ("recall", "start", "finish"):
        assert consultant.post(f"/api/tickets/{mine}/{action}").status_code == 200, action


def test_cancel_and_transfer(client: TestClient, client_as: ClientAs) -> None:
    waiting = issue(client)
    called = issue(client)
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    # window-1 calls the first ticket in line
    assert call_at(consultant, "window-1") == waiting
    # a consultant may move the ticket at their workplace, not one waiting in the hall
    refused = consultant.post(f"/api/tickets/{called}/cancel")
    assert refused.status_code == 403
    assert refused.json()["code"] == "ticket_not_yours"
    moved = consultant.post(f"/api/tickets/{waiting}/transfer", json={"zone": "self_service"})
    assert moved.status_code == 200, moved.text
    # reception and the hall moderator (MANAGE) may move any ticket
    moderator = client_as(Role.MODERATOR)
    assert (
        moderator.post(f"/api/tickets/{called}/transfer", json={"zone": "self_service"}).status_code
        == 200
    )
    assert client_as(Role.RECEPTION).post(f"/api/tickets/{called}/cancel").status_code == 200
    # the analyst only reads
    analyst = client_as(Role.ANALYST)
    assert analyst.get(f"/api/tickets/{called}").status_code == 200
    assert analyst.post(f"/api/tickets/{waiting}/cancel").status_code == 403


def test_every_call_and_event_records_who_acted(
    client: TestClient, client_as: ClientAs, state: AppState
) -> None:
    ticket_id = issue(client_as(Role.RECEPTION))
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    call_at(consultant, "window-1")
    consultant.post(f"/api/tickets/{ticket_id}/start")
    with transaction(state.engine) as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        assert ticket.called_by == "test-consultant"
        actors = {
            e.action: e.actor
            for e in session.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id))
        }
    assert actors["call"] == "test-consultant"
    assert actors["start"] == "test-consultant"
