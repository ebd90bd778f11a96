"""The quarterly report (000 p.40, requirements F.38) and the half-year draft (003 App.2 p.7(6),
F.40): their periods, and the figures they hold. Pure: no database, clock or framework.

A report covers whole calendar months of one year: a quarter three, a half-year six. The
repository counts in the database; this module lays the counts out: per zone and month, per
deadline and outcome, per topic and district. Numbers only, except the officials' names, which
are public (000 p.8): never an applicant's name, IIN, contact or issue."""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import Refusal
from app.domain.reception.terms import DeadlineKind, ExtensionKind, RefusalGround, RequestState
from app.domain.statistics import Satisfaction, SurveyTally
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


# visitors by zone and month ----------------------------------------------------------------


@dataclass(frozen=True)
class Visits:
    """Tickets issued, served (finished) and not shown up for."""

    issued: int = 0
    served: int = 0
    no_show: int = 0

    def __add__(self, other: Visits) -> Visits:
        return Visits(
            self.issued + other.issued, self.served + other.served, self.no_show + other.no_show
        )


@dataclass(frozen=True)
class DayVisits:
    """What the repository counted: one zone's tickets of one centre-local day."""

    zone: str
    day: date
    visits: Visits


@dataclass(frozen=True)
class ZoneVisits:
    """One zone's (None: all zones') visits in each month of the period, and in all of it."""

    zone: str | None
    months: tuple[Visits, ...]
    total: Visits


def visits_by_month(
    counted: Iterable[DayVisits], report: Period, zones: Sequence[str]
) -> list[ZoneVisits]:
    """A row per zone that had tickets — in the order of `zones` (the centre file's), then any
    zone no longer listed — and the row of all zones last."""
    months = report.months
    grid: dict[str, list[Visits]] = {}
    for item in counted:
        month = month_of(item.day)
        if month not in months:
            continue
        row = grid.setdefault(item.zone, [Visits()] * len(months))
        index = months.index(month)
        row[index] = row[index] + item.visits
    order = [z for z in zones if z in grid] + sorted(z for z in grid if z not in zones)
    rows = [ZoneVisits(z, tuple(grid[z]), _sum(grid[z])) for z in order]
    every = [_sum(grid[z][i] for z in order) for i in range(len(months))]
    return [*rows, ZoneVisits(None, tuple(every), _sum(every))]


def _sum(items: Iterable[Visits]) -> Visits:
    total = Visits()
    for item in items:
        total = total + item
    return total


# personal receptions per official ----------------------------------------------------------


@dataclass(frozen=True)
class OfficialReceptions:
    """One official's receptions in the period (000 p.2, p.7): the days of the approved
    schedule held, cancelled (000 p.16) and still to come; the applicants booked on those days
    and those received (the protocol recorded, 000 p.23). The names are public (000 p.8)."""

    code: str
    name_kk: str
    name_ru: str
    position_kk: str
    position_ru: str
    days_held: int
    days_cancelled: int
    days_coming: int
    booked: int
    received: int


# booking requests by channel and outcome ---------------------------------------------------

STATES: tuple[str, ...] = tuple(s.value for s in RequestState)


@dataclass(frozen=True)
class ChannelState:
    """What the repository counted: the requests registered from one channel now in a state."""

    channel: str
    state: str
    count: int


@dataclass(frozen=True)
class ChannelOutcomes:
    """The requests registered in the period from one channel (None: all), by the state they
    are in now (000 p.4, p.25)."""

    channel: str | None
    by_state: Mapping[str, int]
    total: int


def outcomes_by_channel(
    counted: Iterable[ChannelState], channels: Sequence[str]
) -> list[ChannelOutcomes]:
    """A row per channel, in the order of `channels` (every channel, with or without
    requests; one no longer known after them), then the row of all channels."""
    grid: dict[str, dict[str, int]] = {c: dict.fromkeys(STATES, 0) for c in channels}
    for item in counted:
        row = grid.setdefault(item.channel, dict.fromkeys(STATES, 0))
        row[item.state] = row.get(item.state, 0) + item.count
    rows = [ChannelOutcomes(c, row, sum(row.values())) for c, row in grid.items()]
    every = {s: sum(r.by_state.get(s, 0) for r in rows) for s in STATES}
    return [*rows, ChannelOutcomes(None, every, sum(every.values()))]


# deadlines met and missed ------------------------------------------------------------------


class DeadlineOutcome(StrEnum):
    MET = "met"  # done on or before its day
    LATE = "late"  # done, after its day
    OVERDUE = "overdue"  # not done, and its day has passed
    OPEN = "open"  # not done, its day still to come


def outcome(due: date, done_on: date | None, today: date) -> DeadlineOutcome:
    """A deadline's outcome as of `today`, as the deadline control reads it (004 p.12.6:
    overdue after its day)."""
    if done_on is not None:
        return DeadlineOutcome.MET if done_on <= due else DeadlineOutcome.LATE
    return DeadlineOutcome.OVERDUE if today > due else DeadlineOutcome.OPEN


# The deadlines the report counts, with the points that set them.
REPORTED_DEADLINES = (
    DeadlineKind.REPLY,  # 000 p.29 (p.5 for a request not considered)
    DeadlineKind.EXTENSION_NOTICE,  # 000 p.30
    DeadlineKind.OTHER_BODIES_NOTICE,  # 000 p.19
    DeadlineKind.INSTRUCTION,  # 000 p.23, p.34
)

