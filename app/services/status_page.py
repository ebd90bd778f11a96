"""What a ticket's public status page (its QR code) shows: where it stands now."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.lifecycle import TicketState
from app.tables.queue import Ticket

NEAR = 2  # people ahead at most for "your turn is near" (issue 14.4)


@dataclass(frozen=True)
class TicketStatus:
    ticket: Ticket
    ahead: int  # waiting tickets called before it (0 once called)
    wait: int | None  # estimated minutes, while it waits today
    stale: bool  # a ticket of another day
    live: bool  # still in today's queue: the page keeps asking

    @property
    def near(self) -> bool:
        """Two or fewer ahead while it waits today: the page says so and alerts the phone."""
        return self.live and self.ticket.state is TicketState.WAITING and self.ahead <= NEAR
