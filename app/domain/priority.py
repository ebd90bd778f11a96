"""Who is called next: out-of-turn categories (000 p.12) before regular tickets, first come
first served within each rank.

The law says such visitors are received out of turn, so the default policy is strict.
A centre may set `max_consecutive_priority`: after that many out-of-turn calls in a row in
a zone, the longest-waiting regular ticket is called once, so a hall full of out-of-turn
tickets cannot hold regular visitors back all day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

REGULAR_RANK = 0


@dataclass(frozen=True)
class PriorityPolicy:
    max_consecutive_priority: int | None = None  # None: strict

    def regular_is_due(self, consecutive_priority_calls: int) -> bool:
        limit = self.max_consecutive_priority
        return limit is not None and consecutive_priority_calls >= limit


@dataclass(frozen=True)
class Candidate:
    id: int
    rank: int  # REGULAR_RANK, or a category's rank (higher is called first)
    issued_at: datetime


def queue_key(candidate: Candidate) -> tuple[int, datetime, int]:
    return (-candidate.rank, candidate.issued_at, candidate.id)


def pick_next(
    waiting: Sequence[Candidate], consecutive_priority_calls: int, policy: PriorityPolicy
) -> Candidate | None:
    if not waiting:
        return None
    if policy.regular_is_due(consecutive_priority_calls):
        regular = [c for c in waiting if c.rank == REGULAR_RANK]
        if regular:
            return min(regular, key=queue_key)
    return min(waiting, key=queue_key)


def consecutive_priority(recent_ranks_newest_first: Sequence[int]) -> int:
    """How many of the zone's latest calls in a row were out of turn."""
    count = 0
    for rank in recent_ranks_newest_first:
        if rank == REGULAR_RANK:
            break
        count += 1
    return count
