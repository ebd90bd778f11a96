"""`/api/reception-requests`: booking requests from registration to the day of reception."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.api.deps import Now
from app.api.errors import ERROR_RESPONSES
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Issuer
from app.reception import booking, requests
from app.reception.deps import ReceptionDep
from app.reception.domain.terms import Light, RequestState
from app.reception.requests import NewRequest
from app.reception.schemas import (
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
from app.reception.views import request_out

router = APIRouter(
    prefix="/api/reception-requests",
    tags=["personal reception"],
    responses={**ERROR_RESPONSES, **AUTH_RESPONSES},
)
RequestId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("", status_code=status.HTTP_201_CREATED)
def register(body: RequestIn, rx: ReceptionDep, now: Now, staff: Issuer) -> RequestOut:
    """Register a booking request: on the day received, or the next working day when received
    on a non-working day or after closing time (000 p.25). Never refused (000 p.6): a request
    with a blank `subject` is registered as `not_considered`, with `notice_required` set, since
    the applicant must be told (000 p.5). Oral and call-centre requests also go into the
    protocol of oral requests (000 p.25)."""
    request = requests.register(rx, NewRequest(**body.model_dump()), now=now, actor=staff.username)
    return request_out(rx, request, rx.today(now))


@router.get("")
def list_requests(
    rx: ReceptionDep,
    now: Now,
    _: Issuer,
    state: Annotated[list[RequestState] | None, Query()] = None,
    light: Light | None = None,
) -> list[RequestOut]:
    """Requests in order of registration, each with its open deadlines and traffic light
    (004 p.12.6); `light=overdue` or `light=due_soon` for the reminders."""
    today = rx.today(now)
    found = [request_out(rx, r, today) for r in rx.repo.requests(state)]
    return [r for r in found if light is None or r.light is light]


@router.post("/allocate")
def allocate(body: AllocateIn, rx: ReceptionDep, now: Now, _: Issuer) -> list[RequestOut]:
    """Give accepted requests a day and time of the approved schedule in order of
    registration (000 p.28); the newly scheduled ones."""
    scheduled = booking.allocate_accepted(rx, now=now, earliest=body.earliest)
    today = rx.today(now)
    return [request_out(rx, r, today) for r in scheduled]


@router.get("/{request_id}")
def get_request(request_id: RequestId, rx: ReceptionDep, now: Now, _: Issuer) -> RequestOut:
    return request_out(rx, requests.get(rx, request_id), rx.today(now))


@router.post("/{request_id}/accept")
def accept(
    request_id: RequestId, body: AcceptIn, rx: ReceptionDep, now: Now, _: Issuer
) -> RequestOut:
    """The proposal is a date (000 p.26): to be received by the official."""
    request = requests.accept(rx, request_id, official=body.official, now=now)
    return request_out(rx, request, rx.today(now))


@router.post("/{request_id}/refusal-draft")
def draft_refusal(
    request_id: RequestId, body: RefusalIn, rx: ReceptionDep, now: Now, _: Issuer
) -> RequestOut:
    """Propose a refusal on a ground of 000 p.15; the draft goes to the applicant for a hearing
    and the decision can follow 3 working days later (000 p.32)."""
    request = requests.draft_refusal(rx, request_id, body.ground, now=now)
    return request_out(rx, request, rx.today(now))


@router.post("/{request_id}/refuse")
def refuse(request_id: RequestId, rx: ReceptionDep, now: Now, _: Issuer) -> RequestOut:
    """Decide the drafted refusal, once the hearing period is over (000 p.32)."""
    return request_out(rx, requests.decide_refusal(rx, request_id, now=now), rx.today(now))


@router.post("/{request_id}/extend")
def extend(
    request_id: RequestId, body: ExtendIn, rx: ReceptionDep, now: Now, _: Issuer
) -> RequestOut:
    """Extend review (000 p.30): `complex` to 30 calendar days from registration, `reasoned`
    (with `reason`) to two months from registration at most; tell the applicant within
    3 working days."""
    request = requests.extend(
        rx, request_id, body.kind, until=body.until, reason=body.reason, now=now
    )
    return request_out(rx, request, rx.today(now))


@router.post("/{request_id}/other-bodies")
def other_bodies(
    request_id: RequestId, body: OtherBodiesIn, rx: ReceptionDep, now: Now, _: Issuer
) -> RequestOut:
    """Other bodies were asked to take part (000 p.18–19): tell the applicant within 2 WD."""
    request = requests.ask_other_bodies(rx, request_id, body.bodies, now=now)
    return request_out(rx, request, rx.today(now))


@router.post("/{request_id}/notices")
def notice_sent(
    request_id: RequestId, body: NoticeIn, rx: ReceptionDep, now: Now, _: Issuer
) -> RequestOut:
    """Record that a letter went out: the reply, the extension or the other-bodies notice."""
    request = requests.record_notice(rx, request_id, body.kind, on=body.on, now=now)
    return request_out(rx, request, rx.today(now))


@router.post("/{request_id}/check-in")
def check_in(
    request_id: RequestId, body: CheckInIn, rx: ReceptionDep, now: Now, _: Issuer
) -> TicketIssuedOut:
    """The booked applicant has come: a ticket to the official's cabinet (001 p.15)."""
    issued = booking.check_in(rx, request_id, now=now, category=body.category)
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
