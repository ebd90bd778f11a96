"""The centre's numbers from its tickets: counts, times and the share called within the zone's
target wait, for any grouping. Pure: no database, clock or framework.

The repository counts in the database and hands over, per group, the counts and the measured
minutes; this module turns them into medians, 90th percentiles and shares. Numbers only: a
group is a zone, workplace, staff username, hour, day, language or category, never a
visitor's name, IIN or purpose text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.errors import BadPeriod


class Grouping(StrEnum):
    ZONE = "zone"
    WORKPLACE = "workplace"
    STAFF = "staff"
    HOUR = "hour"
    DAY = "day"
    LANGUAGE = "language"
    CATEGORY = "category"


MAX_RANGE_DAYS = 400  # a year and a quarter's margin: longer asks are refused, not slowed


@dataclass
class Group:
    """What the repository counted for one group (or the total): the counts, and the minutes
    of each measured wait (issue → first call), walk (call → start) and service (start →
    finish of a served visit)."""

    key: str
    issued: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    recalls: int = 0
    within_target: int = 0  # called within their zone's target wait
    waits: list[float] = field(default_factory=list)
    walks: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)

    def add(self, other: Group) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.waits += other.waits
        self.walks += other.walks
        self.services += other.services


COUNTS = (
    "issued",
    "called",
    "served",
    "no_show",
    "cancelled",
    "transferred",
    "recalls",
    "within_target",
)


@dataclass(frozen=True)
class Spread:
    """Median, 90th percentile (nearest rank) and maximum, in minutes; None when nothing was
    measured."""

    median: float | None = None
    p90: float | None = None
    max: float | None = None


def spread(values: Sequence[float]) -> Spread:
    if not values:
        return Spread()
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p90 = ordered[max(0, math.ceil(0.9 * n) - 1)]
    return Spread(round(median, 1), round(p90, 1), round(ordered[-1], 1))


@dataclass(frozen=True)
class Summary:
    key: str
    issued: int
    called: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    recalls: int
    wait_minutes: Spread = field(default_factory=Spread)  # issue → first call
    walk_minutes: Spread = field(default_factory=Spread)  # first call → start
    service_minutes: Spread = field(default_factory=Spread)  # start → finish
    within_target: float | None = None  # share of called visits called within the target


def summarize(group: Group) -> Summary:
    return Summary(
        key=group.key,
        issued=group.issued,
        called=group.called,
        served=group.served,
        no_show=group.no_show,
        cancelled=group.cancelled,
        transferred=group.transferred,
        recalls=group.recalls,
        wait_minutes=spread(group.waits),
        walk_minutes=spread(group.walks),
        service_minutes=spread(group.services),
        # Every called visit has a wait, and every zone a target (centre file, default 15).
        within_target=round(group.within_target / group.called, 3) if group.called else None,
    )


@dataclass(frozen=True)
class Statistics:
    first: date
    last: date
    by: Grouping
    rows: list[Summary]
    total: Summary


def statistics(groups: Iterable[Group], first: date, last: date, by: Grouping) -> Statistics:
    """Rows in key order ("" is the group with no workplace, staff or category) and the total:
    the rows' counts add up to the total's, its times are over every visit."""
    ordered = sorted(groups, key=lambda g: g.key)
    total = Group("")
    for group in ordered:
        total.add(group)
    return Statistics(first, last, by, [summarize(g) for g in ordered], summarize(total))


def ensure_period(first: date, last: date) -> None:
    """A period the statistics answer: in order, and not longer than MAX_RANGE_DAYS."""
    if first > last or (last - first).days + 1 > MAX_RANGE_DAYS:
        raise BadPeriod(first=first, last=last, days=MAX_RANGE_DAYS)
