"""Visits to rate: tickets issued and served through the real API on the test's database,
and the ratings as stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.feedback import Rating
from tests.conftest import ClientAs
from tests.support.auth import device_token


@dataclass(frozen=True)
class Visit:
    id: int
    token: str  # the status page's token, from the ticket's status_url
    display: str


Serve = Callable[..., Visit]


@pytest.fixture
def serve(client: TestClient, client_as: ClientAs) -> Serve:
    """`serve(at="window-2", finish=True)`: a consultation ticket issued at the desk, called,
    started and (unless told otherwise) finished at the workplace, all through the API."""

    def visit(*, at: str = "window-1", finish: bool = True, language: str = "ru") -> Visit:
        issued = client.post("/api/tickets", json={"zone": "consultation", "language": language})
        assert issued.status_code == 201, issued.text
        ticket = issued.json()
        consultant = client_as(Role.CONSULTANT, workplace=at)
        called = consultant.post(f"/api/workplaces/{at}/call-next")
        assert called.status_code == 200, called.text
        assert called.json()["id"] == ticket["id"]
        assert consultant.post(f"/api/tickets/{ticket['id']}/start").status_code == 200
        if finish:
            done = consultant.post(f"/api/tickets/{ticket['id']}/finish")
            assert done.status_code == 200, done.text
        token = ticket["status_url"].rsplit("/t/", 1)[1]
        return Visit(ticket["id"], token, ticket["display"])

    return visit


@pytest.fixture
def tablet_at(application: FastAPI, state: AppState) -> Callable[[str], TestClient]:
    """`tablet_at("window-1")`: the browser of a feedback tablet paired for that workplace."""

    def make(workplace: str) -> TestClient:
        tablet = TestClient(application, follow_redirects=False)
        tablet.cookies.set(
            "qb_device",
            device_token(state, DeviceKind.FEEDBACK, f"Tablet {workplace}", workplace=workplace),
        )
        return tablet

    return make


def ratings(state: AppState) -> list[Rating]:
    with Session(state.engine) as session:
        return list(session.exec(select(Rating).order_by(col(Rating.ticket_id))).all())
