"""The estimated wait of a zone now (app.domain.estimate), from today's finished visits."""

from __future__ import annotations

from datetime import date

from app.config.centre import CentreConfig
from app.domain.estimate import SAMPLE_VISITS, average_visit, wait_minutes
from app.repositories.tickets import TicketRepository


def serving_workplaces(centre: CentreConfig, zone: str) -> int:
    return sum(1 for w in centre.workplaces if zone in w.zones)


def estimate_wait(
    tickets: TicketRepository, centre: CentreConfig, zone: str, day: date, ahead: int
) -> int | None:
    """Minutes until a visitor with `ahead` people before them is likely called."""
    if ahead <= 0:
        return None
    default = float(centre.printing.default_service_minutes)
    average = average_visit(tickets.visit_durations(zone, day, SAMPLE_VISITS), default)
    return wait_minutes(ahead, average, serving_workplaces(centre, zone))
