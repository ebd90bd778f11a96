"""What a personal-reception use case works with: the transaction's repositories (the
request's one unit of work: a check-in's ticket event goes out after the commit), the centre
and its calendar, and the queue for the tickets of check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from app.config.centre import CentreConfig
from app.domain.calendar import WorkingCalendar
from app.repositories.reception import ReceptionRepository
from app.repositories.unit import Unit
from app.services.queue import QueueService
from app.services.site import Site

# Where booked applicants' tickets go (001 p.4, p.15): the zone of the officials' cabinets.
PERSONAL_RECEPTION_ZONE = "personal_reception"
# The desk's routing purpose of a booked visitor (app.domain.routing.Purpose).
BOOKED_PURPOSE = "booked_reception"


@dataclass
class Reception:
    unit: Unit
    site: Site

    @property
    def repo(self) -> ReceptionRepository:
        return self.unit.reception

    @cached_property
    def queue(self) -> QueueService:
        return QueueService(self.unit, self.site)

    @property
    def centre(self) -> CentreConfig:
        return self.site.centre

    @property
    def calendar(self) -> WorkingCalendar:
        return self.site.calendar

    def today(self, now: datetime) -> date:
        return self.calendar.service_day(now)
