"""The spooler's worker threads against a real TCP printer on 127.0.0.1 (the emulator) that
is switched off, hangs, runs out of paper and comes back: no ticket lost, the fault known,
the ticket delivered once — counted at the printer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PIL import Image, ImageChops
from sqlmodel import Session

from app.domain.printing import JobState
from app.edge.state import AppState
from app.services.printing import spooler as spooler_module
from app.services.printing.printers import PrinterEntry, PrinterRegistry
from app.services.printing.ticket_text import ticket_print
from app.tables.printing import PrinterState, PrintJob
from printer import PaperLevel, open_printer, render_ticket
from printer.testing.decode import jobs as decode_jobs
from printer.testing.emulator import Behaviour, NetworkPrinterEmulator
from tests.conftest import rebuilt
from tests.printing.conftest import issue_with_job, job, ticket

TIMEOUT = 1.0  # seconds per job or status request: a hung printer costs this much per try


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spooler_module, "BACKOFF_SECONDS", (0.2, 0.4, 0.8))


@pytest.fixture
def emulator() -> Iterator[NetworkPrinterEmulator]:
    with NetworkPrinterEmulator() as printer:
        yield printer


@pytest.fixture
def networked(state: AppState, emulator: NetworkPrinterEmulator) -> Iterator[AppState]:
    """The test's state printing on the emulator (80 mm), worker threads running."""
    url = f"{emulator.url}?timeout={TIMEOUT}"
    printers = PrinterRegistry({"lobby": PrinterEntry("lobby", url, 80, open_printer(url, 576))})
    state = rebuilt(state, printers=printers, print_poll_seconds=0.05)
    state.spooler.start()
    yield state
    state.spooler.stop()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def known(state: AppState) -> PrinterState:
    with Session(state.engine) as session:
        row = session.get(PrinterState, "lobby")
        assert row is not None
        return row


def jobs_started(emulator: NetworkPrinterEmulator) -> int:
    """Connections that carried any part of a job (an ESC @), complete or not."""
    return sum(1 for stream in emulator.connections if b"\x1b@" in stream)


def expected_image(state: AppState, job_id: int) -> Image.Image:
    row = job(state, job_id)
    issued = ticket(state, row.ticket_id)
    assert issued is not None
    return render_ticket(
        ticket_print(
            state.centre,
            issued,
            ahead=row.ahead,
            wait_minutes=row.wait_minutes,
            status_url=row.status_url,
        ),
        576,
    )


def test_port_closed_then_printer_back_delivers_once(
    networked: AppState, emulator: NetworkPrinterEmulator
) -> None:
    emulator.stop()  # switched off: connection refused
    ticket_id, job_id = issue_with_job(networked)

    wait_until(lambda: job(networked, job_id).attempts >= 2)
    waiting = job(networked, job_id)
    assert waiting.state in (JobState.QUEUED, JobState.PRINTING)
    assert waiting.error_kind == "offline"
    assert (known(networked).ok, known(networked).error_kind) == (False, "offline")
    assert ticket(networked, ticket_id) is not None  # the ticket stands

    emulator.start()  # switched on again, same address
    wait_until(lambda: job(networked, job_id).state is JobState.DONE)
    [printed] = emulator.wait_for_jobs(1)
    time.sleep(1.0)  # nothing more arrives
    assert len(emulator.wait_for_jobs(1)) == 1
    assert jobs_started(emulator) == 1
    assert printed.image is not None
    assert printed.width == 576
    difference = ImageChops.difference(
        printed.image.convert("L"), expected_image(networked, job_id).convert("L")
    )
    assert difference.getbbox() is None
    assert known(networked).ok is True


def test_printer_that_accepts_and_hangs_then_recovers_delivers_once(
    networked: AppState, emulator: NetworkPrinterEmulator
) -> None:
    """It takes the connection and never answers the status request: nothing of the job is
    sent, so the retry is safe."""
    emulator.behaviour = Behaviour.HANG
    _, job_id = issue_with_job(networked)

    wait_until(lambda: job(networked, job_id).error_kind == "timeout")
    assert job(networked, job_id).state in (JobState.QUEUED, JobState.PRINTING)
    assert (known(networked).ok, known(networked).error_kind) == (False, "timeout")
    assert jobs_started(emulator) == 0

    emulator.behaviour = Behaviour.OK
    wait_until(lambda: job(networked, job_id).state is JobState.DONE)
    time.sleep(1.0)
    assert len(emulator.wait_for_jobs(1)) == 1
    assert jobs_started(emulator) == 1


def test_printer_that_hangs_in_the_middle_of_a_job_is_left_to_staff(
    networked: AppState, emulator: NetworkPrinterEmulator
) -> None:
    """Some of the job reached the printer: it may have printed, so it is never sent again
    by itself — staff ask the visitor."""
    emulator.behaviour = Behaviour.HANG_IN_JOB
    _, job_id = issue_with_job(networked)

    wait_until(lambda: job(networked, job_id).state is JobState.UNSURE)
    emulator.behaviour = Behaviour.OK
    time.sleep(1.5)  # several poll rounds: still nothing resent
    assert job(networked, job_id).state is JobState.UNSURE
    assert jobs_started(emulator) == 1
    assert known(networked).ok is False


def test_paper_out_then_refilled_delivers_once(
    networked: AppState, emulator: NetworkPrinterEmulator
) -> None:
    emulator.paper = PaperLevel.OUT
    _, job_id = issue_with_job(networked)
    wait_until(lambda: known_or_none(networked) is not None and known(networked).paper == "out")
    assert known(networked).error_kind == "paper_out"
    assert jobs_started(emulator) == 0  # refused before a byte of the job

    emulator.paper = PaperLevel.LOW  # a roll with little left: prints, and says so
    wait_until(lambda: job(networked, job_id).state is JobState.DONE)
    assert len(emulator.wait_for_jobs(1)) == 1
    row = known(networked)
    assert row.ok is True
    assert row.paper == "low"


def known_or_none(state: AppState) -> PrinterState | None:
    with Session(state.engine) as session:
        return session.get(PrinterState, "lobby")


def test_jobs_queued_while_the_server_was_down_print_at_start(
    state: AppState, emulator: NetworkPrinterEmulator
) -> None:
    url = f"{emulator.url}?timeout={TIMEOUT}"
    printers = PrinterRegistry({"lobby": PrinterEntry("lobby", url, 80, open_printer(url, 576))})
    state = rebuilt(state, printers=printers, print_poll_seconds=0.05)
    job_ids = [issue_with_job(state)[1] for _ in range(3)]  # no worker running yet
    assert emulator.connections == []
    state.spooler.start()
    try:
        wait_until(lambda: all(job(state, j).state is JobState.DONE for j in job_ids))
    finally:
        state.spooler.stop()
    assert len(emulator.wait_for_jobs(3)) == 3
    numbers = [decoded.image for decoded in decode_jobs(emulator.received())]
    assert len(numbers) == 3
    with Session(state.engine) as session:
        assert all(session.get(PrintJob, j) is not None for j in job_ids)
