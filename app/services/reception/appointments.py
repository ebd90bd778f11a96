"""Putting accepted requests on the approved schedule (000 p.28) and, on the day, checking the
applicant in: a ticket to the personal reception zone bound to the official's cabinet
(001 p.15), out-of-turn categories first (000 p.12, done by the queue)."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.reception import errors
from app.domain.reception.allocation import Candidate, ReceptionHours, allocate
from app.domain.reception.lifecycle import RequestAction
from app.domain.reception.terms import RequestState
from app.services.queue import Issued
from app.services.reception.booking_requests import get, move
from app.services.reception.context import BOOKED_PURPOSE, PERSONAL_RECEPTION_ZONE, Reception
from app.tables.reception import ReceptionRequest


def first_open_day(reception: Reception, today: date) -> date:
    """The first day whose final list (2 working days before, 001 p.15) is not yet due: the
    earliest day allocation uses unless told otherwise."""
    return reception.calendar.add_working_days(reception.calendar.on_or_after(today), 2)


def allocate_accepted(
    reception: Reception, *, now: datetime, earliest: date | None = None
) -> list[ReceptionRequest]:
    """Give every accepted request a day and time of the approved schedule, in order of
    registration (000 p.28). `earliest` may be sooner than the first open day when the
    official agrees to receive sooner (a head of unit may even receive the same day, 000 p.3).
    Requests with no free time left stay accepted. Returns the newly scheduled requests."""
    start = earliest or first_open_day(reception, reception.today(now))
    reception.repo.lock_days(start)
    waiting = {
        r.id: r for r in reception.repo.requests([RequestState.ACCEPTED]) if r.id is not None
    }
    candidates = [
        Candidate(r.id, r.official_id, r.registered_on, r.received_at)
        for r in waiting.values()
        if r.id is not None and r.official_id is not None
    ]
    days = [
        ReceptionHours(d.id, d.official_id, d.day, d.starts, d.ends, d.slot_minutes)
        for d, _official, _schedule in reception.repo.days(start)
        if d.id is not None and d.cancelled_on is None
    ]
    allocations, _left = allocate(candidates, days, reception.repo.booked_times(), start)
    scheduled = []
    for allocation in allocations:
        request = waiting[allocation.request_id]
        move(request, RequestAction.ALLOCATE)
        request.reception_day_id = allocation.day_id
        request.appointment_day = allocation.day
        request.appointment_time = allocation.at
        reception.repo.save(request)
        scheduled.append(request)
    return scheduled


def check_in(
    reception: Reception, request_id: int, *, now: datetime, category: str | None = None
) -> Issued:
    """The booked applicant has come: a ticket to their official's cabinet, out of turn when
    they belong to a category of 000 p.12 (the request's, unless the desk says otherwise)."""
    request = get(reception, request_id, for_update=True)
    move(request, RequestAction.CHECK_IN)
    if request.appointment_day != reception.today(now):
        raise errors.NotBookedToday(key=request_id)
    assert request.official_id is not None
    official = reception.repo.official(request.official_id)
    assert official is not None
    issued = reception.queue.issue(
        zone=PERSONAL_RECEPTION_ZONE,
        language=request.language,
        purpose=BOOKED_PURPOSE,
        priority=category or request.category,
        now=now,
        for_workplace=official.cabinet,
    )
    request.ticket_id = issued.ticket.id
    request.checked_in_at = now
    reception.repo.save(request)
    return issued
