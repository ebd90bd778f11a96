"""Printing over the API: reprint a ticket, the printers and their faults, decide a job."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import Now, QueueDep, StateDep
from app.api.errors import ERROR_RESPONSES
from app.api.transactions import CommitInRouteThread
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Issuer, Reader
from app.db.models import Ticket
from app.printing import service
from app.printing.models import JobReason, JobState, PrintJob

router = APIRouter(
    prefix="/api",
    tags=["printing"],
    responses={**ERROR_RESPONSES, **AUTH_RESPONSES},
    route_class=CommitInRouteThread,
)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


class PrintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    printer: Annotated[str | None, Field(max_length=40)] = None
    """A printer's code; default: the caller's (by workplace, then username), else the
    default printer."""


class ResolveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    printed: bool
    """Whether the ticket did come out of the printer."""


class PrintJobOut(BaseModel):
    id: int
    ticket_id: int
    display: str
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
        assert job.id is not None
        return cls(
            id=job.id,
            ticket_id=job.ticket_id,
            display=display,
            printer=job.printer,
            reason=job.reason,
            state=job.state,
            attempts=job.attempts,
            error_kind=job.error_kind,
            last_error=job.last_error,
            created_at=job.created_at,
            finished_at=job.finished_at,
            resolved_by=job.resolved_by,
        )


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


@router.post(
    "/tickets/{ticket_id}/print",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Print a ticket again",
)
def print_ticket(
    ticket_id: Id,
    request: Request,
    queue: QueueDep,
    state: StateDep,
    now: Now,
    staff: Issuer,
    body: PrintRequest | None = None,
) -> PrintJobOut:
    """Queue another copy of one of today's tickets on the caller's printer (or the one
    named). Accepted, not done: the printer's outcome shows in GET /api/printers."""
    job = service.reprint(
        queue,
        state,
        ticket_id,
        printer_code=body.printer if body else None,
        username=staff.username,
        workplace=staff.workplace,
        base_url=service.public_base(state, request),
        now=now,
    )
    return PrintJobOut.of(job, queue.get(ticket_id).display)


@router.get("/printers")
def list_printers(queue: QueueDep, state: StateDep, now: Now, _: Reader) -> list[PrinterOut]:
    """Each printer: what it last said (faults, paper), its queue, jobs that need staff."""
    return [
        PrinterOut(
            code=view.entry.code,
            url=view.entry.shown_url,
            paper_mm=view.entry.paper_mm,
            width_dots=view.entry.width_dots,
            kiosks=list(view.entry.kiosks),
            workplaces=list(view.entry.workplaces),
            users=list(view.entry.users),
            status=view.status,
            paper=view.paper,
            error_kind=view.known.error_kind if view.known else None,
            detail=view.known.detail if view.known else None,
            checked_at=view.known.checked_at if view.known else None,
            queued=view.queued,
            printed_today=view.printed_today,
            needs_attention=[PrintJobOut.of(a.job, a.display) for a in view.attention],
        )
        for view in service.printer_views(queue.session, state, now)
    ]


@router.post("/print-jobs/{job_id}/resolve")
def resolve_job(
    job_id: Id, body: ResolveRequest, queue: QueueDep, state: StateDep, staff: Issuer
) -> PrintJobOut:
    """Staff's decision on a job that may have printed, or failed: it printed (done), or it
    did not (failed; reprint with POST /api/tickets/{id}/print). Never printed again by
    itself: that could give the visitor two tickets."""
    job = service.resolve(queue.session, state, job_id, printed=body.printed, by=staff.username)
    ticket = queue.session.get(Ticket, job.ticket_id)
    return PrintJobOut.of(job, ticket.display if ticket else "")
