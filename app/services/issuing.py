"""Issuing a ticket to a visitor in person: at the lobby kiosk and at the reception desk.

Each is one use case in one transaction — issue, record what the desk checked or which kiosk
issued it, ask for it to be printed — so a refusal anywhere leaves no ticket, no record and
no print job behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.access.identity import Device, Staff
from app.domain.errors import KioskLimitReached
from app.domain.estimate import shown
from app.domain.iin import iin_problem
from app.domain.phone import survey_contact
from app.domain.routing import Purpose
from app.repositories.unit import Unit
from app.services.printing.orders import Printing
from app.services.printing.printers import PrinterEntry
from app.services.printing.ticket_text import status_url
from app.services.queue import QueueService
from app.services.site import Site
from app.tables.printing import PrinterState, PrintJob
from app.tables.queue import Ticket

KIOSK_WINDOW = timedelta(minutes=1)  # the per-kiosk limit counts tickets of the last minute


@dataclass(frozen=True)
class Handed:
    """A ticket handed to a visitor, and how its printing goes."""

    ticket: Ticket
    ahead: int
    job: PrintJob | None  # None: no printer here, the screen shows the number
    printer: PrinterState | None  # what is known of that printer now
    wait: int | None  # the estimated wait in minutes, printed or not (None: called at once)
    status_url: str  # the ticket's status page, for the QR code on the ticket or the screen


@dataclass(frozen=True)
class Visitor:
    """What the desk asked and checked (001 p.7, p.8, p.10)."""

    language: str
    purpose: Purpose
    id_document: str  # "original" | "digital": identity verified
    iin: str | None = None
    representative: str | None = None  # "legal" | "authorised"
    needs_escort: bool = False
    priority: str | None = None
    # For the selective telephone survey (000 p.38): the number as typed, and the consent.
    phone: str | None = None
    survey_consent: bool = False


class Issuing:
    def __init__(self, unit: Unit, site: Site) -> None:
        self.unit = unit
        self.site = site
        self.queue = QueueService(unit, site)
        self.printing = Printing(unit, site)

    def at_kiosk(
        self,
        device: Device,
        *,
        language: str,
        purpose: Purpose,
        priority: str | None,
        base_url: str,
        now: datetime,
    ) -> Handed:
        """A ticket from the lobby kiosk, printed on the kiosk's printer. More than the
        centre file's `kiosk.tickets_per_minute` from one kiosk are refused (a child pressing
        the button for fun)."""
        kiosk = self.unit.kiosk
        limit = self.site.centre.kiosk.tickets_per_minute
        if kiosk.issued_since(device.id, now - KIOSK_WINDOW) >= limit:
            raise KioskLimitReached()
        issued = self.queue.issue(
            zone=purpose.zone,
            language=language,
            purpose=purpose.value,
            priority=priority,
            now=now,
        )
        assert issued.ticket.id is not None
        kiosk.record(issued.ticket.id, device.id, now)
        printer = self.site.printers.for_kiosk(device.name)
        return self._print(issued.ticket, issued.ahead, printer, base_url, f"kiosk:{device.name}")

    def kiosk_printing(
        self, device: Device, ticket_id: int
    ) -> tuple[Ticket, PrintJob | None, PrinterState | None] | None:
        """How the printing of a ticket this kiosk issued goes; None for any other ticket."""
        if self.unit.kiosk.issuer(ticket_id) != device.id:
            return None
        ticket = self.queue.get(ticket_id)
        job, known = self.printing.latest(ticket_id)
        return ticket, job, known

    def at_desk(self, staff: Staff, visitor: Visitor, *, base_url: str, now: datetime) -> Handed:
        """A ticket from the reception desk, with what was checked, printed on the desk's
        printer."""
        iin = (visitor.iin or "").strip() or None
        problem = iin_problem(iin) if iin else None
        if problem is not None:
            raise problem
        phone = survey_contact(visitor.phone, visitor.survey_consent)
        issued = self.queue.issue(
            zone=visitor.purpose.zone,
            language=visitor.language,
            purpose=visitor.purpose.value,
            priority=visitor.priority,
            now=now,
        )
        self.queue.record_visitor(
            issued.ticket,
            id_document=visitor.id_document,
            iin=iin,
            representative=visitor.representative,
            needs_escort=visitor.needs_escort,
            phone=phone,
        )
        printer = self.site.printers.for_staff(staff.username, staff.workplace)
        return self._print(issued.ticket, issued.ahead, printer, base_url, staff.username)

    def _print(
        self,
        ticket: Ticket,
        ahead: int,
        printer: PrinterEntry | None,
        base_url: str,
        requested_by: str,
    ) -> Handed:
        follow = status_url(base_url, ticket.token)
        # The estimate recorded at the issue, on the screen and on paper alike.
        wait = shown(ticket.estimate_minutes)
        if printer is None:
            return Handed(ticket, ahead, None, None, wait, follow)
        job = self.printing.order(
            ticket, printer, ahead=ahead, wait=wait, base_url=base_url, requested_by=requested_by
        )
        state = self.printing.printer_state(printer.code)
        return Handed(ticket, ahead, job, state, job.wait_minutes, follow)
