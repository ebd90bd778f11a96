"""Queries on the print spooler's jobs and on what is known of each printer."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from app.domain.printing import JobState
from app.tables.printing import PrinterState, PrintJob
from app.tables.queue import Ticket


class PrintJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # jobs ------------------------------------------------------------------------------------

    def add(self, job: PrintJob) -> PrintJob:
        self.session.add(job)
        self.session.flush()  # assigns the id
        return job

    def get(self, job_id: int) -> PrintJob | None:
        return self.session.get(PrintJob, job_id)

    def save(self, job: PrintJob) -> None:
        self.session.add(job)

    def latest_for(self, ticket_id: int) -> PrintJob | None:
        """The ticket's newest job (a reprint comes after the first)."""
        return self.session.exec(
            select(PrintJob)
            .where(col(PrintJob.ticket_id) == ticket_id)
            .order_by(col(PrintJob.id).desc())
            .limit(1)
        ).first()

    def head(self, printer: str) -> PrintJob | None:
        """The printer's oldest queued job: jobs of one printer go in order."""
        return self.session.exec(
            select(PrintJob)
            .where(col(PrintJob.printer) == printer, col(PrintJob.state) == JobState.QUEUED)
            .order_by(col(PrintJob.id))
            .limit(1)
        ).first()

    def move(self, job_id: int, was: JobState, **values: Any) -> bool:
        """Change the job only if it is still in state `was` (of two processes exactly one
        wins a conditional UPDATE). True when it changed."""
        result = self.session.execute(
            update(PrintJob)
            .where(col(PrintJob.id) == job_id, col(PrintJob.state) == was)
            .values(**values)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def claim(self, job_id: int, worker: str, now: datetime) -> bool:
        """Take a queued job for printing: of two workers exactly one wins."""
        return self.move(
            job_id,
            JobState.QUEUED,
            state=JobState.PRINTING,
            attempts=col(PrintJob.attempts) + 1,
            claimed_by=worker,
            claimed_at=now,
        )

    def queued_elsewhere(self, printers: Collection[str]) -> Sequence[PrintJob]:
        """Queued jobs of printers not in `printers` (no longer configured)."""
        return self.session.exec(
            select(PrintJob).where(
                col(PrintJob.state) == JobState.QUEUED,
                col(PrintJob.printer).not_in(list(printers)),
            )
        ).all()

    def being_printed(self) -> Sequence[PrintJob]:
        return self.session.exec(
            select(PrintJob).where(col(PrintJob.state) == JobState.PRINTING)
        ).all()

    def with_tickets(self, day: date) -> Sequence[tuple[PrintJob, Ticket]]:
        """Jobs of the day's tickets and every job not yet settled, with their tickets, in
        the order they were asked for."""
        pending = [JobState.QUEUED, JobState.PRINTING, JobState.UNSURE]
        rows = self.session.exec(
            select(PrintJob, Ticket)
            .join(Ticket, col(Ticket.id) == col(PrintJob.ticket_id))
            .where(or_(col(Ticket.service_day) == day, col(PrintJob.state).in_(pending)))
            .order_by(col(PrintJob.id))
        ).all()
        return [(job, ticket) for job, ticket in rows]

    # printers --------------------------------------------------------------------------------

    def printer(self, code: str) -> PrinterState | None:
        return self.session.get(PrinterState, code)

    def printers(self) -> dict[str, PrinterState]:
        return {row.printer: row for row in self.session.exec(select(PrinterState)).all()}

    def save_printer(self, row: PrinterState) -> None:
        self.session.add(row)

    def ticket(self, ticket_id: int) -> Ticket | None:
        return self.session.get(Ticket, ticket_id)
