"""The quarterly report (000 p.40) and the half-year draft (003 App.2 p.7(6)) on screen and on
paper, for the administrator and the analyst: the document in Kazakh and Russian side by side
(whatever the reader's language), the controls around it in the reader's; the same tables as
a workbook from /api/reports/…xlsx. A wrong period is said on the page, in the reader's
language."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.domain.report_periods import FIRST_YEAR, LAST_YEAR, ReportKind, last_finished
from app.domain.text import N_
from app.edge.access import Reporter, Staff
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.templating import render
from app.schemas.report_layout import NO_DATA, both
from app.schemas.report_tables import document

router = APIRouter(tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/report.html"
INDEX = "staff/reports.html"
# Where each kind lives: the page, its workbook, the name of its part of the year.
PATHS = {ReportKind.QUARTER: "quarterly", ReportKind.HALF_YEAR: "half-year"}
NUMBER_PARAMS = {ReportKind.QUARTER: "quarter", ReportKind.HALF_YEAR: "half"}
TITLES = {ReportKind.QUARTER: N_("Quarterly report"), ReportKind.HALF_YEAR: N_("Half-year draft")}
Number = Annotated[int | None, Query()]


@router.get("/reports", response_class=HTMLResponse)
async def reports_index(request: Request, tx: Tx, now: Now, staff: Reporter) -> HTMLResponse:
    """Which report: the last whole quarters and halves a click away, or any other."""
    today = tx.site.today(now)
    quarter = last_finished(ReportKind.QUARTER, today)
    half = last_finished(ReportKind.HALF_YEAR, today)
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": None,
        "quarters": [p for p in (quarter.shifted(-n) for n in range(4)) if p is not None],
        "halves": [p for p in (half.shifted(-n) for n in range(2)) if p is not None],
        "quarter": quarter,
        "half": half,
        # The period under way, its report so far (empty of the days still to come).
        "current_quarter": quarter.shifted(1),
        "current_half": half.shifted(1),
        "paths": PATHS,
        "params": NUMBER_PARAMS,
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
    }
    return render(request, INDEX, context)


@router.get("/reports/quarterly", response_class=HTMLResponse)
async def quarterly_report(
    request: Request, tx: Tx, now: Now, staff: Reporter, year: Number = None, quarter: Number = None
) -> HTMLResponse:
    """The last whole quarter unless one is chosen."""
    return await _page(request, tx, now, staff, ReportKind.QUARTER, year, quarter)


@router.get("/reports/half-year", response_class=HTMLResponse)
async def half_year_report(
    request: Request, tx: Tx, now: Now, staff: Reporter, year: Number = None, half: Number = None
) -> HTMLResponse:
    """The last whole half-year unless one is chosen."""
    return await _page(request, tx, now, staff, ReportKind.HALF_YEAR, year, half)


async def _page(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    staff: Staff,
    kind: ReportKind,
    year: int | None,
    number: int | None,
) -> HTMLResponse:
    outcome = await attempt(request, tx.read(lambda s: s.reports.report(kind, year, number, now)))
    report = outcome.result
    default = last_finished(kind, tx.site.today(now))
    chosen = report.period if report is not None else None
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": None,
        "kind": kind,
        "title": TITLES[kind],
        "path": PATHS[kind],
        "param": NUMBER_PARAMS[kind],
        "numbers": range(1, kind.per_year + 1),
        # The form shows what was asked, even when it was refused.
        "year": chosen.year if chosen else (default.year if year is None else year),
        "number": chosen.number if chosen else (default.number if number is None else number),
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "doc": document(report, tx.site.centre) if report is not None else None,
        "previous": chosen.shifted(-1) if chosen else None,
        "next": chosen.shifted(1) if chosen else None,
        "no_data": both(NO_DATA),
        "error": outcome.error,
    }
    return render(request, TEMPLATE, context, status_code=outcome.status_code)
