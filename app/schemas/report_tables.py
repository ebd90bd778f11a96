"""The report's tables as they are printed and exported: the same tables on the page and in
the workbook, each a title, a header and rows, every word in Kazakh and Russian side by side
(the state language and Russian, as the centre's documents go out) and every figure once.

Built from app.domain.reports.Report with the centre file's names of zones, topics and
districts; the labels of channels, states, grounds and deadlines come from the catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.config.centre import CentreConfig, Choice
from app.domain.reception.terms import Channel, DeadlineKind, ExtensionKind, RequestState
from app.domain.reports import STATES, IssueTable, Report, ReportKind, Visits
from app.domain.statistics import Satisfaction
from app.domain.survey import SurveyKind
from app.domain.text import N_, dotted
from app.i18n import gettext_for

LANGUAGES = ("kk", "ru")  # the document's: the state language, then Russian


@dataclass(frozen=True)
class Both:
    """A text in Kazakh and in Russian."""

    kk: str
    ru: str

    def joined(self) -> str:
        """In one cell: «Барлығы / Итого», or once when both read the same."""
        return self.kk if self.kk == self.ru else f"{self.kk} / {self.ru}"


def both(message: str, **params: Any) -> Both:
    """An English msgid in Kazakh and in Russian."""
    kk, ru = (gettext_for(language, message) for language in LANGUAGES)
    return Both(kk.format(**params), ru.format(**params)) if params else Both(kk, ru)


def point(*numbers: int) -> Both:
    """Points of the regulation as each language writes them: «29-тармақ», «п. 29»."""
    if len(numbers) == 1:
        return both(N_("point {number}"), number=numbers[0])
    return both(N_("points {numbers}"), numbers=", ".join(str(n) for n in numbers))


Cell = Both | str | int | float | None


@dataclass(frozen=True)
class Row:
    key: str  # what the row counts, for scripts and tests: "consultation|2026-10", "deputy"
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    code: str  # its sheet in the workbook; data-table on the page
    title: Both
    columns: tuple[Both, ...]
    rows: tuple[Row, ...]  # none: "no data"
    note: Both | None = None
    # The first column names a group of rows (a zone and its months): on the page it is
    # written once for the group; in the workbook on every row, so that it can be filtered.
    grouped: bool = False

    def spans(self) -> list[int]:
        """For each row, how many rows its first cell spans on the page: 0 for a row whose
        first cell an earlier row's spans."""
        spans = [1] * len(self.rows)
        if not self.grouped:
            return spans
        start = 0
        for i in range(1, len(self.rows)):
            if self.rows[i].cells[0] == self.rows[start].cells[0]:
                spans[start] += 1
                spans[i] = 0
            else:
                start = i
        return spans


@dataclass(frozen=True)
class Part:
    """A section of the document: a page of its own when printed."""

    code: str
    title: Both
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Document:
    kind: ReportKind
    key: str  # 2026-Q4
    centre: Both
    title: Both
    period: Both  # «2026 жылғы IV тоқсан» / «IV квартал 2026 года»
    dates: str  # 01.10.2026 – 31.12.2026
    made_on: Both
    basis: Both
    parts: tuple[Part, ...]

    @property
    def file_name(self) -> str:
        return f"report-{self.key}"


NO_DATA = N_("No data")
CHANNELS = frozenset(c.value for c in Channel)
SURVEY_KINDS = frozenset(k.value for k in SurveyKind)
TOTAL = N_("Total")


def document(report: Report, centre: CentreConfig) -> Document:
    period = report.period
    quarterly = period.kind is ReportKind.QUARTER
    parts = [
        Part("visitors", both(N_("Visitors")), (_visits(report, centre),)),
        Part(
            "reception",
            both(N_("Personal reception by officials")),
            (_receptions(report), _requests(report), _refusals(report)),
        ),
        Part("deadlines", both(N_("Deadlines met and missed")), _deadlines(report)),
        Part("satisfaction", both(N_("Satisfaction")), (_ratings(report, centre), _survey(report))),
    ]
    if report.request_issues is not None and report.appeal_issues is not None:
        parts.append(
            Part(
                "issues",
                both(N_("Problem issues by topic and district")),
                (
                    _issues(
                        "issues-requests",
                        both(N_("Booking requests by topic and district")),
                        report.request_issues,
                        centre,
                    ),
                    _issues(
                        "issues-appeals",
                        both(N_("Appeals filed at receptions by topic and district")),
                        report.appeal_issues,
                        centre,
                    ),
                    _appeals(report),
                ),
            )
        )
    if quarterly:
        title = both(N_("Report on the results of the work of the Citizens' Reception Centre"))
        when = both(N_("Quarter {number} of {year}"), number=period.roman, year=period.year)
        basis = both(
            N_(
                "To inform the Government Office of the Republic of Kazakhstan of the results "
                "of the centre's work, at least once a quarter (point 40 of the regulation on "
                "personal reception)."
            )
        )
    else:
        title = both(
            N_("Draft half-year report on the review of appeals of individuals and legal entities")
        )
        when = both(N_("Half {number} of {year}"), number=period.roman, year=period.year)
        basis = both(
            N_(
                "Drafted once every six months, with the problem issues raised by topic and by "
                "district or city (Appendix 2, point 7 of the model regulation on the "
                "departments controlling the review of appeals)."
            )
        )
    return Document(
        kind=period.kind,
        key=period.key,
        centre=Both(centre.centre.name.kk, centre.centre.name.ru),
        title=title,
        period=when,
        dates=f"{dotted(period.first)} – {dotted(period.last)}",
        made_on=both(N_("Made on {date}"), date=dotted(report.as_of)),
        basis=basis,
        parts=tuple(parts),
    )


