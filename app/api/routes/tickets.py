from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from app.api.responses import API_RESPONSES
from app.domain.access.identity import Staff
from app.domain.access.roles import Permission
from app.domain.lifecycle import Action
from app.edge.access import Issuer, Mover, Reader, require
from app.edge.deps import Now, Tx
from app.edge.params import RowId
from app.schemas.tickets import TicketOut, TicketRequest, TransferRequest
from app.services.catalog import Services
from app.services.printing.ticket_text import status_url

router = APIRouter(prefix="/api/tickets", tags=["tickets"], responses=API_RESPONSES)

# Within the id column's range on every database (SQLite would overflow into a 500).


@router.post("", status_code=status.HTTP_201_CREATED)
async def issue_ticket(
    body: TicketRequest, request: Request, tx: Tx, now: Now, _: Issuer
) -> TicketOut:
    """Issue a ticket in a zone, in the visitor's language; `ahead` counts who is before it,
    `status_url` is its public status page."""
    base_url = str(request.base_url)

    def issue(s: Services) -> TicketOut:
        issued = s.queue.issue(
            zone=body.zone,
            language=body.language,
            purpose=body.purpose,
            priority=body.priority,
            now=now,
        )
        follow = status_url(s.printing.base_url(base_url), issued.ticket.token)
        return TicketOut.of(issued.ticket, issued.ahead, follow)

    return await tx.write(issue)


@router.get("/{ticket_id}")
async def get_ticket(ticket_id: RowId, request: Request, tx: Tx, _: Reader) -> TicketOut:
    base_url = str(request.base_url)

    def read(s: Services) -> TicketOut:
        ticket = s.queue.get(ticket_id)
        follow = status_url(s.printing.base_url(base_url), ticket.token)
        return TicketOut.of(ticket, s.queue.ahead_of(ticket), follow)

    return await tx.read(read)


def _ticket_route(path: str, action: Action, summary: str, *may: Permission) -> None:
    """A move of a ticket by a staff member holding one of `may`; where they may is the
    queue's to check (app.domain.access.rules)."""
    who = Depends(require(*may))

    async def act(ticket_id: RowId, tx: Tx, now: Now, staff: Staff = who) -> TicketOut:
        return await tx.write(
            lambda s: TicketOut.of(s.queue.act_for(staff, ticket_id, action, now=now))
        )

    router.add_api_route(
        f"/{{ticket_id}}/{path}",
        act,
        methods=["POST"],
        summary=summary,
        name=f"ticket_{action.value}",
        response_model=TicketOut,
    )


# Recall, start, finish, no-show, return: the ticket called to one's own workplace. Cancel:
# any ticket with MANAGE, the one at one's own workplace with SERVE.
_ticket_route("recall", Action.RECALL, "Call the ticket again (counted)", Permission.SERVE)
_ticket_route("start", Action.START, "The visitor has come: start serving", Permission.SERVE)
_ticket_route("finish", Action.FINISH, "Serving is over", Permission.SERVE)
_ticket_route("no-show", Action.NO_SHOW, "The visitor did not come", Permission.SERVE)
_ticket_route(
    "return", Action.RETURN_TO_QUEUE, "Put a called ticket back in its queue", Permission.SERVE
)
_ticket_route(
    "reopen",
    Action.REOPEN,
    "Undo a Finish made in the last minute, while the workplace has called nobody since",
    Permission.SERVE,
)
_ticket_route(
    "cancel",
    Action.CANCEL,
    "Cancel a waiting or called ticket",
    Permission.MANAGE,
    Permission.SERVE,
)


@router.post("/{ticket_id}/transfer")
async def transfer_ticket(
    ticket_id: RowId, body: TransferRequest, tx: Tx, now: Now, staff: Mover
) -> TicketOut:
    """Send the ticket to another zone's queue, or to one workplace of it (`workplace`: a given
    window, an official's cabinet — a cabinet is always named), keeping its number, issue
    time and priority. Any ticket with MANAGE; with SERVE only the ticket at one's own
    workplace."""

    def move(s: Services) -> TicketOut:
        ticket = s.queue.transfer_for(staff, ticket_id, body.zone, now=now, to=body.workplace)
        return TicketOut.of(ticket, s.queue.ahead_of(ticket))

    return await tx.write(move)