# A reply is owed while the request is in one of these states, as the deadline control has it
# (app.services.reception.open_deadlines): a refusal decision is itself the answer (it records
# the reply), and a request received without a recorded reply owes none any more.
REPLY_OWED = (
    RequestState.REGISTERED,
    RequestState.NOT_CONSIDERED,
    RequestState.ACCEPTED,
    RequestState.SCHEDULED,
    RequestState.REFUSAL_DRAFTED,
)


@dataclass(frozen=True)
class DeadlineCount:
    """What the repository counted: deadlines of one kind due on `due` and done on `done_on`
    (None: not done)."""

    kind: DeadlineKind
    due: date
    done_on: date | None
    count: int


@dataclass(frozen=True)
class DeadlineTally:
    """Deadlines of one kind falling due in the period, by outcome as of the report's day."""

    kind: DeadlineKind
    met: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.met + self.late + self.overdue + self.open


def tally_deadlines(counted: Iterable[DeadlineCount], today: date) -> list[DeadlineTally]:
    """A row per reported kind, each always there (zeros when none fell due)."""
    tallies = {kind: dict.fromkeys(DeadlineOutcome, 0) for kind in REPORTED_DEADLINES}
    for item in counted:
        tallies[item.kind][outcome(item.due, item.done_on, today)] += item.count
    return [
        DeadlineTally(
            kind,
            met=t[DeadlineOutcome.MET],
            late=t[DeadlineOutcome.LATE],
            overdue=t[DeadlineOutcome.OVERDUE],
            open=t[DeadlineOutcome.OPEN],
        )
        for kind, t in tallies.items()
    ]


@dataclass(frozen=True)
class ExtensionCount:
    """Reviews extended in the period of one kind (000 p.30)."""

    kind: ExtensionKind
    count: int


def extension_counts(counted: Mapping[str, int]) -> list[ExtensionCount]:
    return [ExtensionCount(kind, counted.get(kind.value, 0)) for kind in ExtensionKind]


# refusals by ground ------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusalCount:
    """Bookings refused in the period on one of the five grounds of 000 p.15; `point` is its
    sub-point there."""

    ground: RefusalGround
    point: int
    count: int


def refusal_counts(counted: Mapping[str, int]) -> list[RefusalCount]:
    """Every ground in the order of 000 p.15, with or without refusals."""
    return [
        RefusalCount(ground, point, counted.get(ground.value, 0))
        for point, ground in enumerate(RefusalGround, start=1)
    ]


# satisfaction ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneRatings:
    """Visitors' ratings of visits to one zone (None: all zones) given in the period."""

    zone: str | None
    satisfaction: Satisfaction


# problem issues by topic and district (the half-year draft) --------------------------------


@dataclass(frozen=True)
class TopicDistrict:
    """What the repository counted: requests or appeals of one topic from one district (None:
    not stated)."""

    topic: str | None
    district: str | None
    count: int


@dataclass(frozen=True)
class IssueTable:
    """Topics (rows) by districts (columns): the problem issues raised (003 App.2 p.7(1)–(2)).
    Only the topics and districts with something to count: the centre file's first, in its
    order, then codes it no longer lists, then "not stated" (None)."""

    topics: tuple[str | None, ...]
    districts: tuple[str | None, ...]
    counts: Mapping[tuple[str | None, str | None], int]

    def cell(self, topic: str | None, district: str | None) -> int:
        return self.counts.get((topic, district), 0)

    def topic_total(self, topic: str | None) -> int:
        return sum(self.cell(topic, d) for d in self.districts)

    def district_total(self, district: str | None) -> int:
        return sum(self.cell(t, district) for t in self.topics)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def issue_table(
    counted: Iterable[TopicDistrict], topics: Sequence[str], districts: Sequence[str]
) -> IssueTable:
    counts: dict[tuple[str | None, str | None], int] = {}
    for item in counted:
        if item.count:
            key = (item.topic, item.district)
            counts[key] = counts.get(key, 0) + item.count
    return IssueTable(
        _axis(topics, {t for t, _ in counts}), _axis(districts, {d for _, d in counts}), counts
    )


def _axis(listed: Sequence[str], found: set[str | None]) -> tuple[str | None, ...]:
    unlisted = sorted(code for code in found if code is not None and code not in listed)
    tail: list[str | None] = [None] if None in found else []
    return (*(code for code in listed if code in found), *unlisted, *tail)


@dataclass(frozen=True)
class AppealsControl:
    """Appeals filed at receptions in the period (000 p.36): how many, how many closed with a
    final reasoned answer since (000 p.35), how many still under control."""

    filed: int = 0
    closed: int = 0

    @property
    def under_control(self) -> int:
        return self.filed - self.closed


# the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    period: Period
    as_of: date  # the day it was made: deadlines still open are judged on it
    visits: list[ZoneVisits]
    receptions: list[OfficialReceptions]
    requests: list[ChannelOutcomes]
    deadlines: list[DeadlineTally]
    extensions: list[ExtensionCount]
    refusals: list[RefusalCount]
    ratings: list[ZoneRatings]
    survey: list[SurveyTally]
    # The half-year draft's analysis of problem issues (003 App.2 p.7); None in a quarter's.
    request_issues: IssueTable | None = None
    appeal_issues: IssueTable | None = None
    appeals: AppealsControl | None = None
