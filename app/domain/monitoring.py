"""Problem-issue monitoring by district or city (003 App.2 p.7(1)–(5), requirements F.39): how
many booking requests were registered and appeals filed on each topic from each district in a
period, against the period of the same length just before it. Pure: no database, clock or
framework.

The repository counts by (topic, district); this module lays the counts out as a table of the
centre file's topics (rows) by its districts (columns), adds the totals and the change against
the previous period, and grades each cell for the heat shading. A code the centre file no longer
lists keeps a row or column of its own, after the listed ones; a request filed without a topic
or district (None: "not stated") comes last. Numbers only: no applicant's name or issue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import Refusal
from app.domain.text import N_

# Shades of a cell: 0 for an empty cell, then 1 (a little) to HEAT_LEVELS (the busiest cell).
HEAT_LEVELS = 5


class What(StrEnum):
    """What the table counts."""

    REQUESTS = "requests"  # booking requests registered (000 p.25)
    APPEALS = "appeals"  # appeals filed at receptions (000 p.36)
    ALL = "all"  # both together


@dataclass(frozen=True)
class Count:
    """What the repository counted for one topic and district; None: not stated."""

    topic: str | None
    district: str | None
    count: int


@dataclass(frozen=True)
class Cell:
    """One figure of the table in the period and in the period before it."""

    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class Row:
    topic: str | None
    cells: list[Cell]  # one a district, in the order of Monitoring.districts
    total: Cell


@dataclass(frozen=True)
class Monitoring:
    first: date
    last: date
    previous_first: date
    previous_last: date
    what: What
    topics: list[str | None]  # the rows' keys, in order
    districts: list[str | None]  # the columns' keys, in order
    rows: list[Row]
    district_totals: list[Cell]  # one a district
    total: Cell
    peak: int  # the largest cell of the period: the darkest shade

    def heat(self, cell: Cell) -> int:
        return heat(cell.count, self.peak)


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period of the same number of days that ends the day before `first`."""
    length = last - first
    previous_last = first - timedelta(days=1)
    return previous_last - length, previous_last


def quarter_start(day: date) -> date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def previous_quarter(day: date) -> tuple[date, date]:
    """The whole quarter before the one `day` is in."""
    last = quarter_start(day) - timedelta(days=1)
    return quarter_start(last), last


def heat(count: int, peak: int) -> int:
    """The shade of a cell: 0 when empty, else 1–HEAT_LEVELS in proportion to the busiest
    cell (rounded up, so that a single request still shows)."""
    if count <= 0 or peak <= 0:
        return 0
    return min(HEAT_LEVELS, -(-count * HEAT_LEVELS // peak))


def axis(listed: Sequence[str], found: Iterable[str | None]) -> list[str | None]:
    """The centre file's codes in its order, then codes it no longer lists (sorted), then None
    when something was not stated."""
    seen = set(found)
    extra = sorted(k for k in seen if k is not None and k not in listed)
    return [*listed, *extra, *([None] if None in seen else [])]


def monitoring(
    current: Iterable[Count],
    previous: Iterable[Count],
    *,
    topics: Sequence[str],
    districts: Sequence[str],
    first: date,
    last: date,
    what: What,
) -> Monitoring:
    """The table of the period `first`–`last` with the change against `previous` (the counts
    of previous_period(first, last)). Every listed topic and district has its row and column,
    counted or not; the rows' totals and the columns' totals add up to the total."""
    now = tally(current)
    before = tally(previous)
    keys = [*now, *before]
    row_keys = axis(topics, (t for t, _ in keys))
    column_keys = axis(districts, (d for _, d in keys))

    def cell(topic: str | None, district: str | None) -> Cell:
        return Cell(now.get((topic, district), 0), before.get((topic, district), 0))

    rows = []
    for topic in row_keys:
        cells = [cell(topic, district) for district in column_keys]
        rows.append(Row(topic, cells, _sum(cells)))
    columns = [_sum([row.cells[i] for row in rows]) for i in range(len(column_keys))]
    previous_first, previous_last = previous_period(first, last)
    return Monitoring(
        first=first,
        last=last,
        previous_first=previous_first,
        previous_last=previous_last,
        what=what,
        topics=row_keys,
        districts=column_keys,
        rows=rows,
        district_totals=columns,
        total=_sum(columns),
        peak=max((c.count for row in rows for c in row.cells), default=0),
    )


def tally(counts: Iterable[Count]) -> dict[tuple[str | None, str | None], int]:
    """The counts by (topic, district); requests and appeals of one pair add up."""
    found: dict[tuple[str | None, str | None], int] = {}
    for item in counts:
        key = (item.topic, item.district)
        found[key] = found.get(key, 0) + item.count
    return found


def _sum(cells: Sequence[Cell]) -> Cell:
    return Cell(sum(c.count for c in cells), sum(c.previous for c in cells))


# What a request or an appeal is filed under -------------------------------------------------


class UnknownTopic(Refusal):
    status_code = 422
    code = "unknown_topic"
    template = N_("Unknown topic {value!r}; choose one of: {allowed}.")


class UnknownDistrict(Refusal):
    status_code = 422
    code = "unknown_district"
    template = N_("Unknown district or city {value!r}; choose one of: {allowed}.")


class TopicRequired(Refusal):
    status_code = 422
    code = "topic_required"
    template = N_("Choose the topic of the issue: the centre monitors problem issues by topic.")


class DistrictRequired(Refusal):
    status_code = 422
    code = "district_required"
    template = N_(
        "Choose the applicant's district or city: the centre monitors problem issues by district."
    )


def classify(
    topic: str | None,
    district: str | None,
    *,
    topics: Sequence[str],
    districts: Sequence[str],
    required: bool,
) -> tuple[str | None, str | None]:
    """The topic and district a request or appeal is filed under, each a code of the centre's
    lists; `required` (the staff screens): each must be given when the centre keeps its list.
    Integrations may leave them out; what they send is checked all the same."""
    if topic is not None and topic not in topics:
        raise UnknownTopic(value=topic, allowed=", ".join(topics) or "—")
    if district is not None and district not in districts:
        raise UnknownDistrict(value=district, allowed=", ".join(districts) or "—")
    if required:
        ensure_given(topic, district, topics=topics, districts=districts)
    return topic, district


def ensure_given(
    topic: str | None, district: str | None, *, topics: Sequence[str], districts: Sequence[str]
) -> None:
    """Both are given, where the centre keeps the list (an empty list asks for nothing)."""
    if topic is None and topics:
        raise TopicRequired()
    if district is None and districts:
        raise DistrictRequired()
