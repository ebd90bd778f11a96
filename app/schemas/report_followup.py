"""The report's follow-up tables (app.schemas.report_layout): deadlines met and missed
(000 p.29–p.34), satisfaction (000 p.38) and the half-year's problem issues by topic and
district (003 App.2 p.7)."""

from __future__ import annotations

from app.config.centre import CentreConfig, Choice
from app.domain.reception.terms import DeadlineKind, ExtensionKind
from app.domain.reports import IssueTable, Report
from app.domain.statistics import Satisfaction
from app.domain.survey import SurveyKind
from app.domain.text import N_, dotted
from app.schemas.report_layout import TOTAL, Both, Row, Table, both, point, zone_name

SURVEY_KINDS = frozenset(k.value for k in SurveyKind)

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


def deadline_tables(report: Report) -> tuple[Table, Table]:
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


def ratings_table(report: Report, centre: CentreConfig) -> Table:
    rows = tuple(
        Row(
            r.zone or "all",
            (zone_name(r.zone, centre), *_rating_cells(r.satisfaction)),
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


def survey_table(report: Report) -> Table:
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


def issues_table(code: str, title: Both, table: IssueTable, centre: CentreConfig) -> Table:
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


def appeals_table(report: Report) -> Table:
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
