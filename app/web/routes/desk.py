"""The reception desk: issue a ticket routed by purpose (001 p.8), record what was checked,
see every zone live and find a ticket by number."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import Now, QueueDep, StateDep
from app.auth.deps import Issuer, Staff
from app.config.centre import Language
from app.domain.iin import iin_problem
from app.domain.routing import Purpose
from app.printing.service import order_print, public_base
from app.services.board import build_board
from app.services.queue import Issued, QueueService
from app.state import AppState
from app.web.htmx import attempt
from app.web.templating import render, request_language, translator

router = APIRouter(prefix="/desk", tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/desk.html"


class DeskTicketForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: Language
    purpose: Purpose
    id_document: Literal["original", "digital"]  # identity verified, 001 p.8
    iin: Annotated[str, Field(max_length=20)] = ""
    representative: Literal["", "legal", "authorised"] = ""  # 001 p.10
    needs_escort: bool = False  # 001 p.7
    priority: Annotated[str, Field(max_length=40)] = ""


def _context(queue: QueueService, state: AppState, staff: Staff, now: datetime) -> dict[str, Any]:
    day = state.calendar.service_day(now)
    board = build_board(queue.tickets, state.centre, day)
    zones = [z for z in state.centre.zones if z.issues_tickets]
    calls_by_zone: dict[str, list[Any]] = {z.code: [] for z in zones}
    for call in board.current:
        calls_by_zone.setdefault(call.zone, []).append(call)
    return {
        "staff": staff,
        "workplace": None,
        "centre": state.centre,
        "purposes": list(Purpose),
        "categories": state.centre.categories,
        "zones": [(z, board.waiting.get(z.code, 0), calls_by_zone.get(z.code, [])) for z in zones],
        "open_now": state.calendar.is_open(now),
    }


@router.get("", response_class=HTMLResponse)
def desk_page(
    request: Request,
    queue: QueueDep,
    state: StateDep,
    now: Now,
    staff: Issuer,
    block: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        TEMPLATE,
        _context(queue, state, staff, now),
        block=block if block == "zones" else None,
    )


@router.post("/tickets", response_class=HTMLResponse)
def issue(
    request: Request,
    form: Annotated[DeskTicketForm, Form()],
    queue: QueueDep,
    state: StateDep,
    now: Now,
    staff: Issuer,
) -> HTMLResponse:
    _ = translator(request_language(request))
    iin = form.iin.strip()
    problem = iin_problem(iin) if iin else None
    if problem is not None:
        return render(request, TEMPLATE, {"error": _(problem)}, block="result", status_code=422)

    def issue_and_record() -> Issued:
        issued = queue.issue(
            zone=form.purpose.zone,
            language=form.language,
            purpose=form.purpose.value,
            priority=form.priority or None,
            now=now,
        )
        queue.record_visitor(
            issued.ticket,
            id_document=form.id_document,
            iin=iin or None,
            representative=form.representative or None,
            needs_escort=form.needs_escort,
        )
        if printer is not None:  # printed after the commit, on the desk's printer
            order_print(
                queue,
                state,
                issued.ticket,
                printer,
                ahead=issued.ahead,
                base_url=public_base(state, request),
                requested_by=staff.username,
            )
        return issued

    printer = state.printer_registry.for_staff(staff.username, staff.workplace)
    issued, error, code = attempt(request, queue, issue_and_record)
    context = {
        "error": error,
        "issued": issued,
        "zone": state.centre.zone(form.purpose.zone),
        "printer": printer.code if printer and issued else None,
    }
    return render(request, TEMPLATE, context, block="result", status_code=code)


@router.get("/find", response_class=HTMLResponse)
def find(
    request: Request,
    queue: QueueDep,
    state: StateDep,
    now: Now,
    _staff: Issuer,
    number: Annotated[int, Query(ge=0, le=99999)],
) -> HTMLResponse:
    found = queue.tickets.today_by_number(state.calendar.service_day(now), number)
    context = {
        "found": [
            (t, state.centre.zone(t.zone), state.centre.workplace(t.workplace or "")) for t in found
        ],
        "number": number,
        "tz": state.calendar.tz,
    }
    return render(request, TEMPLATE, context, block="found")
