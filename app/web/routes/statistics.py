"""The centre's numbers on screen. The statistics page for the administrator and the analyst
(000 p.40): a period and a grouping, the table with its totals, a chart of the visitors per
group, and the CSV of the same table; a wrong period is said on the page, in the reader's
language. The supervisor's live view of the hall for the administrator and the moderator."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.config.centre import CentreConfig
from app.domain.statistics import Grouping
from app.domain.survey import SurveyKind
from app.domain.text import N_
from app.edge.access import Reporter, Supervisor
from app.edge.deps import Now, Tx
from app.edge.htmx import attempt
from app.edge.templating import render
from app.schemas.fields import Day
from app.schemas.statistics import StatisticsOut

router = APIRouter(tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/statistics.html"
SUPERVISOR = "staff/supervisor.html"
GROUPINGS = {
    Grouping.ZONE: N_("zone"),
    Grouping.WORKPLACE: N_("workplace"),
    Grouping.STAFF: N_("staff member"),
    Grouping.HOUR: N_("hour of day"),
    Grouping.DAY: N_("day"),
    Grouping.LANGUAGE: N_("language"),
    Grouping.CATEGORY: N_("out-of-turn category"),
}
SURVEY_KINDS = {
    SurveyKind.CONSULTATION.value: N_("Received a consultation"),
    SurveyKind.REFUSED_REQUEST.value: N_("Booking refused or not considered"),
}
NONE_KEYS = {
    Grouping.WORKPLACE: N_("not called"),
    Grouping.STAFF: N_("not called"),
    Grouping.CATEGORY: N_("in turn"),
}


@router.get("/statistics", response_class=HTMLResponse)
async def statistics_page(
    request: Request,
    tx: Tx,
    now: Now,
    staff: Reporter,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    by: Grouping = Grouping.ZONE,
) -> HTMLResponse:
    """This month so far unless a period is chosen."""
    today = tx.site.today(now)
    last = last or today
    first = first or last.replace(day=1)
    outcome = await attempt(request, tx.read(lambda s: s.statistics(first, last, by, now)))
    stats = StatisticsOut.of(outcome.result) if outcome.result is not None else None
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": None,
        "first": first,
        "last": last,
        "by": by,
        "groupings": GROUPINGS,
        "stats": stats,
        "labels": key_labels(tx.site.centre, by),
        "none_key": NONE_KEYS.get(by),
        "survey_kinds": SURVEY_KINDS,
        "assistance_names": {k.code: k.name for k in tx.site.centre.assistance_kinds},
        "error": outcome.error,
        "peak": max((r.issued for r in stats.rows), default=0) if stats else 0,
        "slowest": max((r.wait_minutes.p90 or 0 for r in stats.rows), default=0) if stats else 0,
        "load_peak": max((w.serving + w.paused + w.idle for w in stats.workplaces), default=0)
        if stats
        else 0,
        "workplace_names": {w.code: w.name for w in tx.site.centre.workplaces},
        "yesterday": today - timedelta(days=1),
        "week_start": today - timedelta(days=today.weekday()),
        "month_start": today.replace(day=1),
        "today": today,
    }
    return render(request, TEMPLATE, context, status_code=outcome.status_code)


def key_labels(centre: CentreConfig, by: Grouping) -> dict[str, Any]:
    """What a person reads for a group's key: the zone's, workplace's or category's name (in
    every language, the template picks), an hour as its span; other keys as they are."""
    if by is Grouping.ZONE:
        return {z.code: z.name for z in centre.zones}
    if by is Grouping.WORKPLACE:
        return {w.code: w.name for w in centre.workplaces}
    if by is Grouping.CATEGORY:
        return {c.code: c.name for c in centre.categories}
    return {}


@router.get("/supervisor", response_class=HTMLResponse)
async def supervisor_page(
    request: Request, tx: Tx, now: Now, staff: Supervisor, block: str | None = None
) -> HTMLResponse:
    """The hall now; `?block=live` re-renders its live part when the queue changes (pushed
    over the live link: no polling). Waits tick in the browser."""
    view = await tx.read(lambda s: s.supervisor(now))
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": None,
        "view": view,
        "labels": key_labels(tx.site.centre, Grouping.ZONE),
    }
    part = "live" if block == "live" else None
    return render(request, SUPERVISOR, context, block=part)
