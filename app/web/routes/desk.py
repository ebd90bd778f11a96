"""The reception desk: issue a ticket routed by purpose (001 p.8), record what was checked,
see every zone live and find a ticket by number."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from app.config.centre import Language
from app.domain.access.identity import Staff
from app.domain.lifecycle import Action
from app.domain.phone import MAX_TYPED
from app.domain.routing import Purpose
from app.edge.access import Issuer
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.edge.templating import render
from app.schemas.board import Board
from app.services.catalog import Services
from app.services.issuing import Handed, Visitor
from app.services.site import Site

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
    # The selective telephone survey (000 p.38): optional, kept only with the consent. Checked
    # by the issuing service (app.domain.phone), so a wrong number is said beside the form.
    phone: Annotated[str, Field(max_length=MAX_TYPED)] = ""
    survey_consent: bool = False


def _context(site: Site, board: Board, staff: Staff, now: datetime) -> dict[str, Any]:
    zones = [z for z in site.centre.zones if z.issues_tickets]
    calls_by_zone: dict[str, list[Any]] = {z.code: [] for z in zones}
    for call in board.current:
        calls_by_zone.setdefault(call.zone, []).append(call)
    return {
        "staff": staff,
        "workplace": None,
        "centre": site.centre,
        "purposes": list(Purpose),
        "categories": site.centre.categories,
        "zones": [(z, board.waiting.get(z.code, 0), calls_by_zone.get(z.code, [])) for z in zones],
        "open_now": site.calendar.is_open(now),
    }


@router.get("", response_class=HTMLResponse)
async def desk_page(
    request: Request, tx: Tx, now: Now, staff: Issuer, block: str | None = None
) -> HTMLResponse:
    board = await tx.read(lambda s: s.board(now))
    return render(
        request,
        TEMPLATE,
        _context(tx.site, board, staff, now),
        block=block if block == "zones" else None,
    )


@router.post("/tickets", response_class=HTMLResponse)
async def issue(
    request: Request,
    form: Annotated[DeskTicketForm, Form()],
    tx: Tx,
    now: Now,
    staff: Issuer,
) -> HTMLResponse:
    visitor = Visitor(
        language=form.language,
        purpose=form.purpose,
        id_document=form.id_document,
        iin=form.iin,
        representative=form.representative or None,
        needs_escort=form.needs_escort,
        priority=form.priority or None,
        phone=form.phone,
        survey_consent=form.survey_consent,
    )

    def hand_over(s: Services) -> Handed:
        base_url = s.printing.base_url(str(request.base_url))
        return s.issuing.at_desk(staff, visitor, base_url=base_url, now=now)

    outcome = await attempt(request, tx.write(hand_over))
    handed = outcome.result
    context = {
        "error": outcome.error,
        "issued": handed,
        "zone": tx.site.centre.zone(form.purpose.zone),
        "printer": handed.job.printer if handed and handed.job else None,
    }
    return render(request, TEMPLATE, context, block="result", status_code=outcome.status_code)


@router.get("/find", response_class=HTMLResponse)
async def find(
    request: Request,
    tx: Tx,
    now: Now,
    _staff: Issuer,
    number: Annotated[int, Query(ge=0, le=99999)],
) -> HTMLResponse:
    return await _found(request, tx, now, number)


@router.post("/tickets/{ticket_id}/cancel", response_class=HTMLResponse)
async def cancel(
    request: Request, ticket_id: RowId, tx: Tx, now: Now, staff: Issuer
) -> HTMLResponse:
    """The desk cancels a waiting or called ticket (the visitor left, or took a second one);
    the answer is the search it was found by, the ticket now cancelled."""
    outcome = await attempt(
        request, tx.write(lambda s: s.queue.act_for(staff, ticket_id, Action.CANCEL, now=now))
    )
    number = outcome.result.number if outcome.result else None
    if number is None:
        found = await tx.read(lambda s: s.queue.get(ticket_id))
        number = found.number
    return await _found(request, tx, now, number, error=outcome.error, status=outcome.status_code)


async def _found(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    number: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    site = tx.site
    found = await tx.read(lambda s: s.queue.find_today(number, now))
    context = {
        "error": error,
        "found": [
            (t, site.centre.zone(t.zone), site.centre.workplace(t.workplace or "")) for t in found
        ],
        "number": number,
        "tz": site.calendar.tz,
    }
    return render(request, TEMPLATE, context, block="found", status_code=status)
