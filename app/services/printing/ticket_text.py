"""What a printed ticket says: the ticket row, translated, plus people ahead and an estimate
(app.services.estimate)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.config.centre import CentreConfig
from app.domain.text import N_
from app.i18n import gettext_for
from app.tables.queue import Ticket
from printer import TicketLabels, TicketPrint

PEOPLE_AHEAD = N_("People ahead")
ESTIMATED_WAIT = N_("Estimated wait")
MINUTES = N_("min")
SCAN_HINT = N_("Scan to follow your turn")
OUT_OF_TURN = N_("Out of turn: {category}")


def ticket_print(
    centre: CentreConfig,
    ticket: Ticket,
    *,
    ahead: int,
    wait_minutes: int | None,
    status_url: str,
) -> TicketPrint:
    """The ticket as printed, in the visitor's language."""
    language = ticket.language

    def _(message: str) -> str:
        return gettext_for(language, message)

    zone = centre.zone(ticket.zone)
    category = centre.category(ticket.priority) if ticket.priority else None
    mark = None
    if ticket.priority:
        name = category.name.in_(language) if category else ticket.priority
        mark = _(OUT_OF_TURN).format(category=name)
    return TicketPrint(
        centre_name=centre.centre.name.in_(language),
        zone_name=zone.name.in_(language) if zone else ticket.zone,
        display=ticket.display,
        issued_at=ticket.issued_at.astimezone(ZoneInfo(centre.centre.timezone)),
        ahead=ahead,
        estimated_wait_minutes=wait_minutes,
        priority_label=mark,
        status_url=status_url,
        labels=TicketLabels(
            people_ahead=_(PEOPLE_AHEAD),
            estimated_wait=_(ESTIMATED_WAIT),
            minutes=_(MINUTES),
            scan_hint=_(SCAN_HINT),
        ),
    )


def status_url(base: str, token: str) -> str:
    """The ticket's public status page (what its QR code opens)."""
    return f"{base.rstrip('/')}/t/{token}"
