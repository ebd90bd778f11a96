"""The centre's printers and who prints where.

A kiosk prints on the printer whose `kiosks` list names it; a member of staff on the one
whose `workplaces` lists where they signed in, else whose `users` lists them. Anyone the
centre file assigns no printer uses the default printer (QABYLDAU_PRINTER_URL), if there
is one; otherwise the ticket is issued without printing (the screen shows the number).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from app.config.centre import DEFAULT_PRINTER, CentreConfig, PrinterConfig
from app.config.settings import Settings
from printer import Printer, open_printer


@dataclass(frozen=True)
class PrinterEntry:
    code: str
    url: str
    paper_mm: int
    device: Printer = field(compare=False, repr=False)
    kiosks: tuple[str, ...] = ()
    workplaces: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    @property
    def width_dots(self) -> int:
        return self.device.width_dots

    @property
    def shown_url(self) -> str:
        """The URL without a password, should one be in it (staff screens show it)."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))


def _key(name: str) -> str:
    return name.strip().casefold()


class PrinterRegistry:
    def __init__(self, entries: Mapping[str, PrinterEntry]) -> None:
        self._entries = dict(entries)

    @classmethod
    def from_config(cls, centre: CentreConfig, settings: Settings) -> PrinterRegistry:
        entries = {p.code: _entry(p) for p in centre.printers}
        if settings.printer_url and settings.printer_url.strip():
            url = settings.printer_url.strip()
            width = 384 if settings.printer_paper == 58 else 576
            entries[DEFAULT_PRINTER] = PrinterEntry(
                DEFAULT_PRINTER, url, settings.printer_paper, open_printer(url, width)
            )
        return cls(entries)

    @classmethod
    def of(
        cls,
        printers: Mapping[str, Printer],
        *,
        kiosks: Mapping[str, str] | None = None,
    ) -> PrinterRegistry:
        """For tests: printers by code (FakePrinter...), kiosk name → printer code."""
        assigned = kiosks or {}
        return cls(
            {
                code: PrinterEntry(
                    code,
                    f"fake://{code}",
                    58 if device.width_dots <= 384 else 80,
                    device,
                    kiosks=tuple(k for k, c in assigned.items() if c == code),
                )
                for code, device in printers.items()
            }
        )

    def __iter__(self) -> Iterator[PrinterEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> PrinterEntry | None:
        return self._entries.get(code)

    @property
    def default(self) -> PrinterEntry | None:
        return self._entries.get(DEFAULT_PRINTER)

    def for_kiosk(self, name: str) -> PrinterEntry | None:
        key = _key(name)
        for entry in self:
            if any(_key(k) == key for k in entry.kiosks):
                return entry
        return self.default

    def for_staff(self, username: str, workplace: str | None) -> PrinterEntry | None:
        if workplace:
            for entry in self:
                if workplace in entry.workplaces:
                    return entry
        key = _key(username)
        for entry in self:
            if any(_key(u) == key for u in entry.users):
                return entry
        return self.default


def _entry(config: PrinterConfig) -> PrinterEntry:
    return PrinterEntry(
        code=config.code,
        url=config.url,
        paper_mm=config.paper,
        device=open_printer(config.url, config.width_dots),
        kiosks=tuple(config.kiosks),
        workplaces=tuple(config.workplaces),
        users=tuple(config.users),
    )
