"""The centre's statistics for a period: the repository counts by the chosen grouping (with
the centre's local hours and each zone's target wait), the pure core (app.domain.statistics)
turns the counts and minutes into the table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from app.config.centre import Zone
from app.domain.statistics import Grouping, Statistics, ensure_period, statistics
from app.repositories.unit import Unit
from app.services.site import Site

# For tickets of a zone no longer in the centre file: the file's own default.
DEFAULT_TARGET: int = Zone.model_fields["target_wait_minutes"].default


def centre_statistics(unit: Unit, site: Site, first: date, last: date, by: Grouping) -> Statistics:
    ensure_period(first, last)
    targets = {z.code: z.target_wait_minutes for z in site.centre.zones}
    groups = unit.statistics.groups(
        first, last, by, tz=site.calendar.tz, targets=targets, default_target=DEFAULT_TARGET
    )
    table = statistics(groups, first, last, by)
    tz = site.calendar.tz
    since = datetime.combine(first, time(0), tz)
    until = datetime.combine(last + timedelta(days=1), time(0), tz)
    return replace(
        table,
        survey=unit.statistics.survey(since, until),
        assistance=unit.statistics.assistance(first, last),
    )
