"""Tables of the print spooler. Instants in UTC, like every table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.db.types import enum_column as _enum
from app.db.types import instant_column as _instant
from app.domain.printing import JobReason, JobState


class PrintJob(SQLModel, table=True):
    """One ticket to print on one printer. Created in the transaction that issues the ticket,
    so a job exists exactly when its ticket does; printed after the commit."""

    __tablename__ = "print_job"
    __table_args__ = (
        # The worker's question, many times a second across printers: the oldest job of mine.
        Index("ix_print_job_queue", "printer", "state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    printer: str = Field(max_length=40)  # a printer's code (the centre file's, or "default")
    reason: JobReason = Field(sa_column=_enum(JobReason, 8))
    state: JobState = Field(default=JobState.QUEUED, sa_column=_enum(JobState, 8))
    # What the ticket says that is not on the ticket row: as it was when the job was made.
    ahead: int = 0
    wait_minutes: int | None = None
    status_url: str = Field(max_length=300)
    requested_by: str | None = Field(default=None, max_length=120)  # "kiosk:<name>" or a username
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    error_kind: str | None = Field(default=None, max_length=20)  # PrinterError.kind
    created_at: datetime = Field(sa_column=_instant(nullable=False))
    next_try_at: datetime = Field(sa_column=_instant(nullable=False))
    claimed_by: str | None = Field(default=None, max_length=120)  # host:pid of the worker
    claimed_at: datetime | None = Field(default=None, sa_column=_instant())
    finished_at: datetime | None = Field(default=None, sa_column=_instant())
    resolved_by: str | None = Field(default=None, max_length=80)  # who decided an unsure job


class PrinterState(SQLModel, table=True):
    """What is known of a printer, from its last job or status request: in the database so
    every server process (and every desk screen) sees the same."""

    __tablename__ = "printer_state"

    printer: str = Field(primary_key=True, max_length=40)
    ok: bool | None = None  # None: never heard from
    paper: str = Field(default="unknown", max_length=8)  # printer.PaperLevel
    error_kind: str | None = Field(default=None, max_length=20)
    detail: str | None = Field(default=None, max_length=500)
    checked_at: datetime | None = Field(default=None, sa_column=_instant())
    last_ok_at: datetime | None = Field(default=None, sa_column=_instant())
