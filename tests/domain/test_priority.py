"""Who is called next (000 p.12): out-of-turn before regular, FIFO within a rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.priority import (
    REGULAR_RANK,
    Candidate,
    PriorityPolicy,
    consecutive_priority,
    pick_next,
)

T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
STRICT = PriorityPolicy()


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def regular(id_: int, minute: int) -> Candidate:
    return Candidate(id=id_, rank=REGULAR_RANK, issued_at=at(minute))


def priority(id_: int, minute: int, rank: int = 1) -> Candidate:
    return Candidate(id=id_, rank=rank, issued_at=at(minute))


def order(waiting: list[Candidate], policy: PriorityPolicy = STRICT) -> list[int]:
    """Call everybody one by one, as a workplace would, and return the ids in call order."""
    left = list(waiting)
    ranks_newest_first: list[int] = []
    called: list[int] = []
    while (chosen := pick_next(left, consecutive_priority(ranks_newest_first), policy)) is not None:
        called.append(chosen.id)
        ranks_newest_first.insert(0, chosen.rank)
        left.remove(chosen)
    return called


def test_nobody_waiting_gives_none() -> None:
    assert pick_next([], 0, STRICT) is None
    assert pick_next([], 5, PriorityPolicy(1)) is None


def test_regular_tickets_in_order_of_issue() -> None:
    """000 p.12: receptions follow the order in which people applied."""
    assert order([regular(3, 2), regular(1, 0), regular(2, 1)]) == [1, 2, 3]


def test_out_of_turn_is_called_before_regular_even_if_issued_later() -> None:
    """000 p.12: the listed categories are received out of turn."""
    assert order([regular(1, 0), regular(2, 1), priority(3, 30)]) == [3, 1, 2]


def test_out_of_turn_tickets_are_fifo_among_themselves() -> None:
    waiting = [priority(5, 20), regular(1, 0), priority(4, 10), priority(6, 30)]
    assert order(waiting) == [4, 5, 6, 1]


def test_higher_rank_first_then_fifo() -> None:
    waiting = [
        priority(1, 0, rank=1),
        priority(2, 1, rank=3),
        priority(3, 2, rank=2),
        priority(4, 3, rank=3),
        regular(5, -10),
    ]
    assert order(waiting) == [2, 4, 3, 1, 5]


def test_same_issue_time_falls_back_to_id() -> None:
    assert order([regular(9, 0), regular(7, 0), regular(8, 0)]) == [7, 8, 9]


def test_strict_policy_never_lets_a_regular_ticket_jump() -> None:
    waiting = [regular(1, 0)] + [priority(10 + i, i + 1) for i in range(6)]
    assert order(waiting) == [10, 11, 12, 13, 14, 15, 1]
    chosen = pick_next(waiting, 1000, STRICT)
    assert chosen is not None
    assert chosen.id == 10


def test_max_consecutive_priority_lets_one_regular_through() -> None:
    waiting = [regular(1, 0), regular(2, 1)] + [priority(10 + i, 5 + i) for i in range(5)]
    assert order(waiting, PriorityPolicy(max_consecutive_priority=2)) == [10, 11, 1, 12, 13, 2, 14]


def test_max_consecutive_priority_of_one_alternates() -> None:
    waiting = [regular(1, 0), regular(2, 1), priority(10, 5), priority(11, 6)]
    assert order(waiting, PriorityPolicy(max_consecutive_priority=1)) == [10, 1, 11, 2]


def test_due_regular_with_no_regular_waiting_calls_the_out_of_turn_ticket() -> None:
    waiting = [priority(10, 0), priority(11, 1)]
    chosen = pick_next(waiting, 5, PriorityPolicy(max_consecutive_priority=2))
    assert chosen is not None
    assert chosen.id == 10


def test_due_regular_takes_the_longest_waiting_regular() -> None:
    waiting = [regular(2, 3), priority(10, 0), regular(1, 2)]
    chosen = pick_next(waiting, 3, PriorityPolicy(max_consecutive_priority=3))
    assert chosen is not None
    assert chosen.id == 1


@pytest.mark.parametrize(
    ("limit", "consecutive", "due"),
    [(None, 0, False), (None, 99, False), (2, 0, False), (2, 1, False), (2, 2, True), (2, 3, True)],
)
def test_regular_is_due(limit: int | None, consecutive: int, due: bool) -> None:
    assert PriorityPolicy(limit).regular_is_due(consecutive) is due


@pytest.mark.parametrize(
    ("ranks", "count"),
    [([], 0), ([0], 0), ([1], 1), ([1, 2, 1], 3), ([2, 1, 0, 1, 1], 2), ([0, 1, 1], 0)],
)
def test_consecutive_priority_counts_the_latest_run(ranks: list[int], count: int) -> None:
    assert consecutive_priority(ranks) == count
