"""The report's tables (app.schemas.report_layout) built from app.domain.reports.Report with
the centre file's names of zones, topics and districts: the document, its visitors and its
personal reception; the deadlines, satisfaction and problem issues are in
app.schemas.report_followup. The labels of channels, states, grounds and deadlines come from
the catalogs."""

from __future__ import annotations

from app.config.centre import CentreConfig
from app.domain.reception.terms import Channel, RequestState
from app.domain.report_periods import ReportKind
from app.domain.reports import STATES, Report, Visits
from app.domain.text import N_, dotted
from app.schemas.report_followup import (
    appeals_table,
    deadline_tables,
    issues_table,
    ratings_table,
    survey_table,
)
from app.schemas.report_layout import TOTAL, Both, Document, Part, Row, Table, both, zone_name

CHANNELS = frozenset(c.value for c in Channel)


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
        Part("deadlines", both(N_("Deadlines met and missed")), deadline_tables(report)),
        Part(
            "satisfaction",
            both(N_("Satisfaction")),
            (ratings_table(report, centre), survey_table(report)),
        ),
    ]
    if report.request_issues is not None and report.appeal_issues is not None:
        parts.append(
            Part(
                "issues",
                both(N_("Problem issues by topic and district")),
                (
                    issues_table(
                        "issues-requests",
                        both(N_("Booking requests by topic and district")),
                        report.request_issues,
                        centre,
                    ),
                    issues_table(
                        "issues-appeals",
                        both(N_("Appeals filed at receptions by topic and district")),
                        report.appeal_issues,
                        centre,
                    ),
                    appeals_table(report),
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


def _visits(report: Report, centre: CentreConfig) -> Table:
    months = report.period.months
    rows: list[Row] = []
    for line in report.visits:
        name = zone_name(line.zone, centre)
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
