"""What every use case knows of the centre while the server runs: its file, its calendar, its
printers and where visitors' phones reach it. Built once, where the server is assembled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.config.centre import CentreConfig
from app.domain.calendar import WorkingCalendar
from app.services.printing.printers import PrinterRegistry


def _nobody_to_wake(_printer: str) -> None:
    pass


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Site:
    centre: CentreConfig
    calendar: WorkingCalendar
    printers: PrinterRegistry = field(default_factory=lambda: PrinterRegistry({}))
    # Called after a print job commits: the printer's worker takes it at once.
    wake_printer: Callable[[str], None] = _nobody_to_wake
    # Where visitors' phones reach the server (QABYLDAU_PUBLIC_URL), for the QR codes.
    public_url: str | None = None
    # Real time for print jobs: retries and leases are about the printer and the process,
    # which the queue's clock (frozen in tests) must not stop.
    print_clock: Callable[[], datetime] = utc_now

    def today(self, now: datetime) -> date:
        return self.calendar.service_day(now)
