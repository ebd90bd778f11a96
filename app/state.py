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
from app.events import EventSink
from app.live.hub import LocalHub
from app.live.messages import HubSink


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppState:
    settings: Settings
    centre: CentreConfig
    calendar: WorkingCalendar
    engine: Engine
    hub: LocalHub = field(default_factory=LocalHub)
    sink: EventSink | None = None  # default: committed events go to the hub
    clock: Callable[[], datetime] = utc_now

    def __post_init__(self) -> None:
        if self.sink is None:
            self.sink = HubSink(self.hub, self.centre)

    @property
    def events(self) -> EventSink:
        assert self.sink is not None
        return self.sink

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        centre = load_centre(settings.config)
        return cls(
            settings=settings,
            centre=centre,
            calendar=centre.calendar(always_open=settings.always_open),
            engine=make_engine(settings.resolved_database_url),
        )
