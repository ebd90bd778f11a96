from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.api.deps import Actor, Now, QueueDep, StateDep
from app.api.errors import ERROR_RESPONSES
from app.api.schemas import CallNumberRequest, TicketOut, WorkplaceOut

router = APIRouter(prefix="/api/workplaces", tags=["workplaces"], responses=ERROR_RESPONSES)


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
def call_next(code: str, queue: QueueDep, now: Now, actor: Actor) -> TicketOut | Response:
    """Call the next ticket for this workplace: out-of-turn first, then in order of issue."""
    ticket = queue.call_next(code, now=now, actor=actor)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return TicketOut.of(ticket)


@router.post("/{code}/call")
def call_number(
    code: str, body: CallNumberRequest, queue: QueueDep, now: Now, actor: Actor
) -> TicketOut:
    """Call a given waiting ticket by its number."""
    return TicketOut.of(queue.call_number(code, body.number, now=now, actor=actor))
