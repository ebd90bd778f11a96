"""Small helpers for the API tests: each call asserts its HTTP status and returns the JSON."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx2
from fastapi.testclient import TestClient

from app.db.migrate import upgrade
from tests.conftest import Clock
from tests.support.auth import authorize

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

Json = dict[str, Any]


def issue(
    client: TestClient, zone: str = "consultation", language: str = "kk", **extra: Any
) -> Json:
    response = client.post("/api/tickets", json={"zone": zone, "language": language, **extra})
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


def call_next(client: TestClient, workplace: str) -> Json | None:
    """The called ticket, or None when the workplace's zones are empty (204)."""
    response = client.post(f"/api/workplaces/{workplace}/call-next")
    if response.status_code == 204:
        assert response.content == b""
        return None
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def call_number(client: TestClient, workplace: str, number: int) -> Json:
    response = client.post(f"/api/workplaces/{workplace}/call", json={"number": number})
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def act(client: TestClient, ticket_id: int, action: str) -> Json:
    response = client.post(f"/api/tickets/{ticket_id}/{action}")
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def get(client: TestClient, ticket_id: int) -> Json:
    response = client.get(f"/api/tickets/{ticket_id}")
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def serve(client: TestClient, workplace: str) -> Json:
    """Call the next ticket at `workplace`, start and finish it."""
    called = call_next(client, workplace)
    assert called is not None
    act(client, called["id"], "start")
    return act(client, called["id"], "finish")


def call_in_turn(client: TestClient, workplaces: list[str], count: int) -> list[int]:
    """Call `count` tickets in turn at `workplaces` (round robin), each followed by a no-show
    so the workplace is free again; the ids in call order."""
    ids = []
    for i in range(count):
        workplace = workplaces[i % len(workplaces)]
        called = call_next(client, workplace)
        assert called is not None, f"nobody left to call at {workplace}"
        act(client, called["id"], "no-show")
        ids.append(called["id"])
    return ids


def error(response: httpx2.Response, status: int, code: str) -> str:
    """Assert a readable refusal and return its detail."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    detail = body["detail"]
    assert isinstance(detail, str)
    assert detail.strip()
    return detail


def set_clock(client: TestClient, clock: Clock, when: datetime) -> None:
    """Move the clock, and sign the client's administrator in again (tokens last hours)."""
    clock.now = when
    authorize(client)


def migrate_template(directory: Path) -> Path:
    """A migrated SQLite database to copy for each test (migrating each time costs ~0.1 s)."""
    path = directory / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def copy_database(template: Path, directory: Path) -> str:
    """A private copy of `template` in `directory`, as a database URL."""
    target = directory / "qabyldau.sqlite3"
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"
