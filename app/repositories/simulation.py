"""What `qabyldau demo simulate` asks before it plays past days: are there real tickets, and
which of the days already hold tickets."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import exists, func, select
from sqlmodel import Session, col

from app.tables.queue import Ticket, TicketEvent, WorkplaceStatus

# Every simulated ticket is called or cancelled by a simulated actor ("sim-window-1",
# "sim-desk"); a ticket with no event by such an actor was made by somebody else.
SIMULATED_ACTOR = "sim-"


class SimulationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def real_tickets(self) -> int:
        """Tickets none of whose events is by a simulated actor."""
        simulated = exists().where(
            col(TicketEvent.ticket_id) == col(Ticket.id),
            col(TicketEvent.actor).startswith(SIMULATED_ACTOR, autoescape=True),
        )
        return int(
            self.session.execute(
                select(func.count()).select_from(Ticket).where(~simulated)
            ).scalar_one()
        )

    def days_with_tickets(self, days: Collection[date]) -> set[date]:
        rows = self.session.execute(
            select(col(Ticket.service_day)).where(col(Ticket.service_day).in_(days)).distinct()
        )
        return set(rows.scalars())

    def paused_workplaces(self) -> list[str]:
        rows = self.session.execute(
            select(col(WorkplaceStatus.workplace))
            .where(col(WorkplaceStatus.paused).is_(True))
            .order_by(col(WorkplaceStatus.workplace))
        )
        return list(rows.scalars())
