"""Screens of personal reception: the public schedule (000 p.8), today's bookings on the
reception desk with check-in (001 p.15), the booking card on the official's monoblock with the
video link (000 p.13), and printable letters to the applicant."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse

from app.api.deps import Now
from app.auth.deps import Issuer, Reader, Server, Staff
from app.domain.text import N_
from app.reception import booking
from app.reception.context import Reception
from app.reception.deps import ReceptionDep
from app.reception.domain.deadlines import add_months
from app.reception.domain.terms import RequestState
from app.reception.letters import LetterKind, letter_context
from app.reception.models import Official, ReceptionRequest
from app.reception.requests import get
from app.reception.routes_schedule import parse_month
from app.reception.schedules import month_end, month_of
from app.reception.views import request_out
from app.web.htmx import attempt
from app.web.templating import render, translator

router = APIRouter(tags=["screens"], include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
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
def schedule_page(
    request: Request,
    rx: ReceptionDep,
    now: Now,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> HTMLResponse:
    """The approved schedule of a month, in Kazakh and Russian side by side (000 p.8), for the
    wall (print) and the screens of the centre (001 p.15)."""
    first = parse_month(month) if month else month_of(rx.today(now))
    schedule = rx.repo.schedule(first)
    rows: dict[int, tuple[Official, list[Any]]] = {}
    if schedule is not None and schedule.approved_on is not None:
        for day, official, _ in rx.repo.days(first, month_end(first)):
            assert official.id is not None
            rows.setdefault(official.id, (official, []))[1].append(day)
    context = {
        "kk": translator("kk"),
        "ru": translator("ru"),
        "month": first,
        "schedule": schedule if schedule and schedule.approved_on else None,
        "rows": list(rows.values()),
        "weekdays": WEEKDAYS,
        "centre": rx.centre,
        "previous": add_months(first, -1),
        "next": add_months(first, 1),
    }
    return render(request, "reception/schedule.html", context, language="kk")


def _desk_context(rx: Reception, now: datetime) -> dict[str, Any]:
    today = rx.today(now)
    bookings = rx.repo.bookings(today)
    officials = {o.id: o for o in rx.repo.officials()}
    receiving = [(d, o) for d, o, _ in rx.repo.days(today, today) if d.cancelled_on is None]
    return {
        "bookings": [(r, officials.get(r.official_id)) for r in bookings],
        "receiving": receiving,
        "categories": rx.centre.categories,
        "centre": rx.centre,
        "today": today,
        "scheduled": RequestState.SCHEDULED.value,
    }


@router.get("/reception/today", response_class=HTMLResponse)
def receiving_today(request: Request, rx: ReceptionDep, now: Now, _staff: Reader) -> HTMLResponse:
    """Who receives today, with the month's schedule a tap away: a part of the consultation
    screens, whose staff take booking requests by competence (001 p.15)."""
    return render(request, "reception/today.html", _desk_context(rx, now))


@router.get("/reception", response_class=HTMLResponse)
def requests_page(request: Request, rx: ReceptionDep, now: Now, staff: Issuer) -> HTMLResponse:
    """Every request in order of registration with its traffic light (004 p.12.6) and its
    letters, for the reception-room staff."""
    today = rx.today(now)
    rows = [request_out(rx, r, today) for r in rx.repo.requests()]
    context = {"staff": staff, "workplace": None, "rows": rows, "today": today}
    return render(request, "reception/requests.html", context)


@router.get("/reception/desk", response_class=HTMLResponse)
def desk_bookings(request: Request, rx: ReceptionDep, now: Now, _staff: Issuer) -> HTMLResponse:
    """Today's booked applicants and who receives today: a part of the desk screen."""
    return render(request, "reception/desk.html", _desk_context(rx, now))


@router.post("/reception/desk/{request_id}/check-in", response_class=HTMLResponse)
def desk_check_in(
    request: Request,
    request_id: Id,
    rx: ReceptionDep,
    now: Now,
    _staff: Issuer,
    category: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """Check the booked applicant in: a ticket to their official's cabinet."""
    issued, error, code = attempt(
        request,
        rx.queue,
        lambda: booking.check_in(rx, request_id, now=now, category=category or None),
    )
    context = _desk_context(rx, now) | {"issued": issued, "error": error}
    return render(request, "reception/desk.html", context, status_code=code)


@router.get("/reception/workplace", response_class=HTMLResponse)
def workplace_bookings(
    request: Request,
    rx: ReceptionDep,
    now: Now,
    staff: Server,
    ticket: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """Today's bookings at the cabinet the official signed in at, the current visitor's first,
    with the video-conference link when the applicant consented (000 p.13)."""
    bookings = _cabinet_bookings(rx, staff, rx.today(now))
    current = next((r for r in bookings if ticket and r.ticket_id == ticket), None)
    context = {"bookings": bookings, "current": current, "staff": staff}
    return render(request, "reception/workplace.html", context)


def _cabinet_bookings(rx: Reception, staff: Staff, today: date) -> list[ReceptionRequest]:
    if staff.workplace is None:
        return []
    return list(rx.repo.bookings(today, cabinet=staff.workplace))


@router.get("/reception/requests/{request_id}/letters/{kind}", response_class=HTMLResponse)
def letter(
    request: Request, request_id: Id, kind: LetterKind, rx: ReceptionDep, now: Now, _: Issuer
) -> HTMLResponse:
    """A letter to the applicant in their language (000 p.21), ready to print."""
    row = get(rx, request_id)
    context = letter_context(rx, row, kind, rx.today(now))
    return render(request, "reception/letter.html", context, language=row.language)