def _zone(code: str | None, centre: CentreConfig) -> Both:
    if code is None:
        return both(N_("All zones"))
    zone = centre.zone(code)
    return Both(zone.name.kk, zone.name.ru) if zone else Both(code, code)


def _visits(report: Report, centre: CentreConfig) -> Table:
    months = report.period.months
    rows: list[Row] = []
    for line in report.visits:
        name = _zone(line.zone, centre)
        key = line.zone or "all"
        for month, visits in zip(months, line.months, strict=True):
            rows.append(
                Row(
                    f"{key}|{month.strftime('%Y-%m')}",
                    (name, month.strftime("%m.%Y"), *_visit_numbers(visits)),
                    total=line.zone is None,
                )
            )
        rows.append(
            Row(f"{key}|total", (name, both(TOTAL), *_visit_numbers(line.total)), total=True)
        )
    return Table(
        "visitors",
        both(N_("Visitors by zone and by month")),
        (
            both(N_("Zone")),
            both(N_("Month")),
            both(N_("Tickets issued")),
            both(N_("Served")),
            both(N_("No-shows")),
        ),
        tuple(rows),
        note=both(N_("A ticket counts in the zone where it was served or waits now.")),
        grouped=True,
    )


def _visit_numbers(visits: Visits) -> tuple[int, int, int]:
    return (visits.issued, visits.served, visits.no_show)


def _receptions(report: Report) -> Table:
    rows = [
        Row(
            r.code,
            (
                Both(r.name_kk, r.name_ru),
                Both(r.position_kk, r.position_ru),
                r.days_held,
                r.days_cancelled,
                r.days_coming,
                r.booked,
                r.received,
            ),
        )
        for r in report.receptions
    ]
    if rows:
        every = report.receptions
        sums = (
            sum(r.days_held for r in every),
            sum(r.days_cancelled for r in every),
            sum(r.days_coming for r in every),
            sum(r.booked for r in every),
            sum(r.received for r in every),
        )
        rows.append(Row("total", (both(TOTAL), None, *sums), total=True))
    return Table(
        "receptions",
        both(N_("Personal receptions held per official")),
        (
            both(N_("Official")),
            both(N_("Position")),
            both(N_("Reception days held")),
            both(N_("Reception days cancelled")),
            both(N_("Reception days to come")),
            both(N_("Applicants booked")),
            both(N_("Applicants received")),
        ),
        tuple(rows),
        note=both(N_("Reception days of the approved schedules in the period.")),
    )


def _requests(report: Report) -> Table:
    """States as rows and channels as columns: narrower on an A4 page than the other way."""
    by_channel = {line.channel: line for line in report.requests}
    channels = [line.channel for line in report.requests if line.channel is not None]
    rows = [
        Row(
            state.value,
            (
                both(state.label),
                *(by_channel[c].by_state.get(state.value, 0) for c in channels),
                by_channel[None].by_state.get(state.value, 0),
            ),
        )
        for state in (RequestState(s) for s in STATES)
    ]
    rows.append(
        Row(
            "total",
            (both(TOTAL), *(by_channel[c].total for c in channels), by_channel[None].total),
            total=True,
        )
    )
    return Table(
        "requests",
        both(N_("Booking requests registered, by channel and outcome")),
        (
            both(N_("State now")),
            *(both(Channel(c).label) if c in CHANNELS else Both(c, c) for c in channels),
            both(TOTAL),
        ),
        tuple(rows),
    )


def _refusals(report: Report) -> Table:
    rows = [
        Row(r.ground.value, (f"{r.point})", both(r.ground.label), r.count)) for r in report.refusals
    ]
    rows.append(Row("total", (None, both(TOTAL), sum(r.count for r in report.refusals)), True))
    return Table(
        "refusals",
        both(N_("Refusals to book a reception, by ground")),
        (both(N_("No.")), both(N_("Ground of refusal")), both(N_("Refusals"))),
        tuple(rows),
        note=both(N_("Refusals decided in the period, on the grounds of point 15.")),
    )


