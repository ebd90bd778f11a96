"""Transfer to another zone: the ticket keeps its number, issue time and priority, so it takes
its fair place in the new queue."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ClientFor
from tests.api.helpers import (
    Json,
    act,
    call_in_turn,
    call_next,
    call_number,
    error,
    get,
    issue,
    serve,
)
from tests.conftest import Clock


def transfer(client: TestClient, ticket_id: int, zone: str, workplace: str | None = None) -> Json:
    sent = {"zone": zone} | ({"workplace": workplace} if workplace else {})
    response = client.post(f"/api/tickets/{ticket_id}/transfer", json=sent)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


@pytest.mark.parametrize("before", [[], ["call"], ["call", "start"]])
def test_transfer_keeps_number_issue_time_and_priority(
    client: TestClient, clock: Clock, before: list[str]
) -> None:
    ticket = issue(client, "consultation", language="ru", priority="labour_veteran")
    if "call" in before:
        call_next(client, "window-1")
    if "start" in before:
        act(client, ticket["id"], "start")
    clock.advance(minutes=15)
    moved = transfer(client, ticket["id"], "personal_reception", "cabinet-201")
    assert moved["zone"] == "personal_reception"
    assert moved["state"] == "waiting"
    assert moved["workplace"] is None
    for kept in ("id", "number", "display", "issued_at", "priority", "language"):
        assert moved[kept] == ticket[kept], kept
    # The window it left is free again.
    assert call_next(client, "window-1") is None


def test_transferred_ticket_lands_ahead_of_later_tickets(client: TestClient, clock: Clock) -> None:
    early_there = issue(client, "personal_reception")
    clock.advance(minutes=1)
    mine = issue(client, "consultation")
    clock.advance(minutes=1)
    later = [issue(client, "personal_reception") for _ in range(2)]
    clock.advance(minutes=10)
    moved = transfer(client, mine["id"], "personal_reception", "cabinet-201")
    assert moved["ahead"] == 1
    assert get(client, later[0]["id"])["ahead"] == 2
    order = call_in_turn(client, ["cabinet-201"], 4)
    assert order == [early_there["id"], mine["id"], later[0]["id"], later[1]["id"]]


def test_transferred_out_of_turn_ticket_goes_first(client: TestClient, clock: Clock) -> None:
    """000 p.12: the out-of-turn right goes with the ticket."""
    waiting = issue(client, "personal_reception")
    clock.advance(minutes=5)
    veteran = issue(client, "consultation", priority="gpw_veteran")
    assert transfer(client, veteran["id"], "personal_reception", "cabinet-201")["ahead"] == 0
    assert get(client, waiting["id"])["ahead"] == 1


def test_transferred_ticket_is_called_by_its_number_in_the_new_zone(client: TestClient) -> None:
    ticket = issue(client, "consultation")
    transfer(client, ticket["id"], "self_service")
    error(
        client.post("/api/workplaces/window-1/call", json={"number": ticket["number"]}),
        404,
        "number_not_waiting",
    )
    called = call_number(client, "self-service-1", ticket["number"])
    assert called["id"] == ticket["id"]
    assert called["display"] == ticket["display"]


def test_transfer_and_back(client: TestClient) -> None:
    ticket = issue(client, "consultation")
    transfer(client, ticket["id"], "self_service")
    back = transfer(client, ticket["id"], "consultation")
    assert back["zone"] == "consultation"
    called = call_next(client, "window-1")
    assert called is not None
    assert called["id"] == ticket["id"]


def test_a_transferred_ticket_keeps_its_number_taken_in_its_first_zone(
    client_for: ClientFor,
) -> None:
    """Its number stays in use, so the board never shows one number for two visitors."""
    client = client_for("tiny_centre.toml")
    first = issue(client, "tiny")
    issue(client, "tiny")
    issue(client, "tiny")
    transfer(client, first["id"], "twin")
    error(client.post("/api/tickets", json={"zone": "tiny", "language": "kk"}), 409, "zone_full")
    serve(client, "desk-both")  # Т-1 is served in "twin"
    assert issue(client, "tiny")["display"] == first["display"]


def test_transfer_to_the_same_zone(client: TestClient) -> None:
    ticket = issue(client, "consultation")
    response = client.post(f"/api/tickets/{ticket['id']}/transfer", json={"zone": "consultation"})
    detail = error(response, 422, "same_zone")
    assert ticket["display"] in detail


def test_transfer_to_an_unknown_zone(client: TestClient) -> None:
    ticket = issue(client)
    response = client.post(f"/api/tickets/{ticket['id']}/transfer", json={"zone": "roof"})
    assert "'roof'" in error(response, 422, "unknown_zone")


def test_transfer_to_a_zone_without_a_queue(client: TestClient) -> None:
    ticket = issue(client)
    response = client.post(f"/api/tickets/{ticket['id']}/transfer", json={"zone": "reception"})
    error(response, 422, "zone_not_issuing")


@pytest.mark.parametrize("end", ["finish", "no-show", "cancel"])
def test_a_finished_ticket_cannot_be_transferred(client: TestClient, end: str) -> None:
    ticket = issue(client)
    call_next(client, "window-1")
    if end == "finish":
        act(client, ticket["id"], "start")
    act(client, ticket["id"], end)
    response = client.post(
        f"/api/tickets/{ticket['id']}/transfer",
        json={"zone": "personal_reception", "workplace": "cabinet-201"},
    )
    detail = error(response, 409, "illegal_transition")
    assert ticket["display"] in detail
    assert get(client, ticket["id"])["zone"] == "consultation"


def test_transfer_of_an_unknown_ticket(client: TestClient) -> None:
    response = client.post("/api/tickets/4242/transfer", json={"zone": "consultation"})
    assert "4242" in error(response, 404, "ticket_not_found")


@pytest.mark.parametrize(
    "body", [None, {}, {"zone": ""}, {"zone": 5}, {"zone": "self_service", "to": "x"}]
)
def test_transfer_with_a_bad_body(client: TestClient, body: object) -> None:
    ticket = issue(client)
    response = client.post(f"/api/tickets/{ticket['id']}/transfer", json=body)
    error(response, 422, "invalid_request")


def test_a_ticket_sent_to_personal_reception_goes_to_the_cabinet_chosen(
    client: TestClient,
) -> None:
    """A visitor without a booking sent to personal reception is received by the official the
    sender chose (issue 12), not by whichever cabinet calls next (001 p.15: booked visitors go
    to their official's cabinet; the same holds for one sent there)."""
    ticket = issue(client, "consultation")
    response = client.post(
        f"/api/tickets/{ticket['id']}/transfer", json={"zone": "personal_reception"}
    )
    assert "personal_reception" in error(response, 422, "cabinet_required")
    assert get(client, ticket["id"])["zone"] == "consultation"

    transfer(client, ticket["id"], "personal_reception", "cabinet-202")
    assert call_next(client, "cabinet-201") is None  # not for the other official
    called = call_next(client, "cabinet-202")
    assert called is not None
    assert called["id"] == ticket["id"]


def test_a_ticket_sent_to_a_given_window_of_its_zone(client: TestClient) -> None:
    """Transfer to a given window, not only to a zone: the same zone, another window."""
    ticket = issue(client, "consultation")
    call_next(client, "window-1")
    transfer(client, ticket["id"], "consultation", "window-3")
    assert call_next(client, "window-2") is None
    called = call_next(client, "window-3")
    assert called is not None
    assert called["id"] == ticket["id"]


def test_a_ticket_is_not_sent_to_a_workplace_outside_the_zone(client: TestClient) -> None:
    ticket = issue(client, "consultation")
    response = client.post(
        f"/api/tickets/{ticket['id']}/transfer",
        json={"zone": "personal_reception", "workplace": "window-2"},
    )
    assert "window-2" in error(response, 422, "wrong_workplace")
    response = client.post(
        f"/api/tickets/{ticket['id']}/transfer", json={"zone": "consultation", "workplace": "nope"}
    )
    error(response, 404, "workplace_not_found")
