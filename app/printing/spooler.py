"""The print spooler: tickets are printed after their transaction commits, by background
threads, and a printer fault never loses a ticket or prints one twice.

How a ticket gets printed:

1. The request that issues the ticket adds a `print_job` row in the same transaction
   (:meth:`Spooler.enqueue`). Rolled back: no ticket, no job. Committed: both, and a hook on
   the commit wakes the printer's worker. Nothing is printed inside the request, nor on the
   event loop: a printer that hangs for its whole timeout holds up only its own worker.
2. One worker thread per printer (in every server process) takes its printer's oldest queued
   job, claims it with a conditional UPDATE (`state='queued'` → `'printing'`: of two
   processes exactly one wins), draws the ticket and sends it.
3. Done: `done`. A :class:`~printer.PrinterError` that says nothing of the job left
   (``may_have_printed`` False: refused, offline, out of paper before the job, hung before
   the job) puts it back in the queue with a backoff (1, 2, 4, 8, then every 15 s), until
   `printing.retry_for_seconds` after it was asked for: then `failed` (a ticket coming out
   minutes later would be taken by the wrong visitor; staff reprint it). A failure after
   bytes of the job may have reached the printer makes it `unsure`: it is never retried
   blindly, staff decide (it printed / print again) — delivered once, not twice.
4. Jobs of one printer go in order: a job waits while the one before it backs off.

A restart loses nothing: queued jobs are in the database and the workers take them up at
start; a job a dead process was printing (its claim names a process that no longer runs on
this host, or its lease ran out) becomes `unsure`, since it may have printed.

What is known of each printer (its last job's or status request's outcome, paper low or
out) is kept in `printer_state`, for the desk screen and GET /api/printers.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import Engine, event, update
from sqlmodel import Session, col, select

from app.auth.store import reading, transaction
from app.config.centre import CentreConfig
from app.db.models import Ticket
from app.printing.models import JobReason, JobState, PrinterState, PrintJob
from app.printing.printers import PrinterEntry, PrinterRegistry
from app.printing.ticket import ticket_print
from printer import PaperLevel, PaperOutError, PrinterError, PrinterStatus, render_ticket

log = logging.getLogger("qabyldau.printing")

BACKOFF_SECONDS: Final = (1.0, 2.0, 4.0, 8.0, 15.0)
LEASE: Final = timedelta(seconds=150)
"""Longer than any job may take (a printer URL's timeout is at most 120 s): a claim older
than this belongs to a worker that died."""
STALE_CHECK_SECONDS: Final = 60.0
WRITE_ONLY_DETAIL: Final = "status not available"
"""printer.device's detail for a device that cannot be asked (status=0, file://)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS[min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1])


def _clip(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Seen:
    """What a job or a status request showed of a printer."""

    printer: str
    ok: bool
    kind: str | None = None
    detail: str = ""
    paper: PaperLevel | None = None


@dataclass(frozen=True)
class JobOrder:
    """What the caller knows when it asks for a print (the ticket is in its transaction)."""

    ahead: int
    wait_minutes: int | None
    status_url: str
    requested_by: str | None
    reason: JobReason = JobReason.ISSUE


class Spooler:
    def __init__(
        self,
        engine: Engine,
        centre: CentreConfig,
        printers: PrinterRegistry,
        *,
        clock: Callable[[], datetime] = utc_now,
        poll_seconds: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.engine = engine
        self.centre = centre
        self.printers = printers
        # Real time, not the application's clock: retries and leases are about the printer
        # and the process, which tests' frozen queue clocks do not stop.
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.retry_for = timedelta(seconds=centre.printing.retry_for_seconds)
        self.status_every = centre.printing.status_every_seconds
        self.name = name or worker_name()
        self._wakeups = {entry.code: threading.Event() for entry in printers}
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # asking for a print (inside the caller's transaction) -------------------------------------

    def enqueue(
        self, session: Session, ticket: Ticket, printer: PrinterEntry, order: JobOrder
    ) -> PrintJob:
        """Add the job to `session`'s transaction; its printer is woken when that commits."""
        assert ticket.id is not None
        now = self.clock()
        job = PrintJob(
            ticket_id=ticket.id,
            printer=printer.code,
            reason=order.reason,
            ahead=order.ahead,
            wait_minutes=order.wait_minutes,
            status_url=order.status_url,
            requested_by=order.requested_by,
            created_at=now,
            next_try_at=now,
        )
        session.add(job)
        session.flush()
        code = printer.code
        event.listen(session, "after_commit", lambda _session: self.wake(code), once=True)
        return job

    def wake(self, code: str | None = None) -> None:
        for printer, wakeup in self._wakeups.items():
            if code is None or printer == code:
                wakeup.set()

    # the workers ---------------------------------------------------------------------------

    def start(self) -> None:
        """Recover what a previous run left, then one worker thread per printer."""
        if self._threads or not len(self.printers):
            return
        self._stopping.clear()
        try:
            self.recover()
        except Exception:  # a database hiccup must not stop the server starting
            log.exception("print spooler: recovery at start failed; workers retry it")
        for entry in self.printers:
            thread = threading.Thread(
                target=self._run, args=(entry,), name=f"printer-{entry.code}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def _run(self, entry: PrinterEntry) -> None:
        wakeup = self._wakeups[entry.code]
        loop_start = time.monotonic()
        next_probe = loop_start if self.status_every > 0 else None
        next_stale_check = loop_start + STALE_CHECK_SECONDS
        while not self._stopping.is_set():
            wakeup.clear()  # before looking: a job committed after this wakes us again
            try:
                if self.work_once(entry.code):
                    continue
                now = time.monotonic()
                if next_probe is not None and now >= next_probe:
                    self.probe(entry)
                    next_probe = time.monotonic() + self.status_every
                if now >= next_stale_check:
                    self.recover_stale()
                    next_stale_check = now + STALE_CHECK_SECONDS
            except Exception:  # the database went away for a moment: keep the worker alive
                log.exception("print spooler: worker of printer %s", entry.code)
            wakeup.wait(self.poll_seconds)

    def work_once(self, code: str) -> bool:
        """Print the printer's oldest queued job if it is due. True if there was work (so
        look again at once), False if there is nothing to do now."""
        entry = self.printers.get(code)
        if entry is None:
            return False
        now = self.clock()
        with reading(self.engine) as session:
            head = session.exec(
                select(PrintJob)
                .where(col(PrintJob.printer) == code, col(PrintJob.state) == JobState.QUEUED)
                .order_by(col(PrintJob.id))
                .limit(1)
            ).first()
        if head is None:
            return False
        job = head
        assert job.id is not None
        if now - job.created_at > self.retry_for:
            self._settle(
                job.id,
                JobState.QUEUED,
                JobState.FAILED,
                now,
                error=job.last_error or "not printed in time",
                kind=job.error_kind or "expired",
            )
            return True
        if job.next_try_at > now:
            return False
        if not self._claim(job.id, now):
            return True  # another process took it: look at the next one
        self._print(entry, job.id)
        return True

    def _claim(self, job_id: int, now: datetime) -> bool:
        with transaction(self.engine) as session:
            result = session.execute(
                update(PrintJob)
                .where(col(PrintJob.id) == job_id, col(PrintJob.state) == JobState.QUEUED)
                .values(
                    state=JobState.PRINTING,
                    attempts=col(PrintJob.attempts) + 1,
                    claimed_by=self.name,
                    claimed_at=now,
                )
            )
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def _print(self, entry: PrinterEntry, job_id: int) -> None:
        with reading(self.engine) as session:
            job = session.get(PrintJob, job_id)
            assert job is not None
            ticket = session.get(Ticket, job.ticket_id)
        try:
            if ticket is None:
                raise LookupError(f"ticket {job.ticket_id} is gone")
            image = render_ticket(
                ticket_print(
                    self.centre,
                    ticket,
                    ahead=job.ahead,
                    wait_minutes=job.wait_minutes,
                    status_url=job.status_url,
                ),
                entry.width_dots,
            )
        except Exception as exc:  # retrying would draw it the same way: give up at once
            log.exception("print job %s: the ticket cannot be drawn", job_id)
            self._settle(job_id, JobState.PRINTING, JobState.FAILED, self.clock(),
                         error=f"cannot draw the ticket: {exc}", kind="render")
            return
        try:
            entry.device.print_ticket(image)
        except PrinterError as exc:
            self._attempt_failed(entry, job, exc)
            return
        except Exception as exc:
            # Not one of the printer's known failures: whether any of it left is unknown.
            log.exception("print job %s on %s", job_id, entry.code)
            message = str(exc) or type(exc).__name__
            seen = Seen(entry.code, False, "error", message)
            self._settle(job_id, JobState.PRINTING, JobState.UNSURE, self.clock(),
                         error=message, kind="error", seen=seen)
            return
        last: object = getattr(entry.device, "last_status", None)
        paper = last.paper if isinstance(last, PrinterStatus) else None
        self._settle(job_id, JobState.PRINTING, JobState.DONE, self.clock(),
                     seen=Seen(entry.code, True, paper=paper))

    def _attempt_failed(self, entry: PrinterEntry, job: PrintJob, exc: PrinterError) -> None:
        assert job.id is not None
        now = self.clock()
        message = str(exc) or exc.kind
        paper = PaperLevel.OUT if isinstance(exc, PaperOutError) else None
        seen = Seen(entry.code, False, exc.kind, message, paper)
        if exc.may_have_printed:
            log.warning("print job %s on %s may have printed: %s", job.id, entry.code, message)
            state, next_try_at = JobState.UNSURE, None
        elif now - job.created_at >= self.retry_for:
            state, next_try_at = JobState.FAILED, None
        else:
            state, next_try_at = JobState.QUEUED, now + backoff(job.attempts)
        self._settle(job.id, JobState.PRINTING, state, now, error=message, kind=exc.kind,
                     next_try_at=next_try_at, seen=seen)

    def _settle(
        self,
        job_id: int,
        was: JobState,
        state: JobState,
        now: datetime,
        *,
        error: str | None = None,
        kind: str | None = None,
        next_try_at: datetime | None = None,
        seen: Seen | None = None,
    ) -> bool:
        """Move the job on, and record what the attempt showed of the printer, in one
        transaction: no screen ever sees the job done and its printer still at fault."""
        values: dict[str, object] = {"state": state}
        if error is not None:
            values["last_error"] = _clip(error)
            values["error_kind"] = kind
        if state in (JobState.DONE, JobState.FAILED):
            values["finished_at"] = now
        if state is JobState.QUEUED:
            values["next_try_at"] = next_try_at or now
            values["claimed_by"] = None
        with transaction(self.engine) as session:
            result = session.execute(
                update(PrintJob)
                .where(col(PrintJob.id) == job_id, col(PrintJob.state) == was)
                .values(**values)
            )
            if seen is not None:
                self._record(session, seen, now)
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    # what is known of the printers -----------------------------------------------------------

    def probe(self, entry: PrinterEntry) -> PrinterStatus:
        """Ask the printer how it is (between jobs) and record it."""
        status = entry.device.status()
        code = entry.code
        if not status.reachable:
            seen = Seen(code, False, "offline", status.detail or "unreachable")
        elif status.responded:
            if status.ready:
                seen = Seen(code, True, paper=status.paper)
            else:
                kind = "paper_out" if status.paper is PaperLevel.OUT else "not_ready"
                seen = Seen(code, False, kind, _describe(status), status.paper)
        elif status.detail and status.detail != WRITE_ONLY_DETAIL:
            seen = Seen(code, False, "timeout", status.detail)
        else:  # reachable, cannot be asked more: that is all anyone will know
            seen = Seen(code, True)
        with transaction(self.engine) as session:
            self._record(session, seen, self.clock())
        return status

    @staticmethod
    def _record(session: Session, seen: Seen, now: datetime) -> None:
        row = session.get(PrinterState, seen.printer) or PrinterState(printer=seen.printer)
        row.ok, row.checked_at = seen.ok, now
        if seen.ok:
            row.error_kind = row.detail = None
            row.last_ok_at = now
            if seen.paper is None and row.paper == PaperLevel.OUT.value:
                row.paper = PaperLevel.UNKNOWN.value  # it printed, so it has paper now
        else:
            row.error_kind, row.detail = seen.kind, _clip(seen.detail)
        if seen.paper is not None:
            row.paper = seen.paper.value
        session.add(row)

    # after a restart, and now and then ------------------------------------------------------

    def recover(self) -> None:
        """At start: fail queued jobs of printers no longer configured; jobs a dead worker was
        printing become unsure."""
        now = self.clock()
        with transaction(self.engine) as session:
            orphans = session.exec(
                select(PrintJob).where(
                    col(PrintJob.state) == JobState.QUEUED,
                    col(PrintJob.printer).not_in([entry.code for entry in self.printers]),
                )
            ).all()
            for job in orphans:
                job.state, job.finished_at = JobState.FAILED, now
                job.error_kind, job.last_error = "config", f"no printer {job.printer!r} any more"
                session.add(job)
        self.recover_stale()

    def recover_stale(self) -> None:
        now = self.clock()
        with transaction(self.engine) as session:
            rows = session.exec(
                select(PrintJob).where(col(PrintJob.state) == JobState.PRINTING)
            ).all()
            for job in rows:
                if job.claimed_by == self.name:
                    if self.running:
                        continue  # ours, in flight
                    stale = True  # ours from before this spooler started: cut short
                else:
                    expired = job.claimed_at is None or now - job.claimed_at > LEASE
                    stale = expired or _dead_here(job.claimed_by)
                if stale:
                    job.state = JobState.UNSURE
                    job.error_kind = "interrupted"
                    job.last_error = "the server stopped while printing it"
                    session.add(job)
                    log.warning("print job %s was being printed by %s: unsure", job.id,
                                job.claimed_by)

    # staff decisions -------------------------------------------------------------------------

    def resolve(self, session: Session, job: PrintJob, *, printed: bool, by: str) -> PrintJob:
        """Staff say whether an unsure job printed: done, or failed (then they may reprint)."""
        job.state = JobState.DONE if printed else JobState.FAILED
        job.finished_at = self.clock()
        job.resolved_by = by
        session.add(job)
        return job


def _dead_here(claimed_by: str | None) -> bool:
    """The claim names a process on this host that no longer runs."""
    if not claimed_by:
        return True
    host, _, pid_text = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # another spooler of this very process (tests): its lease decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _describe(status: PrinterStatus) -> str:
    if status.paper is PaperLevel.OUT:
        return "out of paper"
    if status.cover_open:
        return "cover open"
    if status.error:
        return "printer error"
    if status.online is False:
        return "offline"
    return status.detail or "not ready"

