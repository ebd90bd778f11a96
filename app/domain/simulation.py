"""A simulated day of a centre, the pure part: who comes when and why, how long each visit
takes, what becomes of it, and when the workplaces pause. Everything is drawn from the
`random.Random` passed in, so one seed gives one day; the times are the centre-local instants
passed in (app.services.simulation plays the day through the real queue).

The figures are a plausible busy district centre, not measurements: arrivals peak at 10–12
and 15–17 with a lunch dip; a consultation takes about 8 minutes (lognormal: most are short,
a few are long), self-service 5, a personal reception 15; one visitor in twenty does not come
when called, one in thirty is sent to another zone, a few give up waiting."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from app.domain.calendar import WorkingCalendar

T = TypeVar("T")

# Relative arrivals per local hour (13: the dip of a centre that stays open at lunch).
HOURLY = {9: 0.6, 10: 1.3, 11: 1.4, 12: 1.0, 13: 0.5, 14: 0.9, 15: 1.2, 16: 1.1, 17: 0.7, 18: 0.3}
# Mondays bring the weekend's questions; Fridays are quieter.
WEEKDAY = (1.15, 1.0, 1.0, 0.95, 0.9, 0.8, 0.8)
LANGUAGES = (("kk", 0.55), ("ru", 0.40), ("en", 0.05))
PRIORITY_SHARE = 0.05  # out-of-turn visitors (000 p.12)
# Out-of-turn categories a centre meets most; any other category of the centre file counts 1.
CATEGORY_WEIGHTS = {"labour_veteran": 4.0, "disability": 4.0, "pregnant": 2.0}
NO_SHOW_SHARE = 0.05
TRANSFER_SHARE = 0.03
SLOW_SHARE = 0.08  # called twice before they come
IMPATIENT_SHARE = 0.25  # leave if not called within PATIENCE minutes
PATIENCE = (40.0, 120.0)


@dataclass(frozen=True)
class Traffic:
    """A zone's visitors on an ordinary Tuesday and their visits' length."""

    per_day: float
    median_minutes: float
    spread: float  # sigma of the visit length's logarithm
    purposes: tuple[tuple[str | None, float], ...] = ((None, 1.0),)


TRAFFIC = {
    "consultation": Traffic(
        115,
        8.0,
        0.5,
        (("consultation", 0.6), ("appeal_on_paper", 0.25), ("booking_or_complaint", 0.15)),
    ),
    "self_service": Traffic(55, 5.0, 0.45, (("appeal_no_text", 1.0),)),
    "personal_reception": Traffic(36, 15.0, 0.4, (("booked_reception", 1.0),)),
}
# A zone of another centre file: this many visitors a day per workplace serving it.
PER_WORKPLACE = 35.0
DEFAULT_MEDIAN = 10.0
# Where a visitor is sent on (001 p.8): to file an appeal without a text, or to an official.
TRANSFERS = {
    "consultation": (("self_service", 0.6), ("personal_reception", 0.4)),
    "self_service": (("consultation", 1.0),),
    "personal_reception": (("consultation", 1.0),),
}
BREAKS = ((10.5, 11.5), (15.5, 16.5))  # a morning and an afternoon break, local hours
BREAK_MINUTES = (10.0, 15.0)
BREAK_SHARE = 0.8
PAPERWORK_SHARE = 0.4
PAPERWORK_MINUTES = (5.0, 10.0)


def traffic_of(zone: str, workplaces: int) -> Traffic:
    known = TRAFFIC.get(zone)
    return known or Traffic(PER_WORKPLACE * max(1, workplaces), DEFAULT_MEDIAN, 0.5)


def pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    """One of the choices, as likely as its weight."""
    total = sum(weight for _, weight in weighted)
    point = rng.random() * total
    for choice, weight in weighted:
        point -= weight
        if point < 0:
            return choice
    return weighted[-1][0]


@dataclass(frozen=True)
class Arrival:
    at: datetime
    zone: str
    purpose: str | None
    language: str
    priority: str | None
    patience: float | None  # minutes before they give up waiting; None: they stay


def arrivals(
    rng: random.Random,
    periods: Sequence[tuple[datetime, datetime]],
    zones: dict[str, Traffic],
    categories: Sequence[str],
) -> list[Arrival]:
    """The day's visitors, in order of arrival, within the open `periods` (local instants).
    Each zone's arrivals are a Poisson process whose rate follows HOURLY (piecewise constant
    per hour, so exponential gaps are exact within each hour), scaled so that a whole day
    brings `per_day` × the weekday's factor × a day-to-day wobble of ±10 %."""
    if not periods:
        return []
    weekday = WEEKDAY[periods[0][0].weekday()]
    segments = [s for start, end in periods for s in _hours(start, end)]
    weight = sum(HOURLY.get(s.hour, 0.0) * (e - s).total_seconds() / 60 for s, e in segments)
    if weight <= 0:
        return []
    found: list[Arrival] = []
    for zone, traffic in zones.items():
        per_day = traffic.per_day * weekday * rng.uniform(0.9, 1.1)
        for start, end in segments:
            rate = per_day * HOURLY.get(start.hour, 0.0) / weight  # visitors a minute
            if rate <= 0:
                continue
            at = start
            while True:
                at += timedelta(minutes=rng.expovariate(rate))
                if at >= end:
                    break
                found.append(_visitor(rng, at, zone, traffic, categories))
    return sorted(found, key=lambda a: (a.at, a.zone))


