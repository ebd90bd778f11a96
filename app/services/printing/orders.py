"""Printing use cases inside a transaction: ask for a ticket to be printed as it is issued,
reprint one, decide a job that needs a person, and what staff see of the printers.

A print job is a `print_job` row in the transaction that issues the ticket: rolled back, no
ticket and no job; committed, both, and the printer's worker is woken (app.services.printing
.spooler prints it, after the commit, on a thread of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.estimate import shown
from app.domain.lifecycle import TicketState
from app.domain.printing import (
    JobReason,
    JobState,
    NoPrinter,
    NothingToDecide,
    NotToday,
    PrintJobNotFound,
    UnknownPrinter,
)
from app.repositories.unit import Unit
from app.services.estimate import estimate_wait
from app.services.printing.printers import PrinterEntry
from app.services.printing.ticket_text import status_url
from app.services.queue import QueueService
from app.services.site import Site
from app.tables.printing import PrinterState, PrintJob
from app.tables.queue import Ticket


@dataclass(frozen=True)
class Attention:
    job: PrintJob
    display: str


@dataclass(frozen=True)
class PrinterView:
    entry: PrinterEntry
    known: PrinterState | None
    queued: int
    printed_today: int
    attention: list[Attention]

    @property
    def status(self) -> str:
        """ "ok", "fault" or "unknown" (never heard from since it was set up)."""
        if self.known is None or self.known.ok is None:
            return "unknown"
        return "ok" if self.known.ok else "fault"

    @property
    def paper(self) -> str:
        return self.known.paper if self.known else "unknown"


class Printing:
    def __init__(self, unit: Unit, site: Site) -> None:
        self.unit = unit
        self.site = site
        self.jobs = unit.print_jobs

    def base_url(self, request_base: str) -> str:
        """Where phones reach the server: QABYLDAU_PUBLIC_URL, else the address the request
        came to (right when the kiosk and the phones use the same name or address)."""
        return self.site.public_url or request_base.rstrip("/")

    def order(
        self,
        ticket: Ticket,
        printer: PrinterEntry,
        *,
        ahead: int,
        wait: int | None,
        base_url: str,
        requested_by: str | None,
        reason: JobReason = JobReason.ISSUE,
    ) -> PrintJob:
        """A print job in this transaction, printed once it commits. `wait`: the minutes to
        print (app.domain.estimate.shown), the same the screen shows."""
        assert ticket.id is not None
        # The printer's clock, not the queue's: retries and leases are about the printer
        # and the process (tests freeze the queue's clock).
        now = self.site.print_clock()
        job = self.jobs.add(
            PrintJob(
                ticket_id=ticket.id,
                printer=printer.code,
                reason=reason,
                ahead=ahead,
                wait_minutes=wait,
                status_url=status_url(base_url, ticket.token),
                requested_by=requested_by,
                created_at=now,
                next_try_at=now,
            )
        )
        code, wake = printer.code, self.site.wake_printer
        self.unit.after_commit(lambda: wake(code))
        return job

    def choose(self, code: str | None, *, username: str, workplace: str | None) -> PrinterEntry:
        registry = self.site.printers
        if code:
            entry = registry.get(code)
            if entry is None:
                allowed = ", ".join(e.code for e in registry) or "-"
                raise UnknownPrinter(value=code, allowed=allowed)
            return entry
        entry = registry.for_staff(username, workplace)
        if entry is None:
            raise NoPrinter()
        return entry

    def reprint(
        self,
        ticket_id: int,
        *,
        printer_code: str | None,
        username: str,
        workplace: str | None,
        base_url: str,
        now: datetime,
    ) -> tuple[PrintJob, Ticket]:
        """Another copy of one of today's tickets, on the caller's printer (or the one named).
        The job and its ticket."""
        queue = QueueService(self.unit, self.site)
        ticket = queue.get(ticket_id)
        ahead = queue.ahead_of(ticket)
        if ticket.service_day != self.site.today(now):
            raise NotToday(display=ticket.display)
        printer = self.choose(printer_code, username=username, workplace=workplace)
        # A copy tells the wait from now, beside the people ahead now.
        waiting = ticket.state is TicketState.WAITING
        wait = estimate_wait(self.unit, self.site, ticket, ahead, now) if waiting else None
        job = self.order(
            ticket,
            printer,
            ahead=ahead,
            wait=shown(wait),
            base_url=base_url,
            requested_by=username,
            reason=JobReason.REPRINT,
        )
        return job, ticket

    def resolve(self, job_id: int, *, printed: bool, by: str) -> tuple[PrintJob, Ticket | None]:
        """Staff decide a job that needs them: unsure (may have printed) or failed: it printed
        (done), or it did not (failed; they may reprint)."""
        job = self.jobs.get(job_id)
        if job is None:
            raise PrintJobNotFound(key=job_id)
        if job.state not in (JobState.UNSURE, JobState.FAILED) or job.resolved_by is not None:
            raise NothingToDecide(key=job_id, state=job.state.value)
        job.state = JobState.DONE if printed else JobState.FAILED
        job.finished_at = self.site.print_clock()
        job.resolved_by = by
        self.jobs.save(job)
        return job, self.jobs.ticket(job.ticket_id)

    def decide(
        self,
        job_id: int,
        *,
        printed: bool,
        reprint: bool,
        username: str,
        workplace: str | None,
        base_url: str,
        now: datetime,
    ) -> PrintJob:
        """The desk's answer to a job that needs a person: it printed, or it did not (and
        then, with `reprint`, print it again on the desk's printer)."""
        job, _ticket = self.resolve(job_id, printed=printed, by=username)
        if reprint and not printed:
            self.reprint(
                job.ticket_id,
                printer_code=None,
                username=username,
                workplace=workplace,
                base_url=base_url,
                now=now,
            )
        return job

    def latest(self, ticket_id: int) -> tuple[PrintJob | None, PrinterState | None]:
        """The ticket's newest job and what is known of its printer."""
        job = self.jobs.latest_for(ticket_id)
        return job, (self.jobs.printer(job.printer) if job else None)

    def printer_state(self, code: str) -> PrinterState | None:
        return self.jobs.printer(code)

    def views(self, now: datetime) -> list[PrinterView]:
        """Each printer with what is known of it and today's jobs that need a person: unsure
        ones, and failed ones nobody has reprinted or dismissed."""
        rows = self.jobs.with_tickets(self.site.today(now))
        known = self.jobs.printers()
        latest: dict[int, int] = {}  # ticket -> its newest job: a reprint settles a failed job
        for job, _ticket in rows:
            latest[job.ticket_id] = max(latest.get(job.ticket_id, 0), job.id or 0)
        views = []
        pending = (JobState.QUEUED, JobState.PRINTING)
        for entry in self.site.printers:
            mine = [(job, ticket) for job, ticket in rows if job.printer == entry.code]
            attention = [
                Attention(job, ticket.display)
                for job, ticket in mine
                if job.resolved_by is None
                and (
                    job.state is JobState.UNSURE
                    or (job.state is JobState.FAILED and latest[job.ticket_id] == job.id)
                )
            ]
            views.append(
                PrinterView(
                    entry=entry,
                    known=known.get(entry.code),
                    queued=sum(1 for job, _ in mine if job.state in pending),
                    printed_today=sum(1 for job, _ in mine if job.state is JobState.DONE),
                    attention=attention,
                )
            )
        return views
