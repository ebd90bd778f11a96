"""What a personal-reception use case works with: the request's queue service (its session
is the request's one transaction; its events go out after the commit), the centre and its
calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from app.config.centre import CentreConfig
from app.domain.calendar import WorkingCalendar
from app.reception.repository import ReceptionRepository
from app.services.queue import QueueService

# Where booked applicants' tickets go (001 p.4, p.15): the zone of the officials' cabinets.
PERSONAL_RECEPTION_ZONE = "personal_reception"
# The desk's routing purpose of a booked visitor (app.domain.routing.Purpose).
BOOKED_PURPOSE = "booked_reception"


@dataclass
class Reception:
    queue: QueueService

    def __post_init__(self) -> None:
        self.repo = ReceptionRepository(self.queue.session)

    @property
    def session(self) -> Session:
        return self.queue.session

    @property
    def centre(self) -> CentreConfig:
        return self.queue.centre

    @property
    def calendar(self) -> WorkingCalendar:
        return self.queue.calendar

    def today(self, now: datetime) -> date:
        return self.calendar.service_day(now)