def _hours(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """[start, end) cut at each full hour."""
    cuts, at = [], start
    while at < end:
        following = min(end, at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
        cuts.append((at, following))
        at = following
    return cuts


def _visitor(
    rng: random.Random, at: datetime, zone: str, traffic: Traffic, categories: Sequence[str]
) -> Arrival:
    priority = None
    if categories and rng.random() < PRIORITY_SHARE:
        priority = pick(rng, [(c, CATEGORY_WEIGHTS.get(c, 1.0)) for c in categories])
    patience = rng.uniform(*PATIENCE) if rng.random() < IMPATIENT_SHARE else None
    return Arrival(
        at=at,
        zone=zone,
        purpose=pick(rng, traffic.purposes),
        language=pick(rng, LANGUAGES),
        priority=priority,
        patience=patience,
    )


def visit_minutes(rng: random.Random, traffic: Traffic) -> float:
    """From start to finish: lognormal around the zone's median, within [0.5, 6 × median]."""
    drawn = rng.lognormvariate(math.log(traffic.median_minutes), traffic.spread)
    return min(max(drawn, 0.5), 6 * traffic.median_minutes)


def walk_minutes(rng: random.Random) -> float:
    """From the call to the workplace's Start: the walk from the hall, 0.2–4 minutes."""
    return min(max(rng.lognormvariate(math.log(0.6), 0.5), 0.2), 4.0)


def gap_minutes(rng: random.Random) -> float:
    """Between a Finish and the next call: a note typed, a click."""
    return rng.uniform(0.1, 0.5)


class Fate(StrEnum):
    SERVED = "served"
    SLOW = "slow"  # recalled once, then comes
    NO_SHOW = "no_show"  # recalled once or twice, then marked a no-show
    TRANSFER = "transfer"  # sent to another zone during the visit


def fate(rng: random.Random, *, transferable: bool) -> Fate:
    """What becomes of a called visitor; a visitor already sent on is not sent again."""
    point = rng.random()
    if point < NO_SHOW_SHARE:
        return Fate.NO_SHOW
    if transferable and point < NO_SHOW_SHARE + TRANSFER_SHARE:
        return Fate.TRANSFER
    if point < NO_SHOW_SHARE + TRANSFER_SHARE + SLOW_SHARE:
        return Fate.SLOW
    return Fate.SERVED


def transfer_target(rng: random.Random, zone: str, issuing: Sequence[str]) -> str | None:
    """The zone a visitor of `zone` is sent to; None when there is no other."""
    known = [(z, w) for z, w in TRANSFERS.get(zone, ()) if z in issuing]
    if known:
        return pick(rng, known)
    others = [(z, 1.0) for z in issuing if z != zone]
    return pick(rng, others) if others else None


OUTCOME_WEIGHTS = {
    "consulted": 0.6,
    "appeal_accepted": 0.2,
    "booking_request_taken": 0.08,
    "sent_to_self_service": 0.05,
    "received": 0.95,
    "other": 0.05,
}


def outcome(rng: random.Random, offered: Sequence[str]) -> str:
    """How a visit ended, among the outcomes the workplace offers."""
    return pick(rng, [(o, OUTCOME_WEIGHTS.get(o, 0.05)) for o in offered])


@dataclass(frozen=True)
class PlannedPause:
    at: datetime  # from then on, once the visit in progress ends
    minutes: float
    reason: str  # app.domain.workplace.PauseReason


def pauses(rng: random.Random, periods: Sequence[tuple[datetime, datetime]]) -> list[PlannedPause]:
    """A workplace's pauses of the day besides lunch: usually a morning and an afternoon
    break, sometimes a spell of paperwork; each starts within an open period."""

    def within(at: datetime) -> bool:
        return any(start <= at < end for start, end in periods)

    if not periods:
        return []
    day = periods[0][0].replace(hour=0, minute=0, second=0, microsecond=0)
    planned = []
    for first, last in BREAKS:
        if rng.random() < BREAK_SHARE:
            at = day + timedelta(hours=rng.uniform(first, last))
            planned.append(PlannedPause(at, rng.uniform(*BREAK_MINUTES), "break"))
    if rng.random() < PAPERWORK_SHARE:
        start, end = periods[0][0], periods[-1][1]
        at = start + (end - start) * rng.random()
        planned.append(PlannedPause(at, rng.uniform(*PAPERWORK_MINUTES), "paperwork"))
    return sorted((p for p in planned if within(p.at)), key=lambda p: p.at)


def past_working_days(calendar: WorkingCalendar, today: date, count: int) -> list[date]:
    """The `count` working days before `today`, oldest first."""
    days, day = [], today
    for _ in range(count):
        day = calendar.subtract_working_days(day, 1)
        days.append(day)
    return days[::-1]
