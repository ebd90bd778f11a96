"""Visits made the way the centre makes them, for the survey's tests: tickets issued at the
desk (with or without a phone number and consent), served through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.edge.state import AppState
from app.tables.queue import Ticket, VisitorDetail
from tests.api.helpers import act, call_next
from tests.support.units import transaction

PHONE = "8 701 555 01 23"
STORED = "+77015550123"


def at_desk(
    client: TestClient,
    *,
    purpose: str = "consultation",
    phone: str = "",
    consent: bool = False,
    language: str = "kk",
    expect: int = 200,
    **extra: Any,
) -> Any:
    """The desk's form posted (by the administrator's bearer token: no CSRF)."""
    form = {"language": language, "purpose": purpose, "id_document": "original", **extra}
    if phone:
        form["phone"] = phone
    if consent:
        form["survey_consent"] = "true"
    answer = client.post("/desk/tickets", data=form)
    assert answer.status_code == expect, answer.text
    return answer


def latest(state: AppState) -> Ticket:
    with transaction(state.engine) as session:
        ticket = session.exec(select(Ticket).order_by(col(Ticket.id).desc())).first()
    assert ticket is not None
    return ticket


def detail(state: AppState, ticket_id: int) -> VisitorDetail | None:
    with transaction(state.engine) as session:
        return session.get(VisitorDetail, ticket_id)


def visit(
    client: TestClient,
    state: AppState,
    *,
    then: str = "finish",
    workplace: str = "window-1",
    **desk: Any,
) -> int:
    """A ticket issued at the desk, called at `workplace` and then finished (or "no-show",
    or "wait": left waiting); its id."""
    at_desk(client, **desk)
    ticket = latest(state)
    assert ticket.id is not None
    if then == "wait":
        return ticket.id
    called = call_next(client, workplace)
    assert called is not None
    assert called["id"] == ticket.id
    if then == "no-show":
        act(client, ticket.id, "no-show")
    else:
        act(client, ticket.id, "start")
        act(client, ticket.id, "finish")
    return ticket.id
