"""The centre's statistics for a period: the repository counts by the chosen grouping (with
the centre's local hours and each zone's target wait), the pure core (app.domain.statistics)
turns the counts and minutes into the table.

A day that is over is counted once (`close_days`, run by the server in the background) and
read back from app.tables.statistics; today, and any day not counted yet, are counted live.
So a year's page reads some 250 stored days instead of 300,000 tickets (bench/statistics.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from app.config.centre import Zone
from app.domain.statistics import (
    Group,
    Grouping,
    Statistics,
    decode_groups,
    encode_groups,
    ensure_period,
    merged,
    statistics,
    targets_fingerprint,
)
from app.domain.workplace_time import paused_by_day, workplace_times
from app.repositories.statistics import SERVING
from app.repositories.unit import Unit
from app.services.site import Site

if TYPE_CHECKING:
    from app.services.transactions import Transactions


# For tickets of a zone no longer in the centre file: the file's own default.
DEFAULT_TARGET: int = Zone.model_fields["target_wait_minutes"].default
CLOSE_EVERY_SECONDS = 15 * 60  # yesterday is counted at most a quarter of an hour late
DAYS_PER_TRANSACTION = 1  # short write transactions: the queue never waits behind a year


def _targets(site: Site) -> dict[str, int]:
    return {z.code: z.target_wait_minutes for z in site.centre.zones}


def _fingerprint(site: Site) -> str:
    return targets_fingerprint(_targets(site), DEFAULT_TARGET, site.calendar.tz.key)


def _groups(
    unit: Unit,
    site: Site,
    first: date,
    last: date,
    by: Grouping,
    days: list[date] | None = None,
) -> list[Group]:
    return unit.statistics.groups(
        first,
        last,
        by,
        tz=site.calendar.tz,
        targets=_targets(site),
        default_target=DEFAULT_TARGET,
        days=days,
    )


def centre_table(
    unit: Unit, site: Site, first: date, last: date, by: Grouping, now: datetime
) -> Statistics:
    """The groups' rows and the total alone: what the supervisor's live view shows of
    today, on every change in the hall."""
    ensure_period(first, last)
    calendar = site.calendar
    fingerprint = _fingerprint(site)
    period, before_today = _days(first, last, calendar.service_day(now))
    closed = unit.statistics.closed(first, before_today, by.value, fingerprint)
    counted = [group for text in closed.values() for group in decode_groups(text)]
    live_days = [day for day in period if day not in closed]
    live = _groups(unit, site, first, last, by, live_days) if live_days else []
    groups = {g.key: g for g in merged([*counted, *live])}
    for key, counts in unit.statistics.ratings(first, last, by, calendar.tz).items():
        groups.setdefault(key, Group(key)).ratings = counts
    return statistics(groups.values(), first, last, by)


def centre_statistics(
    unit: Unit, site: Site, first: date, last: date, by: Grouping, now: datetime
) -> Statistics:
    """The table, and each workplace's time, the survey and the self-service help."""
    table = centre_table(unit, site, first, last, by, now)
    calendar = site.calendar
    period, before_today = _days(first, last, calendar.service_day(now))
    since = datetime.combine(first, time(0), calendar.tz)
    until = datetime.combine(last + timedelta(days=1), time(0), calendar.tz)
    pauses = unit.statistics.pauses(since, until)

    # The opening hours so far: a pause left on over a weekend is no paused time, and the rest
    # of today is not idle yet.
    def spans(day: date) -> list[tuple[datetime, datetime]]:
        return [(a, min(b, now)) for a, b in calendar.working_spans(day) if a < now]

    paused = paused_by_day(pauses, spans, calendar.service_day, now, first, last)
    serving = _serving(unit, first, last, before_today, period, _fingerprint(site))
    return replace(
        table,
        survey=unit.statistics.survey(since, until),
        assistance=unit.statistics.assistance(first, last),
        workplaces=workplace_times(serving, paused, spans),
    )


def _days(first: date, last: date, today: date) -> tuple[list[date], date]:
    """The period's days, and the last of them that may be counted already (before today)."""
    period = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return period, min(last, today - timedelta(days=1))


def _serving(
    unit: Unit, first: date, last: date, before_today: date, period: list[date], fingerprint: str
) -> dict[tuple[str, date], float]:
    """Each workplace's serving minutes by day: stored for the days that are over."""
    closed = unit.statistics.closed(first, before_today, SERVING, fingerprint)
    serving = {
        (workplace, day): minutes
        for day, text in closed.items()
        for workplace, minutes in json.loads(text).items()
    }
    live_days = [day for day in period if day not in closed]
    if live_days:
        serving.update(unit.statistics.serving_by_day(first, last, live_days))
    return serving


def close_days(unit: Unit, site: Site, now: datetime, limit: int) -> list[date]:
    """Count up to `limit` days before today that are not counted yet, every grouping; the
    days counted."""
    fingerprint = _fingerprint(site)
    today = site.calendar.service_day(now)
    days = unit.statistics.open_days(today, fingerprint, limit)
    for day in days:
        unit.statistics.lock_day(day)
        for by in Grouping:
            text = encode_groups(_groups(unit, site, day, day, by))
            unit.statistics.save_day(day, by.value, fingerprint, text, now)
        serving = {w: m for (w, _), m in unit.statistics.serving_by_day(day, day).items()}
        unit.statistics.save_day(day, SERVING, fingerprint, json.dumps(serving), now)
    return days


async def count_closed_days(transactions: Transactions, clock: Callable[[], datetime]) -> None:
    """Count the days that are over, a day a transaction, for the server's background
    (app.services.periodic.repeat)."""
    while await transactions.write(
        lambda s: s.close_statistics_days(clock(), DAYS_PER_TRANSACTION)
    ):
        await asyncio.sleep(0.01)  # let the queue's writes in between
