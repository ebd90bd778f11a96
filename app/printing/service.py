"""Printing use cases inside a request's transaction: print a ticket as it is issued,
reprint one, decide an unsure job, and what staff see of the printers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import Request
from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.db.models import Ticket
from app.printing.errors import (
    NoPrinter,
    NothingToDecide,
    NotToday,
    PrintJobNotFound,
    UnknownPrinter,
)
from app.printing.models import JobReason, JobState, PrinterState, PrintJob
from app.printing.printers import PrinterEntry, PrinterRegistry
from app.printing.spooler import JobOrder
from app.printing.ticket import estimate_wait, status_url
from app.services.queue import QueueService
from app.state import AppState


def public_base(state: AppState, request: Request) -> str:
    """Where phones reach the server: QABYLDAU_PUBLIC_URL, else the address this request
    came to (right when the kiosk and the phones use the same name or address)."""
    return state.settings.public_url or str(request.base_url).rstrip("/")


def order_print(
    queue: QueueService,
    state: AppState,
    ticket: Ticket,
    printer: PrinterEntry,
    *,
    ahead: int,
    base_url: str,
    requested_by: str | None,
    reason: JobReason = JobReason.ISSUE,
) -> PrintJob:
    """A print job in the request's transaction: printed once it commits."""
    wait = estimate_wait(queue.session, state.centre, ticket.zone, ticket.service_day, ahead)
    order = JobOrder(ahead, wait, status_url(base_url, ticket.token), requested_by, reason)
    return state.print_spooler.enqueue(queue.session, ticket, printer, order)


def choose_printer(
    registry: PrinterRegistry, code: str | None, *, username: str, workplace: str | None
) -> PrinterEntry:
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
    queue: QueueService,
    state: AppState,
    ticket_id: int,
    *,
    printer_code: str | None,
    username: str,
    workplace: str | None,
    base_url: str,
    now: datetime,
) -> PrintJob:
    """Another copy of one of today's tickets, on the caller's printer (or the one named)."""
    ticket = queue.get(ticket_id)
    if ticket.service_day != state.calendar.service_day(now):
        raise NotToday(display=ticket.display)
    printer = choose_printer(
        state.printer_registry, printer_code, username=username, workplace=workplace
    )
    return order_print(
        queue,
        state,
        ticket,
        printer,
        ahead=queue.ahead_of(ticket),
        base_url=base_url,
        requested_by=username,
        reason=JobReason.REPRINT,
    )


def resolve(
    session: Session, state: AppState, job_id: int, *, printed: bool, by: str
) -> PrintJob:
    """Staff decide a job that needs them: unsure (may have printed) or failed."""
    job = session.get(PrintJob, job_id)
    if job is None:
        raise PrintJobNotFound(key=job_id)
    if job.state not in (JobState.UNSURE, JobState.FAILED) or job.resolved_by is not None:
        raise NothingToDecide(key=job_id, state=job.state.value)
    return state.print_spooler.resolve(session, job, printed=printed, by=by)


# what staff see ------------------------------------------------------------------------------


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
        """"ok", "fault" or "unknown" (never heard from since it was set up)."""
        if self.known is None or self.known.ok is None:
            return "unknown"
        return "ok" if self.known.ok else "fault"

    @property
    def paper(self) -> str:
        return self.known.paper if self.known else "unknown"


def printer_views(session: Session, state: AppState, now: datetime) -> list[PrinterView]:
    """Each printer with what is known of it and today's jobs that need a person: unsure ones,
    and failed ones nobody has reprinted or dismissed."""
    today = state.calendar.service_day(now)
    rows = session.exec(
        select(PrintJob, Ticket)
        .join(Ticket, col(Ticket.id) == col(PrintJob.ticket_id))
        .where(
            or_(
                col(Ticket.service_day) == today,
                col(PrintJob.state).in_([JobState.QUEUED, JobState.PRINTING, JobState.UNSURE]),
            )
        )
        .order_by(col(PrintJob.id))
    ).all()
    known = {row.printer: row for row in session.exec(select(PrinterState)).all()}
    latest: dict[int, int] = {}  # ticket -> its newest job: a reprint settles a failed job
    for job, _ticket in rows:
        latest[job.ticket_id] = max(latest.get(job.ticket_id, 0), job.id or 0)
    views = []
    for entry in state.printer_registry:
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
        pending = (JobState.QUEUED, JobState.PRINTING)
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
