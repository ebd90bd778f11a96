from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, status

from app.api.deps import Now, QueueDep
from app.api.errors import ERROR_RESPONSES
from app.api.schemas import TicketOut, TicketRequest, TransferRequest
from app.api.transactions import QueueRoute
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Issuer, Mover, Reader, Server
from app.auth.rules import ensure_moves_ticket, ensure_serves_ticket
from app.domain.lifecycle import Action

router = APIRouter(
    prefix="/api/tickets",
    tags=["tickets"],
    responses={**ERROR_RESPONSES, **AUTH_RESPONSES},
    route_class=QueueRoute,
)

# Within the id column's range on every database (SQLite would overflow into a 500).
TicketId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("", status_code=status.HTTP_201_CREATED)
def issue_ticket(body: TicketRequest, queue: QueueDep, now: Now, _: Issuer) -> TicketOut:
    """Issue a ticket in a zone, in the visitor's language; `ahead` counts who is before it."""
    issued = queue.issue(
        zone=body.zone,
        language=body.language,
        purpose=body.purpose,
        priority=body.priority,
        now=now,
    )
    return TicketOut.of(issued.ticket, issued.ahead)


@router.get("/{ticket_id}")
def get_ticket(ticket_id: TicketId, queue: QueueDep, _: Reader) -> TicketOut:
    ticket = queue.get(ticket_id)
    return TicketOut.of(ticket, queue.ahead_of(ticket))


def _serve_route(path: str, action: Action, summary: str) -> None:
    """Recall, start, finish, no-show, return: the ticket called to one's own workplace."""

    def act(ticket_id: TicketId, queue: QueueDep, now: Now, staff: Server) -> TicketOut:
        ticket = queue.get(ticket_id, for_update=True)
        ensure_serves_ticket(staff, ticket.workplace, ticket.display)
        return TicketOut.of(queue.act(ticket_id, action, now=now, actor=staff.username))

    _add(path, action, summary, act)


def _move_route(path: str, action: Action, summary: str) -> None:
    """Cancel: any ticket with MANAGE, the one at one's own workplace with SERVE."""

    def act(ticket_id: TicketId, queue: QueueDep, now: Now, staff: Mover) -> TicketOut:
        ticket = queue.get(ticket_id, for_update=True)
        ensure_moves_ticket(staff, ticket.workplace, ticket.display)
        return TicketOut.of(queue.act(ticket_id, action, now=now, actor=staff.username))

    _add(path, action, summary, act)


def _add(path: str, action: Action, summary: str, act: Callable[..., TicketOut]) -> None:
    router.add_api_route(
        f"/{{ticket_id}}/{path}",
        act,
        methods=["POST"],
        summary=summary,
        name=f"ticket_{action.value}",
    )


_serve_route("recall", Action.RECALL, "Call the ticket again (counted)")
_serve_route("start", Action.START, "The visitor has come: start serving")
_serve_route("finish", Action.FINISH, "Serving is over")
_serve_route("no-show", Action.NO_SHOW, "The visitor did not come")
_serve_route("return", Action.RETURN_TO_QUEUE, "Put a called ticket back in its queue")
_move_route("cancel", Action.CANCEL, "Cancel a waiting or called ticket")


@router.post("/{ticket_id}/transfer")
def transfer_ticket(
    ticket_id: TicketId, body: TransferRequest, queue: QueueDep, now: Now, staff: Mover
) -> TicketOut:
    """Send the ticket to another zone's queue, keeping its number, issue time and priority.
    Any ticket with MANAGE; with SERVE only the ticket at one's own workplace."""
    current = queue.get(ticket_id, for_update=True)
    ensure_moves_ticket(staff, current.workplace, current.display)
    ticket = queue.transfer(ticket_id, body.zone, now=now, actor=staff.username)
    return TicketOut.of(ticket, queue.ahead_of(ticket))
