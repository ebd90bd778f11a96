"""The use cases of one transaction, as the routes, commands and workers reach them:

    await transactions.write(lambda s: s.queue.call_next("window-1", now=now, actor=who))

Each service is built on first use, on the transaction's unit of work and the centre."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from app.domain.monitoring import Monitoring, What
from app.domain.statistics import Grouping, Statistics
from app.repositories.unit import Unit
from app.schemas.board import Board
from app.services.access.accounts import Accounts
from app.services.access.devices import Devices
from app.services.assistance import Assistances
from app.services.board import build_board
from app.services.feedback import Feedback
from app.services.issuing import Issuing
from app.services.monitoring import district_monitoring
from app.services.pauses import Pauses
from app.services.printing.orders import Printing
from app.services.queue import QueueService
from app.services.reception.context import Reception
from app.services.reports import Reports
from app.services.retention import Retention
from app.services.simulation import SimulationCheck
from app.services.site import Site
from app.services.statistics import centre_statistics, close_days
from app.services.supervisor import SupervisorView, supervisor_view
from app.services.survey import Survey
from app.services.workplace import WorkplacePanel, workplace_panel


class Services:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit  # routes reach the database through the services only
        self.site = site

    def writable(self) -> bool:
        """Whether the database takes changes now: health asks, in a write transaction."""
        return self._unit.writable()

    @cached_property
    def queue(self) -> QueueService:
        return QueueService(self._unit, self.site)

    @cached_property
    def pauses(self) -> Pauses:
        """Pausing and resuming a workplace."""
        return Pauses(self._unit, self.site)

    @cached_property
    def issuing(self) -> Issuing:
        return Issuing(self._unit, self.site)

    @cached_property
    def printing(self) -> Printing:
        return Printing(self._unit, self.site)

    @cached_property
    def reception(self) -> Reception:
        return Reception(self._unit, self.site)

    @cached_property
    def reports(self) -> Reports:
        """The quarterly report (000 p.40) and the half-year draft (003 App.2 p.7(6))."""
        return Reports(self._unit, self.site)

    @cached_property
    def feedback(self) -> Feedback:
        return Feedback(self._unit, self.site)

    @cached_property
    def survey(self) -> Survey:
        return Survey(self._unit, self.site)

    @cached_property
    def assistance(self) -> Assistances:
        return Assistances(self._unit, self.site)

    @cached_property
    def retention(self) -> Retention:
        return Retention(self._unit, self.site)

    @cached_property
    def simulation(self) -> SimulationCheck:
        return SimulationCheck(self._unit, self.site)

    def board(self, now: datetime) -> Board:
        """What the hall's board shows now."""
        return build_board(self._unit.tickets, self.site.centre, self.site.today(now))

    def workplace_panel(self, code: str, now: datetime) -> WorkplacePanel | None:
        """What the workplace's screen shows now; None for an unknown workplace."""
        workplace = self.site.centre.workplace(code)
        if workplace is None:
            return None
        day = self.site.today(now)
        return workplace_panel(self._unit.tickets, workplace.code, workplace.zones, day)

    def statistics(self, first: date, last: date, by: Grouping, now: datetime) -> Statistics:
        """The centre's numbers for the days `first`–`last` grouped `by` (000 p.40); a pause
        still going on counts up to `now`."""
        return centre_statistics(self._unit, self.site, first, last, by, now)

    def forget_statistics_day(self, day: date) -> None:
        """Count `day` again (it was changed after it was counted)."""
        self._unit.statistics.forget_day(day)

    def close_statistics_days(self, now: datetime, limit: int) -> list[date]:
        """Count up to `limit` days that are over, once (app.services.statistics)."""
        return close_days(self._unit, self.site, now, limit)

    def monitoring(self, first: date, last: date, what: What) -> Monitoring:
        """Requests and appeals by topic and district, against the period before (003 App.2
        p.7)."""
        return district_monitoring(self._unit, self.site, first, last, what)

    def supervisor(self, now: datetime) -> SupervisorView:
        """The hall now, for the supervisor's live view."""
        return supervisor_view(self._unit, self.site, now)

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self._unit)

    @cached_property
    def devices(self) -> Devices:
        return Devices(self._unit, self.site.centre)
