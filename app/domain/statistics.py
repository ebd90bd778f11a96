"""The centre's numbers from its tickets: counts, times and the share called within the zone's
target wait, for any grouping. Pure: no database, clock or framework.

The repository counts in the database and hands over, per group, the counts and the measured
minutes; this module turns them into medians, 90th percentiles and shares. Numbers only: a
group is a zone, workplace, staff username, hour, day, language or category, never a
visitor's name, IIN or purpose text.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.errors import BadPeriod
from app.domain.feedback import SCORES
from app.domain.workplace_time import WorkplaceTime


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
    finish of a served visit) as tallies of tenths of a minute (the page shows tenths): a
    year's 300,000 waits are some thousands of distinct values to order, not 300,000."""

    key: str
    issued: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    recalls: int = 0
    within_target: int = 0  # called within their zone's target wait
    # Visitors' ratings (000 p.38): how many gave 1, 2, 3, 4 and 5 stars.
    ratings: list[int] = field(default_factory=lambda: [0] * len(SCORES))
    waits: Counter[float] = field(default_factory=Counter)
    walks: Counter[float] = field(default_factory=Counter)
    services: Counter[float] = field(default_factory=Counter)
    # |estimated − actual wait| of the called visits whose estimate was recorded (issue 13.8)
    estimate_errors: Counter[float] = field(default_factory=Counter)

    def add(self, other: Group) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ratings = [a + b for a, b in zip(self.ratings, other.ratings, strict=True)]
        for name in MEASURES:
            getattr(self, name).update(getattr(other, name))

    def measure(self, name: str, minutes: float) -> None:
        """Tally one measured time (negative clock skew counts as none)."""
        getattr(self, name)[round(max(0.0, minutes), 1)] += 1


MEASURES = ("waits", "walks", "services", "estimate_errors")
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


def spread(tally: Mapping[float, int]) -> Spread:
    n = sum(tally.values())
    if not n:
        return Spread()
    ordered = sorted(tally.items())

    def at(rank: int) -> float:
        """The value at 0-based `rank` of all the tallied values in order."""
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    middle = n // 2
    median = at(middle) if n % 2 else (at(middle - 1) + at(middle)) / 2
    p90 = at(max(0, math.ceil(0.9 * n) - 1))
    return Spread(round(median, 1), round(p90, 1), round(ordered[-1][0], 1))


_SCORE_KEYS: tuple[str, ...] = tuple(str(score) for score in SCORES)


@dataclass(frozen=True)
class Satisfaction:
    """Ratings given: how many, their mean (None without one) and how many of each score."""

    count: int = 0
    mean: float | None = None
    distribution: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SCORE_KEYS, 0))


def satisfaction(counts: Sequence[int]) -> Satisfaction:
    """From the number of ratings of each score, lowest first."""
    count = sum(counts)
    points = sum(score * n for score, n in zip(SCORES, counts, strict=True))
    return Satisfaction(
        count=count,
        mean=round(points / count, 2) if count else None,
        distribution=dict(zip(_SCORE_KEYS, counts, strict=True)),
    )


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
    satisfaction: Satisfaction = field(default_factory=Satisfaction)
    # How far the wait estimated at issue was from the real one: minutes off, and the share
    # of estimates within ESTIMATE_CLOSE minutes.
    estimate_error_minutes: Spread = field(default_factory=Spread)
    estimate_within_5: float | None = None


ESTIMATE_CLOSE = 5  # minutes either way: "the estimate was right" for the visitor


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
        satisfaction=satisfaction(group.ratings),
        estimate_error_minutes=spread(group.estimate_errors),
        estimate_within_5=_share(group.estimate_errors, ESTIMATE_CLOSE),
    )


def _share(errors: Mapping[float, int], close: float) -> float | None:
    n = sum(errors.values())
    if not n:
        return None
    return round(sum(c for e, c in errors.items() if e <= close) / n, 3)


@dataclass(frozen=True)
class SurveyTally:
    """The telephone survey's calls of the samples drawn in the period, of one kind
    (000 p.38): drawn, recorded, by result, and how satisfied those reached said they were."""

    kind: str
    drawn: int
    called: int
    reached: int
    not_reached: int
    declined: int
    satisfaction: Satisfaction


@dataclass(frozen=True)
class AssistanceTally:
    """The self-service zone's help of one kind in the period (001 p.11)."""

    kind: str
    count: int
    completed: int


@dataclass(frozen=True)
class Statistics:
    first: date
    last: date
    by: Grouping
    rows: list[Summary]
    total: Summary
    survey: list[SurveyTally] = field(default_factory=list)
    assistance: list[AssistanceTally] = field(default_factory=list)
    workplaces: list[WorkplaceTime] = field(default_factory=list)


def statistics(groups: Iterable[Group], first: date, last: date, by: Grouping) -> Statistics:
    """Rows in key order ("" is the group with no workplace, staff or category) and the total:
    the rows' counts add up to the total's, its times are over every visit."""
    ordered = sorted(groups, key=lambda g: g.key)
    total = Group("")
    for group in ordered:
        total.add(group)
    return Statistics(first, last, by, [summarize(g) for g in ordered], summarize(total))


def encode_groups(groups: Iterable[Group]) -> str:
    """A closed day's groups as JSON, to count it once (app.tables.statistics). The ratings
    are not kept: they still come in after the day, and are counted live."""
    return json.dumps(
        [
            {
                "key": g.key,
                "counts": [getattr(g, name) for name in COUNTS],
                **{name: sorted(getattr(g, name).items()) for name in MEASURES},
            }
            for g in groups
        ],
        separators=(",", ":"),
    )


def decode_groups(text: str) -> list[Group]:
    groups = []
    for item in json.loads(text):
        group = Group(item["key"], **dict(zip(COUNTS, item["counts"], strict=True)))
        for name in MEASURES:
            setattr(group, name, Counter(dict(item[name])))
        groups.append(group)
    return groups


def merged(groups: Iterable[Group]) -> list[Group]:
    """The groups of several days added up by key."""
    by_key: dict[str, Group] = {}
    for group in groups:
        if group.key in by_key:
            by_key[group.key].add(group)
        else:
            by_key[group.key] = group
    return list(by_key.values())


STORED_FORMAT = 1  # of encode_groups: a day stored in another is counted again


def targets_fingerprint(targets: dict[str, int], default: int, tz: str) -> str:
    """What a closed day's counts depend on besides its tickets: the stored format, the time
    zone (the hour grouping) and the target waits. A day counted under another is counted
    again."""
    pairs = ",".join(f"{zone}={minutes}" for zone, minutes in sorted(targets.items()))
    text = f"v{STORED_FORMAT};{tz};{pairs};{default}"
    return hashlib.sha256(text.encode()).hexdigest()


def ensure_period(first: date, last: date) -> None:
    """A period the statistics answer: in order, and not longer than MAX_RANGE_DAYS."""
    if first > last or (last - first).days + 1 > MAX_RANGE_DAYS:
        raise BadPeriod(first=first, last=last, days=MAX_RANGE_DAYS)
