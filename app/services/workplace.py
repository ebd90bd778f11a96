"""What a workplace's screen shows: the ticket it is serving, with what the desk checked, and
the queue of its zones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.repositories.tickets import TicketRepository
from app.tables.queue import Ticket, VisitorDetail, WorkplaceStatus


@dataclass(frozen=True)
class WorkplacePanel:
    current: Ticket | None
    detail: VisitorDetail | None
    waiting: int
    oldest: datetime | None  # when the longest-waiting ticket was issued
    status: WorkplaceStatus | None
    served: list[float]  # the operator's day: minutes of each visit finished here today
    last_finished: Ticket | None = None  # its Finish may be undone for a short while

    @property
    def average_minutes(self) -> float | None:
        return sum(self.served) / len(self.served) if self.served else None


def workplace_panel(
    tickets: TicketRepository, workplace: str, zones: list[str], day: date
) -> WorkplacePanel:
    current = tickets.current_at(workplace, day)
    detail = tickets.visitor_detail(current.id) if current and current.id else None
    waiting, oldest = tickets.waiting_summary(zones, day)
    status = tickets.workplace_status(workplace)
    served = tickets.served_at(workplace, day)
    last = None if current else tickets.last_finished_at(workplace, day)
    return WorkplacePanel(current, detail, waiting, oldest, status, served, last)
