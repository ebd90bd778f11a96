"""The printers on the reception desk's screen: faults, paper, jobs that need a person, and
reprinting one of today's tickets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from app.api.deps import Now, QueueDep, StateDep
from app.api.transactions import CommitInRouteThread
from app.auth.deps import Issuer
from app.domain.errors import DomainError
from app.i18n import translate_error
from app.printing import service
from app.services.queue import QueueService
from app.state import AppState
from app.web.templating import render, request_language

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "printing/desk_printers.html"

router = APIRouter(
    prefix="/desk", tags=["screens"], include_in_schema=False, route_class=CommitInRouteThread
)
Id = Annotated[int, PathParam(ge=1, le=2_147_483_647)]
CHANGED = {"HX-Trigger": "printers-changed"}


def _card(
    request: Request, queue: QueueService, state: AppState, now: datetime
) -> HTMLResponse:
    views = service.printer_views(queue.session, state, now)
    return render(request, TEMPLATE, {"printers": views, "tz": state.calendar.tz}, block="printers")


@router.get("/printers", response_class=HTMLResponse)
def printers_card(
    request: Request, queue: QueueDep, state: StateDep, now: Now, _staff: Issuer
) -> HTMLResponse:
    return _card(request, queue, state, now)


@router.post("/print-jobs/{job_id}/resolve", response_class=HTMLResponse)
def resolve_job(
    request: Request,
    job_id: Id,
    queue: QueueDep,
    state: StateDep,
    now: Now,
    staff: Issuer,
    printed: Annotated[bool, Form()],
    reprint: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """It printed / it did not (and then, with `reprint`, print it again here)."""
    try:
        job = service.resolve(queue.session, state, job_id, printed=printed, by=staff.username)
        if reprint and not printed:
            service.reprint(
                queue,
                state,
                job.ticket_id,
                printer_code=None,
                username=staff.username,
                workplace=staff.workplace,
                base_url=service.public_base(state, request),
                now=now,
            )
    except DomainError as exc:
        queue.session.rollback()
        return render(
            request,
            TEMPLATE,
            {"printers": service.printer_views(queue.session, state, now), "tz": state.calendar.tz,
             "error": translate_error(exc, request_language(request))},
            block="printers",
            status_code=exc.status_code,
        )
    return _card(request, queue, state, now)


@router.post("/tickets/{ticket_id}/print", response_class=HTMLResponse)
def reprint_ticket(
    request: Request, ticket_id: Id, queue: QueueDep, state: StateDep, now: Now, staff: Issuer
) -> HTMLResponse:
    """The Print button next to a ticket found by number."""
    try:
        job = service.reprint(
            queue,
            state,
            ticket_id,
            printer_code=None,
            username=staff.username,
            workplace=staff.workplace,
            base_url=service.public_base(state, request),
            now=now,
        )
    except DomainError as exc:
        queue.session.rollback()
        refused = {"error": translate_error(exc, request_language(request))}
        return render(request, TEMPLATE, refused, block="notice", status_code=exc.status_code)
    context = {"job": job, "display": queue.get(ticket_id).display}
    return render(request, TEMPLATE, context, block="notice", headers=CHANGED)
