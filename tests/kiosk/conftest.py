"""The kiosk in-process (TestClient): a paired kiosk named "Lobby kiosk" whose printer is an
in-memory FakePrinter, the test's database and clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.domain.access.identity import DeviceKind
from app.edge.state import AppState
from app.main import create_app
from app.services.printing.printers import PrinterRegistry
from printer import FakePrinter
from tests.conftest import rebuilt
from tests.support.auth import device_token

KIOSK = "Lobby kiosk"
HTMX = {"HX-Request": "true"}  # what htmx sends: the answer is the step alone


@pytest.fixture
def fake() -> FakePrinter:
    return FakePrinter(width_dots=576)


@pytest.fixture
def kiosk_state(state: AppState, fake: FakePrinter) -> AppState:
    printers = PrinterRegistry.of({"lobby": fake}, kiosks={KIOSK: "lobby"})
    return rebuilt(state, printers=printers, print_poll_seconds=0.05)


@pytest.fixture
def kiosk_app(kiosk_state: AppState) -> FastAPI:
    return create_app(kiosk_state)


@pytest.fixture
def kiosk(kiosk_app: FastAPI, kiosk_state: AppState) -> Iterator[TestClient]:
    """The lobby kiosk's browser (its pairing cookie); runs the app and its spooler."""
    with TestClient(kiosk_app, follow_redirects=False) as client:
        client.cookies.set("qb_device", device_token(kiosk_state, DeviceKind.KIOSK, KIOSK))
        yield client


@contextmanager
def kiosk_on(state: AppState) -> Iterator[TestClient]:
    """The lobby kiosk's browser on a server built from `state`."""
    with TestClient(create_app(state), follow_redirects=False) as client:
        client.cookies.set("qb_device", device_token(state, DeviceKind.KIOSK, KIOSK))
        yield client


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def take_ticket(
    kiosk: TestClient,
    *,
    language: str = "kk",
    purpose: str = "consultation",
    priority: str = "",
    status: int = 200,
) -> str:
    """Press "Get a ticket" on the confirm step; the ticket step's HTML."""
    answer = kiosk.post(
        "/kiosk/tickets",
        data={"language": language, "purpose": purpose, "priority": priority},
        headers=HTMX,
    )
    assert answer.status_code == status, answer.text
    return answer.text
