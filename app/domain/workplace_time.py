"""How each workplace spent the centre's opening hours over a period (issue 13.1): serving
(from the start to the finish of its visits), paused (its pauses, clipped to the opening
hours) and idle (the rest of the opening hours of the days it worked: waiting for a visitor,
the walk to the window included). A day it neither served nor paused is not counted: the
workplace was not staffed. Pure: the caller brings the minutes, the pauses and the hours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

Spans = Callable[[date], list[tuple[datetime, datetime]]]


@dataclass(frozen=True)
class Pause:
    workplace: str
    start: datetime
    end: datetime | None  # still paused


@dataclass(frozen=True)
class WorkplaceTime:
    workplace: str
    days: int  # the days it served or paused on
    serving: float  # minutes
    paused: float
    idle: float


def overlap_minutes(
    start: datetime, end: datetime, spans: Iterable[tuple[datetime, datetime]]
) -> float:
    total = 0.0
    for span_start, span_end in spans:
        later, earlier = min(end, span_end), max(start, span_start)
        if later > earlier:
            total += (later - earlier).total_seconds() / 60
    return total


def paused_by_day(
    pauses: Iterable[Pause],
    spans_of: Spans,
    local_day: Callable[[datetime], date],
    now: datetime,
    first: date,
    last: date,
) -> dict[tuple[str, date], float]:
    """Each pause's minutes within the opening hours, by workplace and day of the period; an
    open pause runs to `now`."""
    minutes: dict[tuple[str, date], float] = defaultdict(float)
    for pause in pauses:
        end = pause.end or now
        day = max(local_day(pause.start), first)
        while day <= min(local_day(end), last):
            inside = overlap_minutes(pause.start, end, spans_of(day))
            if inside:
                minutes[pause.workplace, day] += inside
            day += timedelta(days=1)
    return minutes


def workplace_times(
    serving: Mapping[tuple[str, date], float],
    paused: Mapping[tuple[str, date], float],
    spans_of: Spans,
) -> list[WorkplaceTime]:
    """Per workplace, in code order: the sums over the days it worked; each day's idle time is
    its opening hours less its serving and paused time, never below zero."""
    days: dict[str, set[date]] = defaultdict(set)
    for workplace, day in (*serving, *paused):
        days[workplace].add(day)
    times = []
    for workplace in sorted(days):
        served = sum(serving.get((workplace, d), 0.0) for d in days[workplace])
        stopped = sum(paused.get((workplace, d), 0.0) for d in days[workplace])
        idle = 0.0
        for day in days[workplace]:
            hours = sum((b - a).total_seconds() / 60 for a, b in spans_of(day))
            used = serving.get((workplace, day), 0.0) + paused.get((workplace, day), 0.0)
            idle += max(0.0, hours - used)
        times.append(
            WorkplaceTime(
                workplace, len(days[workplace]), round(served, 1), round(stopped, 1), round(idle, 1)
            )
        )
    return times
