"""The estimated wait of a ticket now (app.domain.estimate explains it): its inputs, read in
the transaction that issues the ticket or shows its status page."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain.estimate import (
    MIN_SAMPLES,
    SAMPLE_VISITS,
    Desk,
    Queue,
    average_visit,
    wait_minutes,
)
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.queue import Ticket

PRIORITY_WINDOW = timedelta(minutes=60)  # out-of-turn arrivals are counted over this


def estimate_wait(unit: Unit, site: Site, ticket: Ticket, ahead: int, now: datetime) -> int:
    """Minutes until `ticket`, with `ahead` people before it, is likely called (0: at once)."""
    centre, repo = site.centre, unit.estimates
    zone, day = ticket.zone, ticket.service_day
    codes = [w.code for w in centre.workplaces if zone in w.zones]
    if ticket.for_workplace in codes:
        codes = [ticket.for_workplace]  # booked for one cabinet: only it calls the ticket
    minutes = repo.visits(zone, day, SAMPLE_VISITS)
    if len(minutes) < MIN_SAMPLES:
        minutes = repo.earlier_visits(zone, day, SAMPLE_VISITS)
    visit = average_visit(minutes, float(centre.printing.default_service_minutes))
    called = repo.calls_today(codes, day)
    busy = {code: at for code, (at, under_way) in called.items() if under_way}
    paused = repo.paused(codes)
    # Before anyone has called today, all of them: they are on their way.
    active = [c for c in codes if c in called or c in paused] or codes
    desks = [
        Desk(
            busy_minutes=_minutes(now, busy[c]) if c in busy else None,
            paused_minutes=_minutes(now, paused[c][0]) if c in paused else None,
            pause_reason=paused[c][1] if c in paused else None,
        )
        for c in active
    ]
    # A centre kept open at all hours (a demo) has no lunch to wait through.
    calendar = site.calendar
    lunch = None if calendar.always_open else calendar.lunch_on(day)
    queue = Queue(now, ahead, visit, desks, lunch)
    wait = wait_minutes(queue)
    if wait == 0:
        return 0  # called at once: nobody can come in between
    later = repo.issued_above(zone, day, ticket.priority_rank, now - PRIORITY_WINDOW)
    rate = later / (PRIORITY_WINDOW.total_seconds() / 60)
    return wait_minutes(replace(queue, priority_rate=rate)) if later else wait


def _minutes(now: datetime, since: datetime) -> float:
    return max(0.0, (now - since).total_seconds() / 60)
