"""The estimated wait printed on a ticket and shown to the visitor: minutes until its call.

It plays the zone's queue forward. Each workplace serving the zone is free at some moment:
now if it is free; when its current visit is likely over if busy (a visit's mean length
less the time since the call, but never less than a quarter of it: a long visit may go on);
when it is likely back if paused (PAUSE_MINUTES after it paused, by reason). A workplace
that would be free during lunch is free when lunch ends. Then the people ahead are called
one after another by whichever workplace is free first, each keeping it for a mean visit;
the visitor is called at the next free moment after them. A regular visitor also waits for
out-of-turn visitors who come meanwhile and go first (000 p.12): at the rate they came in
the last hour, they take that share of the workplaces' time, so the wait grows by
1 / (1 − share).

A visit's mean length is from the call to the finish or the no-show, over the zone's last
SAMPLE_VISITS visits (today's; the previous days' while today has fewer than MIN_SAMPLES;
the centre file's `printing.default_service_minutes` before any). Workplaces serving the
zone: those busy or paused now and those that have called today; before any has called
today, all the centre file gives it.

It is still an estimate, said with "~". The simulated days of bench.estimate measure it:
the median error is within 3 minutes in each zone."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

SAMPLE_VISITS = 20
MIN_SAMPLES = 3
RESIDUAL = 0.25  # a visit in progress lasts at least this share of a mean visit longer
PAUSE_MINUTES = {"break": 15.0, "paperwork": 10.0, "escorting": 5.0, "other": 10.0}
GONE_AFTER = 3  # paused for this many times the usual pause: not coming back soon
MAX_PRIORITY_SHARE = 0.5


@dataclass(frozen=True)
class Desk:
    """A workplace serving the zone, as it stands now."""

    busy_minutes: float | None = None  # since it called its current visitor; None: free
    paused_minutes: float | None = None  # since it paused; None: not paused
    pause_reason: str | None = None  # app.domain.workplace.PauseReason


@dataclass(frozen=True)
class Queue:
    """What the estimate of one ticket is made of."""

    now: datetime
    ahead: int  # waiting tickets that will be called before it
    visit: float  # minutes one visit keeps a workplace, on average
    desks: Sequence[Desk]
    lunch: tuple[datetime, datetime] | None = None  # the centre's lunch break today
    priority_rate: float = 0.0  # out-of-turn tickets a minute that would go before it


def average_visit(minutes: Sequence[float], default: float) -> float:
    """The mean of the latest visits' lengths, or `default` while there are too few."""
    if len(minutes) < MIN_SAMPLES:
        return default
    return sum(minutes) / len(minutes)


def serving(desks: Sequence[Desk]) -> list[Desk]:
    """The desks that will call: a pause far longer than usual is somebody gone home."""
    return [
        d
        for d in desks
        if d.paused_minutes is None
        or d.paused_minutes < GONE_AFTER * PAUSE_MINUTES.get(d.pause_reason or "", 10.0)
    ]


def wait_minutes(queue: Queue) -> int:
    """Minutes until the visitor is likely called, rounded; 0: at once."""
    desks = serving(queue.desks)
    if not desks:
        return 0 if queue.ahead <= 0 else round(queue.ahead * queue.visit)
    visit = timedelta(minutes=max(queue.visit, 0.1))
    free = [_outside_lunch(_free_at(d, queue.now, queue.visit), queue.lunch) for d in desks]
    heapq.heapify(free)
    for _ in range(max(0, queue.ahead)):
        heapq.heappush(free, _outside_lunch(heapq.heappop(free) + visit, queue.lunch))
    minutes = (free[0] - queue.now).total_seconds() / 60
    share = min(MAX_PRIORITY_SHARE, queue.priority_rate * queue.visit / len(desks))
    return max(0, int(minutes / (1 - share) + 0.5))


def _free_at(desk: Desk, now: datetime, visit: float) -> datetime:
    if desk.paused_minutes is not None:
        back = PAUSE_MINUTES.get(desk.pause_reason or "", 10.0) - desk.paused_minutes
        return now + timedelta(minutes=max(0.0, back))
    if desk.busy_minutes is not None:
        left = max(visit - desk.busy_minutes, RESIDUAL * visit)
        return now + timedelta(minutes=left)
    return now


def _outside_lunch(at: datetime, lunch: tuple[datetime, datetime] | None) -> datetime:
    if lunch is not None and lunch[0] <= at < lunch[1]:
        return lunch[1]
    return at


def shown(estimate: int | None) -> int | None:
    """What the kiosk, the ticket and the status page say of an estimate: nothing for 0 (a
    workplace calls at once) or None (not estimated), else the minutes."""
    return estimate or None
