"""The periods of the centre's reports: a quarter (000 p.40) or a half-year (003 App.2
p.7(6)) of one year, whole calendar months. Pure: no database, clock or framework."""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import Refusal
from app.domain.text import N_

# The years the centre's dates may lie in (app.schemas.fields: 2000–2099).
FIRST_YEAR, LAST_YEAR = 2000, 2099


class ReportKind(StrEnum):
    QUARTER = "quarter"  # 000 p.40: at least once a quarter
    HALF_YEAR = "half_year"  # 003 App.2 p.7(6): once every six months

    @property
    def months(self) -> int:
        return 3 if self is ReportKind.QUARTER else 6

    @property
    def per_year(self) -> int:
        return 12 // self.months


class YearOutOfReach(Refusal):
    status_code = 422
    code = "report_year_out_of_reach"
    template = N_("Reports cover the years {first} to {last}; {year} is not one of them.")


class NoSuchQuarter(Refusal):
    status_code = 422
    code = "no_such_quarter"
    template = N_("A year has quarters 1 to 4; there is no quarter {number}.")


class NoSuchHalf(Refusal):
    status_code = 422
    code = "no_such_half"
    template = N_("A year has two halves, 1 and 2; there is no half {number}.")


ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """A quarter or half of a year. Build it with `period()`, which checks it."""

    kind: ReportKind
    year: int
    number: int  # 1–4 for a quarter, 1–2 for a half

    @property
    def first(self) -> date:
        return date(self.year, (self.number - 1) * self.kind.months + 1, 1)

    @property
    def last(self) -> date:
        month = self.number * self.kind.months
        return date(self.year, month, gregorian.monthrange(self.year, month)[1])

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of each month of the period, in order."""
        start = self.first.month
        return tuple(date(self.year, m, 1) for m in range(start, start + self.kind.months))

    @property
    def key(self) -> str:
        """As in the file name: 2026-Q4, 2026-H2."""
        letter = "Q" if self.kind is ReportKind.QUARTER else "H"
        return f"{self.year}-{letter}{self.number}"

    @property
    def roman(self) -> str:
        return ROMAN[self.number - 1]

    def shifted(self, by: int) -> Period | None:
        """The period `by` periods of its kind later (earlier when negative); None outside the
        years reports cover."""
        index = self.year * self.kind.per_year + self.number - 1 + by
        year, number = divmod(index, self.kind.per_year)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        return Period(self.kind, year, number + 1)


def period(kind: ReportKind, year: int, number: int) -> Period:
    """The quarter or half `number` of `year`, or a refusal saying what is wrong. A period
    still to come is allowed: its report is empty."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearOutOfReach(first=FIRST_YEAR, last=LAST_YEAR, year=year)
    if not 1 <= number <= kind.per_year:
        raise (NoSuchQuarter if kind is ReportKind.QUARTER else NoSuchHalf)(number=number)
    return Period(kind, year, number)


def last_finished(kind: ReportKind, today: date) -> Period:
    """The last whole quarter or half before the one `today` is in: the report one makes now."""
    current = Period(kind, today.year, (today.month - 1) // kind.months + 1)
    before = current.shifted(-1)
    return before if before is not None else current


def month_of(day: date) -> date:
    return day.replace(day=1)
