"""What a printed ticket says: the ticket row, translated, plus people ahead and an estimate.

The estimated wait is deliberately simple and says "~": people ahead × the minutes one visit
of the zone has taken on average today (its last 20 finished visits, from start to finish;
the centre file's `printing.default_service_minutes` until there are 3), divided by the
number of workplaces that serve the zone. It ignores pauses, out-of-turn arrivals and
lunch, so it is a hint, not a promise; with nobody ahead nothing is printed.
"""

from __future__ import annotations

import math
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from app.config.centre import CentreConfig
from app.db.models import Ticket
from app.domain.lifecycle import TicketState
from app.domain.text import N_
from app.i18n import gettext_for
from printer import TicketLabels, TicketPrint

SAMPLE_VISITS = 20
MIN_SAMPLES = 3

PEOPLE_AHEAD = N_("People ahead")
ESTIMATED_WAIT = N_("Estimated wait")
MINUTES = N_("min")
SCAN_HINT = N_("Scan to follow your turn")
OUT_OF_TURN = N_("Out of turn: {category}")


def average_visit_minutes(session: Session, zone: str, day: date, default: float) -> float:
    rows = session.execute(
        select(col(Ticket.started_at), col(Ticket.finished_at))
        .where(
            col(Ticket.zone) == zone,
            col(Ticket.service_day) == day,
            col(Ticket.state) == TicketState.DONE,
            col(Ticket.started_at).is_not(None),
            col(Ticket.finished_at).is_not(None),
        )
        .order_by(col(Ticket.finished_at).desc())
        .limit(SAMPLE_VISITS)
    ).all()
    minutes: list[float] = [
        (finished - started).total_seconds() / 60
        for started, finished in rows
        if started is not None and finished is not None and finished >= started
    ]
    if len(minutes) < MIN_SAMPLES:
        return default
    return sum(minutes) / len(minutes)


def serving_workplaces(centre: CentreConfig, zone: str) -> int:
    return sum(1 for w in centre.workplaces if zone in w.zones)


def estimate_wait(
    session: Session, centre: CentreConfig, zone: str, day: date, ahead: int
) -> int | None:
    """Minutes until the visitor is likely called; None when nobody is ahead."""
    if ahead <= 0:
        return None
    average = average_visit_minutes(
        session, zone, day, float(centre.printing.default_service_minutes)
    )
    return math.ceil(ahead * average / max(1, serving_workplaces(centre, zone)))


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
