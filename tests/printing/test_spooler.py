"""The print spooler with in-memory printers: printed after the commit, never lost, never
twice. Most tests drive the worker step by step (`work_once`) with a hand-moved clock; the
last ones run the real worker threads."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import Session, select

from app.domain.printing import JobState
from app.edge.state import AppState
from app.services.printing.printers import PrinterRegistry
from app.services.printing.spooler import LEASE, Spooler, backoff
from app.tables.printing import PrinterState, PrintJob
from printer import (
    FakePrinter,
    PaperLevel,
    PaperOutError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterTimeoutError,
)
from printer.status import PrinterStatus
from tests.conftest import rebuilt
from tests.printing.conftest import SpoolClock, issue_with_job, job, ticket


def known(state: AppState, code: str = "lobby") -> PrinterState | None:
    with Session(state.engine) as session:
        return session.get(PrinterState, code)


def test_a_committed_ticket_is_printed_once(printing: AppState, fake: FakePrinter) -> None:
    ticket_id, job_id = issue_with_job(printing)
    assert fake.jobs == []  # nothing printed inside the transaction

    assert printing.spooler.work_once("lobby")
    assert not printing.spooler.work_once("lobby")  # nothing more to do

    assert len(fake.jobs) == 1
    done = job(printing, job_id)
    assert (done.state, done.attempts, done.ticket_id) == (JobState.DONE, 1, ticket_id)
    assert done.finished_at is not None
    state_row = known(printing)
    assert state_row is not None
    assert state_row.ok is True
    # The image is the whole ticket at the paper's width.
    assert fake.jobs[0].width == 576
    assert fake.jobs[0].height > 600


def test_a_rolled_back_ticket_leaves_no_job_and_prints_nothing(
    printing: AppState, fake: FakePrinter
) -> None:
    ticket_id, _ = issue_with_job(printing, commit=False)
    assert ticket(printing, ticket_id) is None
    assert not printing.spooler.work_once("lobby")
    assert fake.attempts == 0


def test_offline_printer_retries_with_backoff_and_prints_once_back(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    spooler = printing.spooler
    fake.fail_with = PrinterOfflineError("connection refused")
    ticket_id, job_id = issue_with_job(printing)

    assert spooler.work_once("lobby")
    waiting = job(printing, job_id)
    assert waiting.state is JobState.QUEUED
    assert waiting.attempts == 1
    assert waiting.error_kind == "offline"
    assert "refused" in (waiting.last_error or "")
    assert waiting.next_try_at == spool_clock.now + backoff(1)
    fault = known(printing)
    assert fault is not None
    assert (fault.ok, fault.error_kind) == (False, "offline")
    assert ticket(printing, ticket_id) is not None  # the ticket stands whatever the printer does

    assert not spooler.work_once("lobby")  # not before its time
    assert fake.attempts == 1
    spool_clock.advance(backoff(1).total_seconds())
    assert spooler.work_once("lobby")  # still offline: the next wait is longer
    assert job(printing, job_id).next_try_at == spool_clock.now + backoff(2)
    assert backoff(2) > backoff(1)

    fake.fail_with = None  # switched back on
    spool_clock.advance(backoff(2).total_seconds())
    assert spooler.work_once("lobby")
    done = job(printing, job_id)
    assert (done.state, done.attempts) == (JobState.DONE, 3)
    assert len(fake.jobs) == 1  # delivered once
    back = known(printing)
    assert back is not None
    assert back.ok is True
    assert back.error_kind is None


def test_a_job_that_may_have_printed_is_never_retried(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    fake.fail_next = [PrinterTimeoutError("sent, no confirmation", may_have_printed=True)]
    _, job_id = issue_with_job(printing)
    assert printing.spooler.work_once("lobby")

    unsure = job(printing, job_id)
    assert unsure.state is JobState.UNSURE
    assert unsure.error_kind == "timeout"
    for _ in range(3):
        spool_clock.advance(60)
        assert not printing.spooler.work_once("lobby")
    assert fake.attempts == 1  # staff decide; the spooler never prints it again by itself


def test_paper_out_is_recorded_and_retried(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    fake.paper = PaperLevel.OUT
    _, job_id = issue_with_job(printing)
    printing.spooler.work_once("lobby")
    row = known(printing)
    assert row is not None
    assert (row.ok, row.error_kind, row.paper) == (False, "paper_out", "out")
    assert job(printing, job_id).state is JobState.QUEUED

    fake.paper = PaperLevel.OK  # a new roll
    spool_clock.advance(5)
    printing.spooler.work_once("lobby")
    assert job(printing, job_id).state is JobState.DONE
    row = known(printing)
    assert row is not None
    assert row.ok is True
    assert row.paper != "out"


def test_a_job_not_printed_in_time_fails_for_staff(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    """Printed minutes later, the ticket would be taken by the wrong visitor."""
    fake.fail_with = PrinterOfflineError("unplugged")
    _, job_id = issue_with_job(printing)
    retry_for = printing.centre.printing.retry_for_seconds
    spooler = printing.spooler
    while spool_clock.now - job(printing, job_id).created_at <= timedelta(seconds=retry_for):
        spooler.work_once("lobby")
        spool_clock.advance(15)
    fake.fail_with = None
    spooler.work_once("lobby")

    failed = job(printing, job_id)
    assert failed.state is JobState.FAILED
    assert failed.finished_at is not None
    assert failed.error_kind == "offline"
    assert fake.jobs == []


def test_jobs_of_one_printer_print_in_order(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    fake.fail_next = [PrinterNotReadyError("cover open")]
    first_ticket, first = issue_with_job(printing)
    _, second = issue_with_job(printing)
    spooler = printing.spooler
    spooler.work_once("lobby")  # the first fails and backs off...
    assert not spooler.work_once("lobby")  # ...and the second waits behind it
    assert job(printing, second).attempts == 0
    spool_clock.advance(backoff(1).total_seconds())
    while spooler.work_once("lobby"):
        pass
    assert [job(printing, first).state, job(printing, second).state] == [JobState.DONE] * 2
    # The first ticket's number (100) came out first.
    assert len(fake.jobs) == 2
    assert job(printing, first).finished_at <= job(printing, second).finished_at  # type: ignore[operator]
    assert ticket(printing, first_ticket) is not None


def test_a_ticket_that_cannot_be_drawn_fails_at_once(printing: AppState, fake: FakePrinter) -> None:
    _, job_id = issue_with_job(printing)
    with Session(printing.engine) as session:  # more than any QR code holds
        row = session.get(PrintJob, job_id)
        assert row is not None
        row.status_url = "https://queue.example.kz/t/" + "x" * 3000
        session.add(row)
        session.commit()
    printing.spooler.work_once("lobby")
    failed = job(printing, job_id)
    assert failed.state is JobState.FAILED
    assert failed.error_kind == "render"
    assert fake.attempts == 0


def test_two_processes_never_print_one_job_twice(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    """Two spoolers on one database (as two server processes have) race for 20 jobs."""
    jobs = [issue_with_job(printing)[1] for _ in range(20)]
    other = Spooler(
        printing.database,
        printing.centre,
        printing.printer_registry,
        clock=spool_clock,
        name="other-host:1",
    )
    barrier = threading.Barrier(2)

    def drain(spooler: Spooler) -> None:
        barrier.wait()
        while spooler.work_once("lobby"):
            pass

    threads = [threading.Thread(target=drain, args=(s,)) for s in (printing.spooler, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(job(printing, j).state is JobState.DONE for j in jobs)
    assert len(fake.jobs) == 20
    assert fake.attempts == 20


def test_queued_jobs_resume_after_a_restart(printing: AppState, fake: FakePrinter) -> None:
    _, queued = issue_with_job(printing)  # asked for, then the server stopped
    restarted = Spooler(
        printing.database, printing.centre, printing.printer_registry, poll_seconds=0.05
    )
    restarted.start()
    try:
        deadline = time.monotonic() + 5
        while job(printing, queued).state is not JobState.DONE and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        restarted.stop()
    assert job(printing, queued).state is JobState.DONE
    assert len(fake.jobs) == 1


def test_a_job_cut_short_by_a_dead_process_becomes_unsure(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    _, dead_here = issue_with_job(printing)
    _, lease_over = issue_with_job(printing)
    _, in_flight = issue_with_job(printing)
    import socket

    claims = {
        dead_here: (f"{socket.gethostname()}:999999999", spool_clock.now),  # no such process
        lease_over: ("elsewhere:1", spool_clock.now - LEASE - timedelta(seconds=1)),
        in_flight: ("elsewhere:2", spool_clock.now),  # another live server, printing now
    }
    with Session(printing.engine) as session:
        for job_id, (who, when) in claims.items():
            row = session.get(PrintJob, job_id)
            assert row is not None
            row.state, row.claimed_by, row.claimed_at, row.attempts = (
                JobState.PRINTING,
                who,
                when,
                1,
            )
            session.add(row)
        session.commit()

    printing.spooler.recover()

    assert job(printing, dead_here).state is JobState.UNSURE
    assert job(printing, lease_over).state is JobState.UNSURE
    assert job(printing, dead_here).error_kind == "interrupted"
    assert job(printing, in_flight).state is JobState.PRINTING
    assert fake.attempts == 0


def test_queued_jobs_of_a_printer_no_longer_configured_fail(
    printing: AppState, fake: FakePrinter, spool_clock: SpoolClock
) -> None:
    _, job_id = issue_with_job(printing)
    other = PrinterRegistry.of({"desk": FakePrinter()})
    Spooler(printing.database, printing.centre, other, clock=spool_clock).recover()
    gone = job(printing, job_id)
    assert gone.state is JobState.FAILED
    assert gone.error_kind == "config"


@pytest.mark.parametrize(
    ("status", "ok", "kind", "paper"),
    [
        (
            PrinterStatus(reachable=True, responded=True, paper=PaperLevel.LOW, online=True),
            True,
            None,
            "low",
        ),
        (
            PrinterStatus(reachable=False, responded=False, detail="refused"),
            False,
            "offline",
            "unknown",
        ),
        (
            PrinterStatus(reachable=True, responded=True, paper=PaperLevel.OUT, online=False),
            False,
            "paper_out",
            "out",
        ),
        (
            PrinterStatus(reachable=True, responded=True, online=False, cover_open=True),
            False,
            "not_ready",
            "unknown",
        ),
        (
            PrinterStatus(reachable=True, responded=False, detail="did not answer"),
            False,
            "timeout",
            "unknown",
        ),
        (
            PrinterStatus(reachable=True, responded=False, detail="status not available"),
            True,
            None,
            "unknown",
        ),
    ],
    ids=["paper-low", "offline", "paper-out", "cover-open", "hung", "write-only"],
)
def test_what_a_status_request_tells_is_recorded(
    printing: AppState, status: PrinterStatus, ok: bool, kind: str | None, paper: str
) -> None:
    class Reporting(FakePrinter):
        def status(self) -> PrinterStatus:
            return status

    entry = PrinterRegistry.of({"lobby": Reporting()}).get("lobby")
    assert entry is not None
    printing.spooler.probe(entry)
    row = known(printing)
    assert row is not None
    assert (row.ok, row.error_kind, row.paper) == (ok, kind, paper)


# the worker threads ----------------------------------------------------------------------------


class BlockingPrinter(FakePrinter):
    """Prints only once the test lets it: shows printing happens off the request."""

    def __init__(self) -> None:
        super().__init__(width_dots=384)
        self.entered = threading.Event()
        self.release = threading.Event()

    def print_ticket(self, image: Image.Image) -> None:
        self.entered.set()
        self.release.wait(10)
        super().print_ticket(image)


def test_the_commit_wakes_the_worker_at_once(state: AppState, fake: FakePrinter) -> None:
    """The worker polls only every 10 s here: a job printed well before that was woken by
    the commit hook."""
    state = rebuilt(state, printers=PrinterRegistry.of({"lobby": fake}), print_poll_seconds=10)
    state.spooler.start()
    try:
        time.sleep(0.2)  # the worker has looked once and sleeps
        started = time.monotonic()
        _, job_id = issue_with_job(state)
        while not fake.jobs and time.monotonic() - started < 5:
            time.sleep(0.01)
        elapsed = time.monotonic() - started
    finally:
        state.spooler.stop()
    assert fake.jobs
    assert elapsed < 2.0
    assert job(state, job_id).state is JobState.DONE


def test_a_hanging_printer_blocks_only_its_own_worker(state: AppState, fake: FakePrinter) -> None:
    blocking = BlockingPrinter()
    printers = PrinterRegistry.of({"lobby": blocking, "desk": fake})
    state = rebuilt(state, printers=printers, print_poll_seconds=0.05)
    state.spooler.start()
    try:
        issue_with_job(state, printer="lobby")
        assert blocking.entered.wait(5)
        _, desk_job = issue_with_job(state, printer="desk")  # the desk still prints
        deadline = time.monotonic() + 5
        while not fake.jobs and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(fake.jobs) == 1
        assert job(state, desk_job).state is JobState.DONE
        assert blocking.jobs == []
    finally:
        blocking.release.set()
        state.spooler.stop()
    assert len(blocking.jobs) == 1


def test_unknown_errors_while_printing_count_as_maybe_printed(
    printing: AppState, spool_clock: SpoolClock
) -> None:
    class Broken(FakePrinter):
        def print_ticket(self, image: Image.Image) -> None:
            raise OSError("USB transfer stalled")

    printing = rebuilt(
        printing, printers=PrinterRegistry.of({"lobby": Broken()}), print_clock=spool_clock
    )
    _, job_id = issue_with_job(printing)
    printing.spooler.work_once("lobby")
    assert job(printing, job_id).state is JobState.UNSURE


def test_paper_out_error_marks_the_paper(printing: AppState, fake: FakePrinter) -> None:
    fake.fail_next = [PaperOutError("out of paper")]
    issue_with_job(printing)
    printing.spooler.work_once("lobby")
    row = known(printing)
    assert row is not None
    assert row.paper == "out"
    with Session(printing.engine) as session:
        assert len(session.exec(select(PrintJob)).all()) == 1
