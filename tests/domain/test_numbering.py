"""Ticket numbers per zone (001 p.9): a range per zone, wrap-around, skipping active numbers."""

from __future__ import annotations

import pytest

from app.domain.numbering import NumberRange, next_free_position


def test_numbers_start_at_the_range_start_and_count_up() -> None:
    """001 p.9: each zone numbers its tickets within its own range."""
    numbers = NumberRange(100, 399)
    assert [numbers.number_at(p) for p in (1, 2, 3)] == [100, 101, 102]
    assert numbers.number_at(300) == 399
    assert numbers.size == 300


def test_numbers_wrap_to_the_range_start_after_the_last() -> None:
    numbers = NumberRange(7, 9)
    assert [numbers.number_at(p) for p in range(1, 8)] == [7, 8, 9, 7, 8, 9, 7]


def test_a_one_number_range_always_gives_that_number() -> None:
    numbers = NumberRange(5, 5)
    assert numbers.size == 1
    assert {numbers.number_at(p) for p in range(1, 5)} == {5}


@pytest.mark.parametrize(("first", "last"), [(10, 9), (-1, 5), (-3, -1)])
def test_an_empty_or_negative_range_is_refused(first: int, last: int) -> None:
    with pytest.raises(ValueError, match="empty or negative"):
        NumberRange(first, last)


def test_zero_is_a_valid_first_number() -> None:
    assert NumberRange(0, 2).number_at(1) == 0


@pytest.mark.parametrize(
    ("prefix", "number", "shown"),
    [("", 115, "115"), ("К", 115, "К-115"), ("Қ", 7, "Қ-7"), ("AB", 400, "AB-400")],
)
def test_display_with_and_without_prefix(prefix: str, number: int, shown: str) -> None:
    assert NumberRange(0, 999, prefix).display(number) == shown


def test_next_free_position_is_the_next_one_when_nothing_is_active() -> None:
    numbers = NumberRange(1, 3)
    assert next_free_position(numbers, 0, set()) == 1
    assert next_free_position(numbers, 3, set()) == 4  # position 4 wraps to number 1
    assert numbers.number_at(4) == 1


def test_next_free_position_skips_numbers_still_active() -> None:
    numbers = NumberRange(1, 3)
    # Positions 1..3 handed out; numbers 1 and 2 still waiting, 3 is done.
    position = next_free_position(numbers, 3, {1, 2})
    assert position == 6
    assert numbers.number_at(position) == 3


def test_next_free_position_keeps_going_around_more_than_once() -> None:
    numbers = NumberRange(10, 13)
    position = next_free_position(numbers, 9, {11, 12, 13})  # 9 → number 10 was the last
    assert position is not None
    assert numbers.number_at(position) == 10
    assert position == 13


def test_next_free_position_is_none_when_every_number_is_active() -> None:
    numbers = NumberRange(1, 3)
    assert next_free_position(numbers, 3, {1, 2, 3}) is None
    assert next_free_position(numbers, 7, [3, 2, 1]) is None


def test_numbers_outside_the_range_do_not_block_it() -> None:
    numbers = NumberRange(1, 2)
    assert next_free_position(numbers, 2, {3, 4, 100}) == 3
