"""`/api/reception-requests`: booking requests from registration to the day of reception."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.responses import API_RESPONSES
from app.domain.reception.terms import Light, RequestState
from app.edge.access import Issuer
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.params import RowId
from app.schemas.reception import (
    AcceptIn,
    AllocateIn,
    CheckInIn,
    ExtendIn,
    NoticeIn,
    OtherBodiesIn,
    RefusalIn,
    RequestIn,
    RequestOut,
    TicketIssuedOut,
)
from app.services.catalog import Services
from app.services.reception import appointments, booking_requests
from app.services.reception.context import Reception
from app.services.reception.views import request_out, requests_out
from app.tables.reception import ReceptionRequest

router = APIRouter(
    prefix="/api/reception-requests",
    tags=["personal reception"],
    responses=API_RESPONSES,
)
Decision = Callable[[Reception], ReceptionRequest]


async def _decide(tx: RequestTransactions, now: datetime, decision: Decision) -> RequestOut:
    """One decision on a request, answered with the request as it now stands."""

    def decide(s: Services) -> RequestOut:
        reception = s.reception
        return request_out(reception, decision(reception), reception.today(now))

    return await tx.write(decide)


@router.post("", status_code=status.HTTP_201_CREATED)
async def register(body: RequestIn, tx: Tx, now: Now, staff: Issuer) -> RequestOut:
    """Register a booking request: on the day received, or the next working day when received
    on a non-working day or after closing time (000 p.25). Never refused (000 p.6): a request
    with a blank `subject` is registered as `not_considered`, with `notice_required` set, since
    the applicant must be told (000 p.5). Oral and call-centre requests also go into the
    protocol of oral requests (000 p.25)."""
    return await _decide(
        tx, now, lambda r: booking_requests.register(r, body, now=now, actor=staff.username)
    )


@router.get("")
async def list_requests(
    tx: Tx,
    now: Now,
    _: Issuer,
    state: Annotated[list[RequestState] | None, Query()] = None,
    light: Light | None = None,
) -> list[RequestOut]:
    """Requests in order of registration, each with its open deadlines and traffic light
    (004 p.12.6); `light=overdue` or `light=due_soon` for the reminders."""

    today = tx.site.today(now)
    found = await tx.read(lambda s: requests_out(s.reception, state, today))
    return [r for r in found if light is None or r.light is light]


@router.post("/allocate")
async def allocate(body: AllocateIn, tx: Tx, now: Now, _: Issuer) -> list[RequestOut]:
    """Give accepted requests a day and time of the approved schedule in order of
    registration (000 p.28); the newly scheduled ones."""

    def allocate(s: Services) -> list[RequestOut]:
        reception = s.reception
        scheduled = appointments.allocate_accepted(reception, now=now, earliest=body.earliest)
        today = reception.today(now)
        return [request_out(reception, r, today) for r in scheduled]

    return await tx.write(allocate)


@router.get("/{request_id}")
async def get_request(request_id: RowId, tx: Tx, now: Now, _: Issuer) -> RequestOut:
    def read(s: Services) -> RequestOut:
        reception = s.reception
        found = booking_requests.get(reception, request_id)
        return request_out(reception, found, reception.today(now))

    return await tx.read(read)


@router.post("/{request_id}/accept")
async def accept(request_id: RowId, body: AcceptIn, tx: Tx, now: Now, _: Issuer) -> RequestOut:
    """The proposal is a date (000 p.26): to be received by the official."""
    return await _decide(
        tx, now, lambda r: booking_requests.accept(r, request_id, official=body.official, now=now)
    )


@router.post("/{request_id}/refusal-draft")
async def draft_refusal(
    request_id: RowId, body: RefusalIn, tx: Tx, now: Now, _: Issuer
) -> RequestOut:
    """Propose a refusal on a ground of 000 p.15; the draft goes to the applicant for a hearing
    and the decision can follow 3 working days later (000 p.32)."""
    return await _decide(
        tx, now, lambda r: booking_requests.draft_refusal(r, request_id, body.ground, now=now)
    )


@router.post("/{request_id}/refuse")
async def refuse(request_id: RowId, tx: Tx, now: Now, _: Issuer) -> RequestOut:
    """Decide the drafted refusal, once the hearing period is over (000 p.32)."""
    return await _decide(tx, now, lambda r: booking_requests.decide_refusal(r, request_id, now=now))


@router.post("/{request_id}/extend")
async def extend(request_id: RowId, body: ExtendIn, tx: Tx, now: Now, _: Issuer) -> RequestOut:
    """Extend review (000 p.30): `complex` to 30 calendar days from registration, `reasoned`
    (with `reason`) to two months from registration at most; tell the applicant within
    3 working days."""
    return await _decide(
        tx,
        now,
        lambda r: booking_requests.extend(
            r, request_id, body.kind, until=body.until, reason=body.reason, now=now
        ),
    )


@router.post("/{request_id}/other-bodies")
async def other_bodies(
    request_id: RowId, body: OtherBodiesIn, tx: Tx, now: Now, _: Issuer
) -> RequestOut:
    """Other bodies were asked to take part (000 p.18–19): tell the applicant within 2 WD."""
    return await _decide(
        tx, now, lambda r: booking_requests.ask_other_bodies(r, request_id, body.bodies, now=now)
    )


@router.post("/{request_id}/notices")
async def notice_sent(request_id: RowId, body: NoticeIn, tx: Tx, now: Now, _: Issuer) -> RequestOut:
    """Record that a letter went out: the reply, the extension or the other-bodies notice."""
    return await _decide(
        tx,
        now,
        lambda r: booking_requests.record_notice(r, request_id, body.kind, on=body.on, now=now),
    )


@router.post("/{request_id}/check-in")
async def check_in(
    request_id: RowId, body: CheckInIn, tx: Tx, now: Now, _: Issuer
) -> TicketIssuedOut:
    """The booked applicant has come: a ticket to the official's cabinet (001 p.15)."""

    def check_in(s: Services) -> TicketIssuedOut:
        issued = appointments.check_in(s.reception, request_id, now=now, category=body.category)
        ticket = issued.ticket
        assert ticket.id is not None
        assert ticket.for_workplace is not None
        return TicketIssuedOut(
            request_id=request_id,
            ticket_id=ticket.id,
            display=ticket.display,
            cabinet=ticket.for_workplace,
            ahead=issued.ahead,
        )

    return await tx.write(check_in)
