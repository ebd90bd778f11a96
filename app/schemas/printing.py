"""What the printing API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.domain.printing import JobReason, JobState
from app.schemas import ReadModel
from app.tables.printing import PrintJob


class PrintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    printer: Annotated[str | None, Field(max_length=40)] = None
    """A printer's code; default: the caller's (by workplace, then username), else the
    default printer."""


class ResolveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    printed: bool
    """Whether the ticket did come out of the printer."""


class PrintJobOut(ReadModel):
    id: int
    ticket_id: int
    display: str = ""
    printer: str
    reason: JobReason
    state: JobState
    attempts: int
    error_kind: str | None
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None
    resolved_by: str | None

    @classmethod
    def of(cls, job: PrintJob, display: str) -> PrintJobOut:
        return cls.model_validate(job).model_copy(update={"display": display})


class PrinterOut(BaseModel):
    code: str
    url: str
    paper_mm: int
    width_dots: int
    kiosks: list[str]
    workplaces: list[str]
    users: list[str]
    status: str
    """ok, fault, or unknown (not heard from since the server started using it)."""
    paper: str
    """ok, low, out or unknown (a printer without a near-end sensor never says low)."""
    error_kind: str | None
    detail: str | None
    checked_at: datetime | None
    queued: int
    printed_today: int
    needs_attention: list[PrintJobOut]
    """Today's jobs that need a person: may have printed (unsure), or failed and not reprinted."""
