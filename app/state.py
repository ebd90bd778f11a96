"""What a running server holds: its settings, the centre, the calendar, the database and
where events go."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from app.config.centre import CentreConfig, load_centre
from app.config.settings import Settings
from app.db.engine import make_engine
from app.domain.calendar import WorkingCalendar
from app.events import DiscardingSink, EventSink


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppState:
    settings: Settings
    centre: CentreConfig
    calendar: WorkingCalendar
    engine: Engine
    sink: EventSink = field(default_factory=DiscardingSink)
    clock: Callable[[], datetime] = utc_now

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        centre = load_centre(settings.config)
        return cls(
            settings=settings,
            centre=centre,
            calendar=centre.calendar(always_open=settings.always_open),
            engine=make_engine(settings.resolved_database_url),
        )
