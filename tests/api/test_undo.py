"""Undo of a mistaken Finish (Qmatic-class operators expect it): within a minute, at the
workplace that finished, and only while it has called nobody since."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from tests.api.helpers import act, call_next, error, get, issue, serve
from tests.conftest import ClientAs, Clock


def test_a_finish_undone_within_a_minute_is_served_again(client: TestClient, clock: Clock) -> None:
    ticket = issue(client)
    served = serve(client, "window-1")
    assert served["state"] == "done"
    clock.advance(seconds=59)
    reopened = act(client, ticket["id"], "reopen")
    assert reopened["state"] == "serving"
    assert reopened["workplace"] == "window-1"
    assert reopened["finished_at"] is None
    # It is the workplace's current ticket again: nobody else can be called there.
    issue(client)
    error(client.post("/api/workplaces/window-1/call-next"), 409, "workplace_busy")
    assert act(client, ticket["id"], "finish")["state"] == "done"


def test_a_finish_is_not_undone_after_the_minute(client: TestClient, clock: Clock) -> None:
    ticket = issue(client)
    serve(client, "window-1")
    clock.advance(seconds=61)
    detail = error(client.post(f"/api/tickets/{ticket['id']}/reopen"), 409, "too_late_to_undo")
    assert "60" in detail
    assert get(client, ticket["id"])["state"] == "done"


def test_a_finish_is_not_undone_once_the_next_visitor_is_called(client: TestClient) -> None:
    first = issue(client)
    issue(client)
    serve(client, "window-1")
    assert call_next(client, "window-1") is not None
    error(client.post(f"/api/tickets/{first['id']}/reopen"), 409, "workplace_busy")
    assert get(client, first["id"])["state"] == "done"


def test_only_the_workplace_that_finished_may_undo_it(
    client: TestClient, client_as: ClientAs
) -> None:
    ticket = issue(client)
    serve(client, "window-1")
    elsewhere = client_as(Role.CONSULTANT, workplace="window-2")
    error(elsewhere.post(f"/api/tickets/{ticket['id']}/reopen"), 403, "ticket_not_yours")
    here = client_as(Role.CONSULTANT, workplace="window-1")
    assert act(here, ticket["id"], "reopen")["state"] == "serving"


def test_a_no_show_or_a_waiting_ticket_has_no_finish_to_undo(client: TestClient) -> None:
    missed = issue(client)
    called = call_next(client, "window-1")
    assert called is not None
    act(client, missed["id"], "no-show")
    error(client.post(f"/api/tickets/{missed['id']}/reopen"), 409, "illegal_transition")
    waiting = issue(client)
    error(client.post(f"/api/tickets/{waiting['id']}/reopen"), 409, "illegal_transition")
