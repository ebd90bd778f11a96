"""Problem-issue monitoring by district or city on screen (003 App.2 p.7(1)–(5)), for the
administrator and the analyst: a period (this quarter so far by default), what is counted, the
table of topics by districts with its totals, the change against the period before and the
heat shading; the same table as CSV and XLSX. A wrong period is said on the page, in the
reader's language.

No map: no well-kept package ships the boundaries of Kazakhstan's districts offline, and a
centre file may list any districts; the shaded table is what the issue allows then."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.domain.monitoring import What, previous_quarter, quarter_start
from app.domain.text import N_
from app.edge.access import Reporter
from app.edge.deps import Now, Tx
from app.edge.htmx import attempt
from app.edge.templating import render
from app.schemas.fields import Day

router = APIRouter(tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/monitoring.html"
COUNTED = {
    What.ALL: N_("Requests and appeals"),
    What.REQUESTS: N_("Booking requests"),
    What.APPEALS: N_("Appeals"),
}


@router.get("/monitoring", response_class=HTMLResponse)
async def monitoring_page(
    request: Request,
    tx: Tx,
    now: Now,
    staff: Reporter,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    what: What = What.ALL,
) -> HTMLResponse:
    """This quarter so far unless a period is chosen."""
    today = tx.site.today(now)
    last = last or today
    first = first or quarter_start(last)
    outcome = await attempt(request, tx.read(lambda s: s.monitoring(first, last, what)))
    centre = tx.site.centre
    before_first, before_last = previous_quarter(today)
    context: dict[str, Any] = {
        "staff": staff,
        "workplace": None,
        "first": first,
        "last": last,
        "what": what,
        "counted": COUNTED,
        "table": outcome.result,
        "topic_names": {t.code: t.name for t in centre.topics},
        "district_names": {d.code: d.name for d in centre.districts},
        "error": outcome.error,
        "today": today,
        "quarter_start": quarter_start(today),
        "previous_quarter": (before_first, before_last),
        "month_start": today.replace(day=1),
        "year_start": today.replace(month=1, day=1),
    }
    return render(request, TEMPLATE, context, status_code=outcome.status_code)
