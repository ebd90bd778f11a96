"""Spreading accepted requests over the approved schedule in order of turn (000 p.28):
the earlier registered first, each to the first free time of its official."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class ReceptionHours:
    """One official's reception on one day of an approved schedule."""

    day_id: int
    official_id: int
    day: date
    starts: time
    ends: time
    slot_minutes: int

    def slots(self) -> list[time]:
        """The start of every whole slot between `starts` and `ends`."""
        found: list[time] = []
        moment = datetime.combine(self.day, self.starts)
        step = timedelta(minutes=self.slot_minutes)
        end = datetime.combine(self.day, self.ends)
        while moment + step <= end:
            found.append(moment.time())
            moment += step
        return found


@dataclass(frozen=True)
class Candidate:
    """An accepted request waiting for a day and time."""

    request_id: int
    official_id: int
    registered_on: date
    received_at: datetime

    @property
    def turn(self) -> tuple[date, datetime, int]:
        """Order of turn: registration day, then the moment received, then the id."""
        return (self.registered_on, self.received_at, self.request_id)


@dataclass(frozen=True)
class Allocation:
    request_id: int
    day_id: int
    day: date
    at: time


def allocate(
    candidates: Iterable[Candidate],
    days: Sequence[ReceptionHours],
    taken: Iterable[tuple[int, time]],
    earliest: date,
) -> tuple[list[Allocation], list[Candidate]]:
    """(allocations in order of turn, candidates left without a free time).

    A request goes to a day on or after `earliest` and never before it was registered.
    `taken` are the (day_id, time) pairs already booked."""
    busy = set(taken)
    ordered_days = sorted(days, key=lambda d: (d.day, d.starts, d.day_id))
    allocations: list[Allocation] = []
    left: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.turn):
        found = _first_free(candidate, ordered_days, busy, max(earliest, candidate.registered_on))
        if found is None:
            left.append(candidate)
            continue
        busy.add((found.day_id, found.at))
        allocations.append(found)
    return allocations, left


def _first_free(
    candidate: Candidate,
    days: Sequence[ReceptionHours],
    busy: set[tuple[int, time]],
    earliest: date,
) -> Allocation | None:
    for hours in days:
        if hours.official_id != candidate.official_id or hours.day < earliest:
            continue
        for at in hours.slots():
            if (hours.day_id, at) not in busy:
                return Allocation(candidate.request_id, hours.day_id, hours.day, at)
    return None
