"""Fixtures for the print spooler: the test's database and centre, in-memory printers
(printer.FakePrinter) and a clock for retries the test moves by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from app.domain.estimate import shown
from app.edge.state import AppState
from app.services.catalog import Services
from app.services.printing.printers import PrinterRegistry
from app.tables.printing import PrintJob
from app.tables.queue import Ticket
from printer import FakePrinter
from tests.conftest import rebuilt

BASE_URL = "https://queue.example.kz"
KIOSK = "Lobby kiosk"


@dataclass
class SpoolClock:
    """The spooler's own clock (real time in production): retries and leases."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def fake() -> FakePrinter:
    return FakePrinter(width_dots=576)


@pytest.fixture
def spool_clock() -> SpoolClock:
    return SpoolClock()


@pytest.fixture
def printing(state: AppState, fake: FakePrinter, spool_clock: SpoolClock) -> AppState:
    """The test's state with one printer, "lobby" (the fake), serving the kiosk KIOSK."""
    return rebuilt(
        state,
        printers=PrinterRegistry.of({"lobby": fake}, kiosks={KIOSK: "lobby"}),
        print_clock=spool_clock,
        print_poll_seconds=0.05,
    )


def issue_with_job(
    state: AppState,
    *,
    printer: str = "lobby",
    zone: str = "consultation",
    language: str = "kk",
    priority: str | None = None,
    commit: bool = True,
) -> tuple[int, int]:
    """Issue a ticket and ask for it to be printed in one transaction, as the kiosk does.
    (ticket id, job id)."""
    entry = state.printer_registry.get(printer)
    assert entry is not None

    def issue_and_print(s: Services) -> tuple[int, int]:
        issued = s.queue.issue(
            zone=zone, language=language, purpose=None, priority=priority, now=state.clock()
        )
        job = s.printing.order(
            issued.ticket,
            entry,
            ahead=issued.ahead,
            wait=shown(issued.ticket.estimate_minutes),
            base_url=BASE_URL,
            requested_by="test",
        )
        assert issued.ticket.id is not None
        assert job.id is not None
        if not commit:
            raise RolledBack(issued.ticket.id, job.id)
        return issued.ticket.id, job.id

    try:
        return state.transactions.write_now(issue_and_print)
    except RolledBack as rolled_back:
        return rolled_back.ids


class RolledBack(Exception):
    """Ends a test's transaction with a rollback, as a failure after the print was asked."""

    def __init__(self, ticket_id: int, job_id: int) -> None:
        super().__init__()
        self.ids = (ticket_id, job_id)


def job(state: AppState, job_id: int) -> PrintJob:
    with Session(state.engine) as session:
        found = session.get(PrintJob, job_id)
        assert found is not None
        return found


def ticket(state: AppState, ticket_id: int) -> Ticket | None:
    with Session(state.engine) as session:
        return session.get(Ticket, ticket_id)
