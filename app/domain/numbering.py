"""Ticket numbers: each zone has its own range (001 p.9), numbering starts again every
centre-local day and wraps within the range, reusing a number only once its earlier ticket
is finished."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class NumberRange:
    first: int
    last: int
    prefix: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.first <= self.last:
            raise ValueError(f"range {self.first}–{self.last} is empty or negative")

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def number_at(self, position: int) -> int:
        """The number for the `position`-th ticket of the day (1-based), wrapping."""
        return self.first + (position - 1) % self.size

    def display(self, number: int) -> str:
        """What the board shows: "К-115" with a prefix letter, "115" without."""
        return f"{self.prefix}-{number}" if self.prefix else str(number)


def next_free_position(
    numbers: NumberRange, last_position: int, active_numbers: Collection[int]
) -> int | None:
    """The first position after `last_position` whose number no active ticket holds,
    or None when every number of the range is in use."""
    for step in range(1, numbers.size + 1):
        position = last_position + step
        if numbers.number_at(position) not in active_numbers:
            return position
    return None
