from __future__ import annotations

from fastapi import APIRouter, status

from app.api.deps import Actor, Now, QueueDep
from app.api.errors import ERROR_RESPONSES
from app.api.schemas import TicketOut, TicketRequest, TransferRequest
from app.domain.lifecycle import Action

router = APIRouter(prefix="/api/tickets", tags=["tickets"], responses=ERROR_RESPONSES)


@router.post("", status_code=status.HTTP_201_CREATED)
def issue_ticket(body: TicketRequest, queue: QueueDep, now: Now) -> TicketOut:
    """Issue a ticket in a zone, in the visitor's language; `ahead` counts who is before it."""
    issued = queue.issue(
        zone=body.zone, language=body.language, purpose=body.purpose, priority=body.priority, now=now
    )
    return TicketOut.of(issued.ticket, issued.ahead)


@router.get("/{ticket_id}")
def get_ticket(ticket_id: int, queue: QueueDep) -> TicketOut:
    ticket = queue.get(ticket_id)
    return TicketOut.of(ticket, queue.ahead_of(ticket))


def _action_route(path: str, action: Action, summary: str) -> None:
    def act(ticket_id: int, queue: QueueDep, now: Now, actor: Actor) -> TicketOut:
        return TicketOut.of(queue.act(ticket_id, action, now=now, actor=actor))

    router.add_api_route(
        f"/{{ticket_id}}/{path}", act, methods=["POST"], summary=summary, name=f"ticket_{action.value}"
    )


_action_route("recall", Action.RECALL, "Call the ticket again (counted)")
_action_route("start", Action.START, "The visitor has come: start serving")
_action_route("finish", Action.FINISH, "Serving is over")
_action_route("no-show", Action.NO_SHOW, "The visitor did not come")
_action_route("return", Action.RETURN_TO_QUEUE, "Put a called ticket back in its queue")
_action_route("cancel", Action.CANCEL, "Cancel a waiting or called ticket")


@router.post("/{ticket_id}/transfer")
def transfer_ticket(
    ticket_id: int, body: TransferRequest, queue: QueueDep, now: Now, actor: Actor
) -> TicketOut:
    """Send the ticket to another zone's queue, keeping its number, issue time and priority."""
    ticket = queue.transfer(ticket_id, body.zone, now=now, actor=actor)
    return TicketOut.of(ticket, queue.ahead_of(ticket))
