"""What a ticket's public status page (its QR code) shows: where it stands now."""

from __future__ import annotations

from dataclasses import dataclass

from app.tables.queue import Ticket


@dataclass(frozen=True)
class TicketStatus:
    ticket: Ticket
    ahead: int  # waiting tickets called before it (0 once called)
    wait: int | None  # estimated minutes, while it waits today
    stale: bool  # a ticket of another day
    live: bool  # still in today's queue: the page keeps asking
