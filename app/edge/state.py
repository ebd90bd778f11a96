"""What a running server holds, built once where the app is assembled: its settings, the
centre, the database and the one path through it, where events go, the printers and the
voice. Routes reach the parts they need through app.edge.deps; services are handed only what
they use (app.services.site.Site), never this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from app.config.centre import CentreConfig, load_centre
from app.config.settings import Settings
from app.db.database import Database
from app.db.engine import make_engine
from app.domain.access.throttle import SignInThrottle
from app.domain.calendar import WorkingCalendar
from app.domain.events import EventSink
from app.live.hub import LocalHub
from app.services.announcements import Announcements
from app.services.live_feed import HubSink
from app.services.printing.printers import PrinterRegistry
from app.services.printing.spooler import Spooler
from app.services.site import Site, utc_now
from app.services.transactions import Transactions


@dataclass
class AppState:
    settings: Settings
    centre: CentreConfig
    calendar: WorkingCalendar
    engine: Engine
    clock: Callable[[], datetime] = utc_now
    hub: LocalHub = field(default_factory=LocalHub)
    # Ticket printers; default: from the centre file and QABYLDAU_PRINTER_URL.
    printers: PrinterRegistry | None = None
    # Real time for the print spooler's retries and leases (tests move their own).
    print_clock: Callable[[], datetime] = utc_now
    print_poll_seconds: float = 1.0
    speech: Announcements | None = None  # default: espeak, pack in settings.resolved_voices_dir
    sink: EventSink | None = None  # default: committed events go to the hub
    # Wrong sign-ins by address and username, in this process (app.domain.access.throttle).
    sign_ins: SignInThrottle = field(default_factory=SignInThrottle)

    database: Database = field(init=False)
    spooler: Spooler = field(init=False)
    site: Site = field(init=False)
    transactions: Transactions = field(init=False)

    def __post_init__(self) -> None:
        self.database = Database(self.engine)
        if self.printers is None:
            self.printers = PrinterRegistry.from_config(self.centre, self.settings)
        self.spooler = Spooler(
            self.database,
            self.centre,
            self.printers,
            clock=self.print_clock,
            poll_seconds=self.print_poll_seconds,
        )
        if self.speech is None:
            self.speech = Announcements.from_settings(self.settings, self.centre)
        if self.sink is None:
            self.sink = HubSink(self.hub, self.centre, self.speech)
        self.site = Site(
            centre=self.centre,
            calendar=self.calendar,
            printers=self.printers,
            wake_printer=self.spooler.wake,
            public_url=self.settings.public_url,
            print_clock=self.print_clock,
        )
        self.transactions = Transactions(self.database, self.site, self.sink)

    def close(self) -> None:
        """Close the database connections (at shutdown, or at the end of a test)."""
        self.database.close()

    @property
    def printer_registry(self) -> PrinterRegistry:
        assert self.printers is not None
        return self.printers

    @property
    def announcements(self) -> Announcements:
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
