"""The print spooler: tickets are printed after their transaction commits, by background
threads, and a printer fault never loses a ticket or prints one twice.

How a ticket gets printed:

1. The use case that issues the ticket adds a `print_job` row in the same transaction
   (app.services.printing.orders). Rolled back: no ticket, no job. Committed: both, and the
   printer's worker is woken. Nothing is printed inside the request, nor on the event loop:
   a printer that hangs for its whole timeout holds up only its own worker.
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

After a restart: app.services.printing.recovery. What is known of each printer (its last
job's or status request's outcome, paper low or out): app.services.printing.health.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final, TypeVar

from app.config.centre import CentreConfig
from app.db.database import Database
from app.domain.printing import JobState
from app.repositories.print_jobs import PrintJobRepository
from app.services.printing import health, recovery
from app.services.printing.health import Seen, clip
from app.services.printing.printers import PrinterEntry, PrinterRegistry
from app.services.printing.ticket_text import ticket_print
from app.services.site import utc_now
from app.tables.printing import PrintJob
from app.tables.queue import Ticket
from printer import PaperLevel, PaperOutError, PrinterError, PrinterStatus, render_ticket

log = logging.getLogger("qabyldau.printing")

T = TypeVar("T")

BACKOFF_SECONDS: Final = (1.0, 2.0, 4.0, 8.0, 15.0)
STALE_CHECK_SECONDS: Final = 60.0
LEASE: Final = recovery.LEASE


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS[min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1])


class Spooler:
    def __init__(
        self,
        database: Database,
        centre: CentreConfig,
        printers: PrinterRegistry,
        *,
        clock: Callable[[], datetime] = utc_now,
        poll_seconds: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.database = database
        self.centre = centre
        self.printers = printers
        # Real time, not the application's clock: retries and leases are about the printer
        # and the process, which tests' frozen queue clocks do not stop.
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.retry_for = timedelta(seconds=centre.printing.retry_for_seconds)
        self.status_every = centre.printing.status_every_seconds
        self.name = name or recovery.worker_name()
        self._wakeups = {entry.code: threading.Event() for entry in printers}
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def wake(self, code: str | None = None) -> None:
        """A job for `code` (every printer: None) was committed: look at once."""
        for printer, wakeup in self._wakeups.items():
            if code is None or printer == code:
                wakeup.set()

    def _write(self, work: Callable[[PrintJobRepository], T]) -> T:
        return self.database.write_now(lambda session: work(PrintJobRepository(session)))

    def _read(self, work: Callable[[PrintJobRepository], T]) -> T:
        return self.database.read_now(lambda session: work(PrintJobRepository(session)))

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
        job = self._read(lambda jobs: jobs.head(code))
        if job is None:
            return False
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
        return self._write(lambda jobs: jobs.claim(job_id, self.name, now))

    def _print(self, entry: PrinterEntry, job_id: int) -> None:
        def load(jobs: PrintJobRepository) -> tuple[PrintJob, Ticket | None]:
            job = jobs.get(job_id)
            assert job is not None
            return job, jobs.ticket(job.ticket_id)

        job, ticket = self._read(load)
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
            self._settle(
                job_id,
                JobState.PRINTING,
                JobState.FAILED,
                self.clock(),
                error=f"cannot draw the ticket: {exc}",
                kind="render",
            )
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
            self._settle(
                job_id,
                JobState.PRINTING,
                JobState.UNSURE,
                self.clock(),
                error=message,
                kind="error",
                seen=seen,
            )
            return
        last = entry.device.last_status
        paper = last.paper if last is not None else None
        self._settle(
            job_id,
            JobState.PRINTING,
            JobState.DONE,
            self.clock(),
            seen=Seen(entry.code, True, paper=paper),
        )

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
        self._settle(
            job.id,
            JobState.PRINTING,
            state,
            now,
            error=message,
            kind=exc.kind,
            next_try_at=next_try_at,
            seen=seen,
        )

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
            values["last_error"] = clip(error)
            values["error_kind"] = kind
        if state in (JobState.DONE, JobState.FAILED):
            values["finished_at"] = now
        if state is JobState.QUEUED:
            values["next_try_at"] = next_try_at or now
            values["claimed_by"] = None

        def settle(jobs: PrintJobRepository) -> bool:
            moved = jobs.move(job_id, was, **values)
            if seen is not None:
                health.record(jobs, seen, now)
            return moved

        return self._write(settle)

    # what is known of the printers, and recovery ----------------------------------------------

    def probe(self, entry: PrinterEntry) -> PrinterStatus:
        """Ask the printer how it is (between jobs) and record it."""
        status = entry.device.status()
        seen = health.seen_in(entry.code, status)
        now = self.clock()
        self._write(lambda jobs: health.record(jobs, seen, now))
        return status

    def recover(self) -> None:
        """At start: fail queued jobs of printers no longer configured; jobs a dead worker was
        printing become unsure."""
        now = self.clock()
        codes = [entry.code for entry in self.printers]
        self._write(lambda jobs: recovery.fail_orphans(jobs, codes, now))
        self.recover_stale()

    def recover_stale(self) -> None:
        now, running = self.clock(), self.running
        self._write(
            lambda jobs: recovery.mark_interrupted(jobs, now, me=self.name, mine_running=running)
        )