# The points setting each deadline (of the regulation on personal reception).
DEADLINE_POINTS: dict[DeadlineKind, tuple[int, ...]] = {
    DeadlineKind.REPLY: (29,),
    DeadlineKind.EXTENSION_NOTICE: (30,),
    DeadlineKind.OTHER_BODIES_NOTICE: (19,),
    DeadlineKind.INSTRUCTION: (23, 34),
}
EXTENSION_LABELS = {
    ExtensionKind.COMPLEX: N_("The issue needs further study: up to 30 days from registration"),
    ExtensionKind.REASONED: N_("A reasoned decision: up to two months from registration"),
}


def _deadlines(report: Report) -> tuple[Table, Table]:
    rows = [
        Row(
            t.kind.value,
            (
                both(t.kind.label),
                point(*DEADLINE_POINTS[t.kind]),
                t.met,
                t.late,
                t.overdue,
                t.open,
                t.total,
            ),
        )
        for t in report.deadlines
    ]
    every = report.deadlines
    sums = (
        sum(t.met for t in every),
        sum(t.late for t in every),
        sum(t.overdue for t in every),
        sum(t.open for t in every),
        sum(t.total for t in every),
    )
    rows.append(Row("total", (both(TOTAL), None, *sums), total=True))
    deadlines = Table(
        "deadlines",
        both(N_("Deadlines falling due in the period")),
        (
            both(N_("Deadline")),
            both(N_("Basis")),
            both(N_("Met")),
            both(N_("Met late")),
            both(N_("Missed, still not done")),
            both(N_("Not yet due")),
            both(TOTAL),
        ),
        tuple(rows),
        note=both(N_("As of {date}."), date=dotted(report.as_of)),
    )
    extensions = Table(
        "extensions",
        both(N_("Reviews extended (point 30)")),
        (both(N_("Extension")), both(N_("Requests"))),
        tuple(
            Row(e.kind.value, (both(EXTENSION_LABELS[e.kind]), e.count)) for e in report.extensions
        ),
    )
    return deadlines, extensions


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rating_cells(s: Satisfaction) -> tuple[int, float | None, int, int, int, int, int]:
    d = s.distribution
    return (s.count, _mean(s.mean), d["1"], d["2"], d["3"], d["4"], d["5"])


def _ratings(report: Report, centre: CentreConfig) -> Table:
    rows = tuple(
        Row(
            r.zone or "all",
            (_zone(r.zone, centre), *_rating_cells(r.satisfaction)),
            total=r.zone is None,
        )
        for r in report.ratings
    )
    return Table(
        "ratings",
        both(N_("Visitors' ratings of their visit")),
        (
            both(N_("Zone")),
            both(N_("Ratings")),
            both(N_("Mean score (1–5)")),
            *(Both(f"{n} ★", f"{n} ★") for n in range(1, 6)),
        ),
        rows,
    )


def _survey(report: Report) -> Table:
    rows = tuple(
        Row(
            t.kind,
            (
                both(SurveyKind(t.kind).label) if t.kind in SURVEY_KINDS else Both(t.kind, t.kind),
                t.drawn,
                t.called,
                t.reached,
                t.not_reached,
                t.declined,
                _mean(t.satisfaction.mean),
            ),
        )
        for t in report.survey
    )
    return Table(
        "survey",
        both(N_("Selective telephone survey")),
        (
            both(N_("Who was surveyed")),
            both(N_("In the sample")),
            both(N_("Calls made")),
            both(N_("Reached")),
            both(N_("Not reached")),
            both(N_("Declined")),
            both(N_("Mean satisfaction (1–5)")),
        ),
        rows,
        note=both(N_("Samples drawn in the period.")),
    )


def _issues(code: str, title: Both, table: IssueTable, centre: CentreConfig) -> Table:
    def topic(c: str | None) -> Both:
        return _named(c, centre.topic(c) if c is not None else None)

    def district(c: str | None) -> Both:
        return _named(c, centre.district(c) if c is not None else None)

    rows: list[Row] = [
        Row(
            t or "",
            (topic(t), *(table.cell(t, d) for d in table.districts), table.topic_total(t)),
        )
        for t in table.topics
    ]
    if rows:
        rows.append(
            Row(
                "total",
                (
                    both(TOTAL),
                    *(table.district_total(d) for d in table.districts),
                    table.total,
                ),
                total=True,
            )
        )
    return Table(
        code,
        title,
        (both(N_("Topic")), *(district(d) for d in table.districts), both(TOTAL)),
        tuple(rows),
    )


def _named(code: str | None, found: Choice | None) -> Both:
    """A topic's or district's name from the centre file; a code it no longer lists as it is;
    none given: "not stated"."""
    if code is None:
        return both(N_("Not stated"))
    return Both(found.name.kk, found.name.ru) if found else Both(code, code)


def _appeals(report: Report) -> Table:
    control = report.appeals
    rows = (
        (Row("appeals", (control.filed, control.closed, control.under_control)),)
        if control is not None and control.filed
        else ()
    )
    return Table(
        "appeals",
        both(N_("Appeals filed at receptions, under control")),
        (
            both(N_("Filed")),
            both(N_("Closed with a final reasoned answer")),
            both(N_("Still under control")),
        ),
        rows,
    )
