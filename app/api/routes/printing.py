"""Printing over the API: reprint a ticket, the printers and their faults, decide a job."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from app.api.responses import API_RESPONSES
from app.edge.access import Issuer, Reader
from app.edge.deps import Now, Tx
from app.edge.params import RowId
from app.schemas.printing import PrinterOut, PrintJobOut, PrintRequest, ResolveRequest
from app.services.catalog import Services

router = APIRouter(prefix="/api", tags=["printing"], responses=API_RESPONSES)


@router.post(
    "/tickets/{ticket_id}/print",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Print a ticket again",
)
async def print_ticket(
    ticket_id: RowId,
    request: Request,
    tx: Tx,
    now: Now,
    staff: Issuer,
    body: PrintRequest | None = None,
) -> PrintJobOut:
    """Queue another copy of one of today's tickets on the caller's printer (or the one
    named). Accepted, not done: the printer's outcome shows in GET /api/printers."""

    def reprint(s: Services) -> PrintJobOut:
        job, ticket = s.printing.reprint(
            ticket_id,
            printer_code=body.printer if body else None,
            username=staff.username,
            workplace=staff.workplace,
            base_url=s.printing.base_url(str(request.base_url)),
            now=now,
        )
        return PrintJobOut.of(job, ticket.display)

    return await tx.write(reprint)


@router.get("/printers")
async def list_printers(tx: Tx, now: Now, _: Reader) -> list[PrinterOut]:
    """Each printer: what it last said (faults, paper), its queue, jobs that need staff."""
    views = await tx.read(lambda s: s.printing.views(now))
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
        for view in views
    ]


@router.post("/print-jobs/{job_id}/resolve")
async def resolve_job(job_id: RowId, body: ResolveRequest, tx: Tx, staff: Issuer) -> PrintJobOut:
    """Staff's decision on a job that may have printed, or failed: it printed (done), or it
    did not (failed; reprint with POST /api/tickets/{id}/print). Never printed again by
    itself: that could give the visitor two tickets."""

    def resolve(s: Services) -> PrintJobOut:
        job, ticket = s.printing.resolve(job_id, printed=body.printed, by=staff.username)
        return PrintJobOut.of(job, ticket.display if ticket else "")

    return await tx.write(resolve)
