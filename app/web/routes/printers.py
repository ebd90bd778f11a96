"""The printers on the reception desk's screen: faults, paper, jobs that need a person, and
reprinting one of today's tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from app.edge.access import Issuer
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.edge.templating import render
from app.services.catalog import Services
from app.tables.printing import PrintJob

TEMPLATE = "printing/desk_printers.html"

router = APIRouter(prefix="/desk", tags=["screens"], include_in_schema=False)
CHANGED = {"HX-Trigger": "printers-changed"}


async def _card(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    views = await tx.read(lambda s: s.printing.views(now))
    context = {"printers": views, "tz": tx.site.calendar.tz, "error": error}
    return render(request, TEMPLATE, context, block="printers", status_code=status_code)


@router.get("/printers", response_class=HTMLResponse)
async def printers_card(request: Request, tx: Tx, now: Now, _staff: Issuer) -> HTMLResponse:
    return await _card(request, tx, now)


@router.post("/print-jobs/{job_id}/resolve", response_class=HTMLResponse)
async def resolve_job(
    request: Request,
    job_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    printed: Annotated[bool, Form()],
    reprint: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """It printed / it did not (and then, with `reprint`, print it again here)."""

    def decide(s: Services) -> PrintJob:
        return s.printing.decide(
            job_id,
            printed=printed,
            reprint=reprint,
            username=staff.username,
            workplace=staff.workplace,
            base_url=s.printing.base_url(str(request.base_url)),
            now=now,
        )

    outcome = await attempt(request, tx.write(decide))
    return await _card(request, tx, now, error=outcome.error, status_code=outcome.status_code)


@router.post("/tickets/{ticket_id}/print", response_class=HTMLResponse)
async def reprint_ticket(
    request: Request, ticket_id: RowId, tx: Tx, now: Now, staff: Issuer
) -> HTMLResponse:
    """The Print button next to a ticket found by number."""

    def reprint(s: Services) -> dict[str, object]:
        job, ticket = s.printing.reprint(
            ticket_id,
            printer_code=None,
            username=staff.username,
            workplace=staff.workplace,
            base_url=s.printing.base_url(str(request.base_url)),
            now=now,
        )
        return {"job": job, "display": ticket.display}

    outcome = await attempt(request, tx.write(reprint))
    if outcome.result is None:
        refused = {"error": outcome.error}
        return render(request, TEMPLATE, refused, block="notice", status_code=outcome.status_code)
    return render(request, TEMPLATE, outcome.result, block="notice", headers=CHANGED)
