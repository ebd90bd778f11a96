"""Screens of personal reception: the public schedule (000 p.8), today's bookings on the
reception desk with check-in (001 p.15), the booking card on the official's monoblock with the
video link (000 p.13), and printable letters to the applicant."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from app.domain.reception.deadlines import add_months
from app.domain.reception.terms import FROM_PERSONAL_RECEPTION, RequestState
from app.domain.text import N_
from app.edge.access import Issuer, Reader, Server
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.edge.templating import ptranslator, render, translator
from app.services.catalog import Services
from app.services.reception import appointments, letters, overview
from app.services.reception.letters import LetterKind
from app.services.reception.schedules import MONTH_PATTERN, month_of, parse_month
from app.web.routes.reception_pages import classification_choices, may_record

router = APIRouter(tags=["screens"], include_in_schema=False)
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


@router.get("/schedule", response_class=HTMLResponse)
async def schedule_page(
    request: Request,
    tx: Tx,
    now: Now,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
) -> HTMLResponse:
    """The approved schedule of a month, in Kazakh and Russian side by side (000 p.8), for the
    wall (print) and the screens of the centre (001 p.15)."""
    first = parse_month(month) if month else month_of(tx.site.today(now))
    published = await tx.read(lambda s: overview.published_month(s.reception, first))
    context = {
        "kk": translator("kk"),
        "ru": translator("ru"),
        "kk_pgettext": ptranslator("kk"),
        "ru_pgettext": ptranslator("ru"),
        "month": first,
        "schedule": published.schedule,
        "rows": published.rows,
        "weekdays": WEEKDAYS,
        "centre": tx.site.centre,
        "previous": add_months(first, -1),
        "next": add_months(first, 1),
    }
    return render(request, "reception/schedule.html", context, language="kk")


async def _desk_context(tx: RequestTransactions, now: datetime) -> dict[str, Any]:
    day = await tx.read(lambda s: overview.reception_today(s.reception, now))
    return {
        "bookings": day.bookings,
        "receiving": day.receiving,
        "categories": tx.site.centre.categories,
        "centre": tx.site.centre,
        "today": day.today,
        "scheduled": RequestState.SCHEDULED.value,
    }


@router.get("/reception/today", response_class=HTMLResponse)
async def receiving_today(request: Request, tx: Tx, now: Now, _staff: Reader) -> HTMLResponse:
    """Who receives today, with the month's schedule a tap away: a part of the consultation
    screens, whose staff take booking requests by competence (001 p.15)."""
    return render(request, "reception/today.html", await _desk_context(tx, now))


@router.get("/reception/desk", response_class=HTMLResponse)
async def desk_bookings(request: Request, tx: Tx, now: Now, _staff: Issuer) -> HTMLResponse:
    """Today's booked applicants and who receives today: a part of the desk screen."""
    return render(request, "reception/desk.html", await _desk_context(tx, now))


@router.post("/reception/desk/{request_id}/check-in", response_class=HTMLResponse)
async def desk_check_in(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    _staff: Issuer,
    category: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """Check the booked applicant in: a ticket to their official's cabinet."""
    outcome = await attempt(
        request,
        tx.write(
            lambda s: appointments.check_in(
                s.reception, request_id, now=now, category=category or None
            )
        ),
    )
    context = await _desk_context(tx, now) | {"issued": outcome.result, "error": outcome.error}
    return render(request, "reception/desk.html", context, status_code=outcome.status_code)


@router.get("/reception/workplace", response_class=HTMLResponse)
async def workplace_bookings(request: Request, tx: Tx, now: Now, staff: Server) -> HTMLResponse:
    """Today's bookings at the cabinet the official signed in at; the booking of the visitor
    called now first, with the video-conference link when the applicant consented (000 p.13)
    and the forms of the protocol (000 p.23) and of an appeal filed at the reception (000 p.36).
    Outside the panel, so that a call elsewhere never wipes a protocol being typed."""
    cabinet = staff.workplace

    def read(s: Services) -> overview.CabinetDay:
        panel = s.workplace_panel(cabinet, now) if cabinet else None
        ticket = panel.current.id if panel and panel.current else None
        return overview.cabinet_day(s.reception, cabinet, ticket, now)

    day = await tx.read(read)
    today = tx.site.today(now)
    context = {
        "bookings": day.bookings,
        "card": day.current,
        "staff": staff,
        "appeal_mark": FROM_PERSONAL_RECEPTION,
        "may_decide": False,
        **classification_choices(tx.site.centre),
        "may_record": day.current is not None
        and may_record(staff, day.current.request, cabinet, today),
    }
    return render(request, "reception/workplace.html", context)


@router.get("/reception/requests/{request_id}/letters/{kind}", response_class=HTMLResponse)
async def letter(
    request: Request, request_id: RowId, kind: LetterKind, tx: Tx, now: Now, _: Issuer
) -> HTMLResponse:
    """A letter to the applicant in their language (000 p.21), ready to print."""
    found = await tx.read(lambda s: letters.letter(s.reception, request_id, kind, now))
    return render(request, "reception/letter.html", found.context, language=found.language)
