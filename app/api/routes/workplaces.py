from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.api.responses import API_RESPONSES
from app.domain.access.rules import ensure_at_workplace
from app.edge.access import Server
from app.edge.deps import Now, SiteDep, Tx
from app.schemas.tickets import CallNumberRequest, TicketOut, WorkplaceOut
from app.services.catalog import Services

router = APIRouter(prefix="/api/workplaces", tags=["workplaces"], responses=API_RESPONSES)


@router.get("")
async def list_workplaces(site: SiteDep) -> list[WorkplaceOut]:
    return [WorkplaceOut.model_validate(w) for w in site.centre.workplaces]


@router.post(
    "/{code}/call-next",
    response_model=TicketOut,
    responses={204: {"description": "Nobody is waiting in the workplace's zones"}},
)
async def call_next(code: str, tx: Tx, now: Now, staff: Server) -> TicketOut | Response:
    """Call the next ticket for this workplace: out-of-turn first, then in order of issue.
    Only at the workplace one signed in at (app/domain/access/rules.py)."""
    ensure_at_workplace(staff, code)

    def call(s: Services) -> TicketOut | None:
        ticket = s.queue.call_next(code, now=now, actor=staff.username)
        return None if ticket is None else TicketOut.of(ticket)

    called = await tx.write(call)
    if called is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return called


@router.post("/{code}/call")
async def call_number(
    code: str, body: CallNumberRequest, tx: Tx, now: Now, staff: Server
) -> TicketOut:
    """Call a given waiting ticket by its number."""
    ensure_at_workplace(staff, code)
    return await tx.write(
        lambda s: TicketOut.of(
            s.queue.call_number(code, body.number, now=now, actor=staff.username)
        )
    )
