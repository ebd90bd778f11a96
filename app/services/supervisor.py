"""The hall as the supervisor sees it now: per zone who waits and since when, each workplace's
state (serving or called whom by number, paused and why, idle since), and today's totals.
Numbers only, like the board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.config.centre import Workplace, Zone
from app.domain.statistics import Grouping, Statistics
from app.domain.workplace import PauseReason
from app.repositories.unit import Unit
from app.services.site import Site
from app.services.statistics import centre_table


@dataclass(frozen=True)
class ZoneNow:
    zone: Zone
    waiting: int
    oldest: datetime | None  # the issue time of the longest-waiting ticket


@dataclass(frozen=True)
class WorkplaceNow:
    workplace: Workplace
    state: str  # serving | called | paused | idle
    display: str | None  # the ticket being served or called
    reason: PauseReason | None
    since: datetime | None  # of the call, of the pause, of the last finish (idle)


@dataclass(frozen=True)
class SupervisorView:
    zones: list[ZoneNow]
    workplaces: list[WorkplaceNow]
    today: Statistics


def supervisor_view(unit: Unit, site: Site, now: datetime) -> SupervisorView:
    day = site.today(now)
    tickets = unit.tickets
    zones = []
    for zone in site.centre.zones:
        if zone.issues_tickets:
            waiting, oldest = tickets.waiting_summary([zone.code], day)
            zones.append(ZoneNow(zone, waiting, oldest))
    current = {t.workplace: t for t in reversed(tickets.at_workplaces(day)) if t.workplace}
    places = []
    for workplace in site.centre.workplaces:
        ticket = current.get(workplace.code)
        status = tickets.workplace_status(workplace.code)
        if ticket is not None:
            since = ticket.started_at or ticket.called_at
            places.append(WorkplaceNow(workplace, ticket.state.value, ticket.display, None, since))
        elif status is not None and status.paused:
            reason = PauseReason(status.reason) if status.reason else None
            places.append(WorkplaceNow(workplace, "paused", None, reason, status.since))
        else:
            last = tickets.last_finished_at(workplace.code, day)
            since = last.finished_at if last else None
            places.append(WorkplaceNow(workplace, "idle", None, None, since))
    totals = centre_table(unit, site, day, day, Grouping.ZONE, now)
    return SupervisorView(zones, places, totals)
