"""What a running server holds: its settings, the centre, the calendar, the database, where
events go and its voice announcements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.config.centre import CentreConfig, load_centre
from app.config.settings import Settings
from app.db.engine import inline_reader, make_engine, reader
from app.domain.calendar import WorkingCalendar
from app.events import EventSink
from app.live.hub import LocalHub
from app.live.messages import HubSink
from app.printing.printers import PrinterRegistry
from app.printing.spooler import Spooler

if TYPE_CHECKING:
    from app.speech.service import Speech


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
    speech: Speech | None = None  # default: espeak, pack in settings.resolved_voices_dir
    # Ticket printers and the print spooler (app.printing); default: from the centre file
    # and QABYLDAU_PRINTER_URL.
    printers: PrinterRegistry | None = None
    spooler: Spooler | None = None
    # The access check's own engine on an embedded database, used on the event loop
    # (app.db.engine.inline_reader); None: the check goes to the thread pool.
    inline_reads: Engine | None = None
    access_reads: Engine = field(init=False)  # what the access check reads through

    def __post_init__(self) -> None:
        if self.inline_reads is None:
            self.inline_reads = inline_reader(self.engine)
        # Made once: building a read-only view of the engine cost as much as the read.
        self.access_reads = self.inline_reads or reader(self.engine)
        if self.printers is None:
            self.printers = PrinterRegistry.from_config(self.centre, self.settings)
        if self.spooler is None:
            self.spooler = Spooler(self.engine, self.centre, self.printers)
        if self.speech is None:
            # Imported here: speech loads num2words and the espeak adapter, which the
            # `qabyldau` commands importing this module never use.
            from app.speech.service import Speech

            self.speech = Speech.from_settings(self.settings, self.centre)
        if self.sink is None:
            self.sink = HubSink(self.hub, self.centre, self.speech)

    def close(self) -> None:
        """Close the database connections (the engines stay usable: they reconnect)."""
        if self.inline_reads is not None:
            self.inline_reads.dispose()
        self.engine.dispose()

    @property
    def print_spooler(self) -> Spooler:
        assert self.spooler is not None
        return self.spooler

    @property
    def printer_registry(self) -> PrinterRegistry:
        assert self.printers is not None
        return self.printers

    @property
    def events(self) -> EventSink:
        assert self.sink is not None
        return self.sink

    @property
    def announcements(self) -> Speech:
        assert self.speech is not None
        return self.speech

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        centre = load_centre(settings.config)
        return cls(
            settings=settings,
            centre=centre,
            calendar=centre.calendar(always_open=settings.always_open),
            engine=make_engine(settings.resolved_database_url),
        )
