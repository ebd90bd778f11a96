"""A database that cannot take changes (11.8): health says which outage it is, a write is
refused with a message in the reader's language (never a plain 500), nothing hangs, and
reads go on where the database still answers them.

The clock is Tue 24 Nov 2026, 10:00 in Almaty (tests/conftest.py)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.db.engine import make_engine, writer_gate
from app.db.turns import PATIENCE
from app.domain.access.roles import Role
from app.main import create_app
from tests.conftest import Clock, make_state
from tests.support.auth import bearer, staff_token


def test_a_read_only_database(sqlite_url: str, clock: Clock) -> None:
    """The file opened read-only, as SQLite does on a read-only disk or file: health is
    "down" with 503 and says "read-only"; issuing a ticket is a 503 in Russian that says
    nothing was saved; the board, a read, still answers."""
    path = sqlite_url.removeprefix("sqlite:///")
    writable = make_state(sqlite_url, clock)
    token = staff_token(writable, Role.RECEPTION)  # the account, before the disk turned
    writable.close()
    state = make_state(f"sqlite:///file:{path}?mode=ro&uri=true", clock)
    try:
        with TestClient(create_app(state), headers=bearer(token)) as client:
            health = client.get("/api/health")
            assert health.status_code == 503
            assert health.json()["status"] == "down"
            assert health.json()["database"] == "read-only"
            issued = client.post(
                "/api/tickets?lang=ru", json={"zone": "consultation", "language": "ru"}
            )
            assert issued.status_code == 503, issued.text
            assert issued.json()["code"] == "database_read_only"
            assert "Ничего не сохранено" in issued.json()["detail"]
            assert client.get("/api/board").status_code == 200
    finally:
        state.close()


@pytest.fixture
def held_lock(sqlite_url: str) -> Iterator[None]:
    """The other worker's write lock held, and never let go while the test runs."""
    other = os.open(writer_lock_of(sqlite_url), os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    yield
    os.close(other)


def writer_lock_of(url: str) -> Path:
    """The file the server's workers take turns on before each write."""
    engine = make_engine(url)
    try:
        gate = writer_gate(engine)
        assert gate is not None
        assert gate.lock_path is not None
        return gate.lock_path
    finally:
        engine.dispose()


def test_a_write_lock_that_is_never_let_go(client: TestClient, held_lock: None) -> None:
    """Another process holds the write lock: a write waits at most PATIENCE and answers 503
    "busy" in Kazakh; health says "busy"; reads answer at once meanwhile. (It hung 30 s.)"""
    started = time.monotonic()
    issued = client.post("/api/tickets?lang=kk", json={"zone": "consultation", "language": "kk"})
    waited = time.monotonic() - started
    assert issued.status_code == 503, issued.text
    assert issued.json()["code"] == "database_busy"
    assert "Ештеңе сақталған жоқ" in issued.json()["detail"]
    assert PATIENCE * 0.8 <= waited <= PATIENCE + 3
    started = time.monotonic()
    assert client.get("/api/board").status_code == 200
    assert time.monotonic() - started < 1.0
    health = client.get("/api/health")
    assert (health.status_code, health.json()["database"]) == (503, "busy")
