"""Tables of the print spooler. Instants in UTC, like every table."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.db.types import enum_column as _enum
from app.db.types import instant_column as _instant


class JobState(StrEnum):
    QUEUED = "queued"  # waiting for its printer (maybe after a failed attempt: see next_try_at)
    PRINTING = "printing"  # a worker is sending it now
    DONE = "done"  # the printer confirmed it (or accepted it, where it cannot confirm)
    FAILED = "failed"  # not printed and given up: staff may reprint
    UNSURE = "unsure"  # may have printed: never retried blindly, staff decide


FINAL_STATES = frozenset({JobState.DONE, JobState.FAILED})


class JobReason(StrEnum):
    ISSUE = "issue"  # printed as the ticket was issued (kiosk, desk)
    REPRINT = "reprint"  # staff asked for another copy






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
    paper: str = Field(default="unknown", max_length=8)  # printer.device.PaperLevel
    error_kind: str | None = Field(default=None, max_length=20)
    detail: str | None = Field(default=None, max_length=500)
    checked_at: datetime | None = Field(default=None, sa_column=_instant())
    last_ok_at: datetime | None = Field(default=None, sa_column=_instant())
