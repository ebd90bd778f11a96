"""The estimated wait printed on a ticket and shown to the visitor.

Deliberately simple, and said with "~": people ahead × the minutes one visit of the zone has
taken on average today (its last SAMPLE_VISITS finished visits, from start to finish; the
centre file's `printing.default_service_minutes` until there are MIN_SAMPLES), divided by
the number of workplaces that serve the zone. It ignores pauses, out-of-turn arrivals and
lunch, so it is a hint, not a promise; with nobody ahead there is no estimate."""

from __future__ import annotations

import math
from collections.abc import Sequence

SAMPLE_VISITS = 20
MIN_SAMPLES = 3


def average_visit(minutes: Sequence[float], default: float) -> float:
    """The mean of the latest visits' lengths, or `default` while there are too few."""
    if len(minutes) < MIN_SAMPLES:
        return default
    return sum(minutes) / len(minutes)


def wait_minutes(ahead: int, average: float, workplaces: int) -> int | None:
    """Minutes until the visitor is likely called; None when nobody is ahead."""
    if ahead <= 0:
        return None
    return math.ceil(ahead * average / max(1, workplaces))
