from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.api.deps import Now, QueueDep, StateDep
from app.api.errors import ERROR_RESPONSES
from app.api.schemas import CallNumberRequest, TicketOut, WorkplaceOut
from app.api.transactions import QueueRoute
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Server
from app.auth.rules import ensure_at_workplace

router = APIRouter(
    prefix="/api/workplaces",
    tags=["workplaces"],
    responses={**ERROR_RESPONSES, **AUTH_RESPONSES},
    route_class=QueueRoute,
)


@router.get("")
def list_workplaces(state: StateDep) -> list[WorkplaceOut]:
    return [
        WorkplaceOut(code=w.code, name=w.name, kind=w.kind, number=w.number, zones=w.zones)
        for w in state.centre.workplaces
    ]


@router.post(
    "/{code}/call-next",
    response_model=TicketOut,
    responses={204: {"description": "Nobody is waiting in the workplace's zones"}},
)
def call_next(code: str, queue: QueueDep, now: Now, staff: Server) -> TicketOut | Response:
    """Call the next ticket for this workplace: out-of-turn first, then in order of issue.
    Only at the workplace one signed in at (app/auth/rules.py)."""
    ensure_at_workplace(staff, code)
    ticket = queue.call_next(code, now=now, actor=staff.username)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return TicketOut.of(ticket)


@router.post("/{code}/call")
def call_number(
    code: str, body: CallNumberRequest, queue: QueueDep, now: Now, staff: Server
) -> TicketOut:
    """Call a given waiting ticket by its number."""
    ensure_at_workplace(staff, code)
    return TicketOut.of(queue.call_number(code, body.number, now=now, actor=staff.username))
