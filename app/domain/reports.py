"""The quarterly report (000 p.40, requirements F.38) and the half-year draft (003 App.2 p.7(6),
F.40): the figures they hold (their periods: app.domain.report_periods). Pure: no database,
clock or framework.

The repository counts in the database; this module lays the counts out: per zone and month, per
deadline and outcome, per topic and district. Numbers only, except the officials' names, which
are public (000 p.8): never an applicant's name, IIN, contact or issue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.monitoring import Count, axis, tally
from app.domain.reception.terms import DeadlineKind, ExtensionKind, RefusalGround, RequestState
from app.domain.report_periods import Period, month_of
from app.domain.statistics import Satisfaction, SurveyTally

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
    counted: Iterable[Count], topics: Sequence[str], districts: Sequence[str]
) -> IssueTable:
    counts = {pair: n for pair, n in tally(counted).items() if n}
    return IssueTable(
        _present(topics, {t for t, _ in counts}),
        _present(districts, {d for _, d in counts}),
        counts,
    )


def _present(listed: Sequence[str], found: set[str | None]) -> tuple[str | None, ...]:
    """The monitoring's axis (app.domain.monitoring.axis), but only what was counted."""
    return tuple(code for code in axis(listed, found) if code in found)


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
