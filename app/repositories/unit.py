"""A unit of work: the repositories of one transaction, and what is to happen once it commits.

Use cases record side effects here instead of doing them: queue events for the live feed and
the hall's voice, hooks such as waking a printer's worker. Whoever commits the transaction
(app.services.transactions) carries them out after the commit, so a rolled-back ticket is
never shown, spoken or printed, and a refusal leaves nothing behind to forget to clear."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from sqlalchemy import text
from sqlmodel import Session

from app.domain.events import QueueEvent
from app.repositories.estimate import EstimateRepository
from app.repositories.feedback import FeedbackRepository
from app.repositories.kiosk import KioskRepository
from app.repositories.monitoring import MonitoringRepository
from app.repositories.print_jobs import PrintJobRepository
from app.repositories.reception import ReceptionRepository
from app.repositories.reports import ReportsRepository
from app.repositories.retention import RetentionRepository
from app.repositories.simulation import SimulationRepository
from app.repositories.staff import StaffRepository
from app.repositories.statistics import StatisticsRepository
from app.repositories.survey import SurveyRepository
from app.repositories.tickets import TicketRepository


class Unit:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.events: list[QueueEvent] = []
        self.hooks: list[Callable[[], None]] = []

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    @cached_property
    def tickets(self) -> TicketRepository:
        return TicketRepository(self.session)

    @cached_property
    def staff(self) -> StaffRepository:
        return StaffRepository(self.session)

    @cached_property
    def reception(self) -> ReceptionRepository:
        return ReceptionRepository(self.session)

    @cached_property
    def print_jobs(self) -> PrintJobRepository:
        return PrintJobRepository(self.session)

    @cached_property
    def kiosk(self) -> KioskRepository:
        return KioskRepository(self.session)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        return StatisticsRepository(self.session)

    @cached_property
    def monitoring(self) -> MonitoringRepository:
        return MonitoringRepository(self.session)

    @cached_property
    def reports(self) -> ReportsRepository:
        return ReportsRepository(self.session)

    @cached_property
    def feedback(self) -> FeedbackRepository:
        return FeedbackRepository(self.session)

    @cached_property
    def survey(self) -> SurveyRepository:
        return SurveyRepository(self.session)

    @cached_property
    def retention(self) -> RetentionRepository:
        return RetentionRepository(self.session)

    @cached_property
    def simulation(self) -> SimulationRepository:
        return SimulationRepository(self.session)

    @cached_property
    def estimates(self) -> EstimateRepository:
        return EstimateRepository(self.session)

    def writable(self) -> bool:
        """Whether this write transaction could change anything: health asks. SQLite refuses
        a read-only file at BEGIN IMMEDIATE, or at the first statement that would write (an
        update of no row is one: it needs the write lock); PostgreSQL says so (a standby, a
        read-only default) and would refuse only at the first change."""
        if self.session.get_bind().dialect.name == "postgresql":
            return self.session.execute(text("SHOW transaction_read_only")).scalar() == "off"
        self.session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))
        return True

    def emit(self, event: QueueEvent) -> None:
        """Publish `event` once the transaction has committed."""
        self.events.append(event)

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` once the transaction has committed (never if it rolls back)."""
        self.hooks.append(hook)
