"""What the queue tells the live screens about a ticket, after the commit: numbers, zone and
state, never personal data (the board, the voice and the feeds carry numbers only)."""

from __future__ import annotations

from datetime import datetime

from app.domain.events import QueueEvent
from app.domain.lifecycle import Action
from app.tables.queue import Ticket

EVENT_TYPES = {
    Action.CALL: "ticket.called",
    Action.RECALL: "ticket.recalled",
    Action.START: "ticket.started",
    Action.FINISH: "ticket.finished",
    Action.NO_SHOW: "ticket.no_show",
    Action.RETURN_TO_QUEUE: "ticket.returned",
    Action.TRANSFER: "ticket.transferred",
    Action.CANCEL: "ticket.cancelled",
    Action.REOPEN: "ticket.reopened",
}


def ticket_event(kind: str, ticket: Ticket, now: datetime) -> QueueEvent:
    assert ticket.id is not None
    return QueueEvent(
        kind,
        ticket.id,
        {
            "at": now.isoformat(),
            "ticket": {
                "id": ticket.id,
                "number": ticket.number,
                "display": ticket.display,
                "zone": ticket.zone,
                "language": ticket.language,
                "state": ticket.state.value,
                "recall_count": ticket.recall_count,
            },
            "workplace": ticket.workplace,
        },
    )
