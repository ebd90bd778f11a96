"""The self-service zone's record of its work (001 p.11), for the self-service assistant,
volunteers and the administrator: two taps per visitor helped — the kind of help, then
completed or not — with today's counts, and a minute to take back a mistaken tap.

Post and redirect (303): a reload records nothing again; the page after it confirms what was
recorded (one's own record only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from app.domain.access.identity import Staff
from app.domain.assistance import AssistanceNotFound, may_undo
from app.edge.access import Assistant
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import MAX_ROW_ID, BlankIsNone, RowId, RowIdQuery
from app.edge.templating import render
from app.tables.feedback import Assistance

router = APIRouter(prefix="/assistance", tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/assistance.html"


class AssistanceForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: Annotated[str, Field(max_length=40)]  # a code of the centre file's assistance_kinds
    completed: bool
    ticket_id: Annotated[int | None, BlankIsNone, Field(ge=1, le=MAX_ROW_ID)] = None


async def _page(
    request: Request,
    tx: RequestTransactions,
    staff: Staff,
    now: datetime,
    *,
    recorded: tuple[Assistance, str | None] | None = None,
    undone: bool = False,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    day, offer = await tx.read(
        lambda s: (s.assistance.day(staff, now), s.assistance.ticket_offer(staff, now))
    )
    centre = tx.site.centre
    shown = recorded[0] if recorded else None
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": centre.workplace(staff.workplace) if staff.workplace else None,
        "kinds": centre.assistance_kinds,
        "day": day,
        "offer": offer,
        "recorded": shown,
        "recorded_kind": centre.assistance_kind(shown.kind) if shown else None,
        "recorded_ticket": recorded[1] if recorded else None,
        "may_undo": shown is not None and may_undo(shown.at, now),
        "undone": undone,
        "error": error,
    }
    return render(request, TEMPLATE, context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
async def assistance_page(
    request: Request,
    tx: Tx,
    now: Now,
    staff: Assistant,
    recorded: RowIdQuery = None,
    undone: bool = False,
) -> HTMLResponse:
    """`?recorded=ID`: confirms one's own record just made (someone else's is not shown)."""
    shown = None
    if recorded is not None:
        try:
            shown = await tx.read(lambda s: s.assistance.confirmation(staff, recorded))
        except AssistanceNotFound:
            shown = None
    return await _page(request, tx, staff, now, recorded=shown, undone=undone)


@router.post("", response_model=None)
async def record_assistance(
    request: Request,
    form: Annotated[AssistanceForm, Form()],
    tx: Tx,
    now: Now,
    staff: Assistant,
) -> Response:
    outcome = await attempt(
        request,
        tx.write(
            lambda s: s.assistance.record(
                staff, form.kind, form.completed, ticket_id=form.ticket_id, now=now
            )
        ),
    )
    if outcome.result is None:
        return await _page(
            request, tx, staff, now, error=outcome.error, status_code=outcome.status_code
        )
    return RedirectResponse(f"/assistance?recorded={outcome.result.id}", status_code=303)


@router.post("/{assistance_id}/undo", response_model=None)
async def undo_assistance(
    request: Request, assistance_id: RowId, tx: Tx, now: Now, staff: Assistant
) -> Response:
    outcome = await attempt(
        request, tx.write(lambda s: s.assistance.undo(staff, assistance_id, now))
    )
    if outcome.result is None:
        return await _page(
            request, tx, staff, now, error=outcome.error, status_code=outcome.status_code
        )
    return RedirectResponse("/assistance?undone=true", status_code=303)
