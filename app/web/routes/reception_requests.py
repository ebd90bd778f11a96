"""The reception-room staff's screens of booking requests (000 p.4–32): register a request from
any channel with the moment it was received, see each one's deadlines with their traffic
lights, accept it, draft and decide a refusal on a ground of 000 p.15, extend its review, give
accepted requests a day and time, record that the letters went out. Officials read the same
pages; only the reception-room staff decide."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from app.domain.access.identity import Staff
from app.domain.reception.terms import ExtensionKind, Notice, RefusalGround
from app.domain.text import N_
from app.edge.access import Issuer, Recorder
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.schemas.fields import Day, Line, Paragraph
from app.schemas.reception import RequestIn
from app.services.catalog import Services
from app.services.reception import appointments, booking_requests
from app.services.reception.context import Reception
from app.tables.reception import ReceptionRequest
from app.web.routes.reception_pages import card_page, done_redirect, list_page, problems

router = APIRouter(prefix="/reception", tags=["screens"], include_in_schema=False)
Decision = Callable[[Reception], ReceptionRequest]

# The registration form's fields, by the label the person sees next to each.
REQUEST_LABELS = {
    "received_at": N_("Received"),
    "channel": N_("Channel"),
    "language": N_("Language of the reply"),
    "applicant_name": N_("Applicant"),
    "contact": N_("Address or telephone"),
    "subject": N_("Issue in substance"),
    "representative": N_("Representative"),
    "competence": N_("Competence"),
    "official": N_("Official"),
    "category": N_("Out of turn"),
    "video_link": N_("Video conference link"),
    "topic": N_("Topic"),
    "district": N_("District or city"),
}
# Blank: none. The topic and district are asked for all the same (003 App.2 p.7): the use case
# refuses a blank one in words, where the centre file keeps the list.
OPTIONAL = (
    "representative",
    "competence",
    "official",
    "category",
    "video_link",
    "topic",
    "district",
)


@router.get("", response_class=HTMLResponse)
async def requests_page(request: Request, tx: Tx, now: Now, staff: Recorder) -> HTMLResponse:
    """Every request in order of registration with its traffic light (004 p.12.6), the form
    that registers a new one, and the appeals under control."""
    return await list_page(request, tx, now, staff)


@router.post("/requests", response_class=HTMLResponse)
async def register(request: Request, tx: Tx, now: Now, staff: Issuer) -> Response:
    """Register a request as received (000 p.25); never refused (000 p.6)."""
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in REQUEST_LABELS}
    values["video_consent"] = "on" if form.get("video_consent") else ""
    try:
        body = _request_in(values, tx)
    except ValidationError as exc:
        error = problems(request, exc, REQUEST_LABELS)
        return await list_page(request, tx, now, staff, values=values, error=error, status_code=422)

    def register(s: Services) -> int:
        row = booking_requests.register(
            s.reception, body, now=now, actor=staff.username, classification_required=True
        )
        assert row.id is not None
        return row.id

    outcome = await attempt(request, tx.write(register))
    if outcome.result is None:
        return await list_page(
            request,
            tx,
            now,
            staff,
            values=values,
            error=outcome.error,
            status_code=outcome.status_code,
        )
    return done_redirect(request, f"/reception/requests/{outcome.result}", "registered")


def _request_in(values: dict[str, str], tx: RequestTransactions) -> RequestIn:
    """The form as the API's own model: the same rules for a screen and a script. The moment
    typed is the centre's local time."""
    data: dict[str, object] = {k: v for k, v in values.items() if k in REQUEST_LABELS}
    for name in OPTIONAL:
        data[name] = values.get(name, "").strip() or None
    data["video_consent"] = values.get("video_consent") == "on"
    try:
        typed = datetime.fromisoformat(values.get("received_at", ""))
    except ValueError:
        pass  # left as typed: the model says what is wrong with it
    else:
        if typed.tzinfo is None:
            data["received_at"] = typed.replace(tzinfo=tx.site.calendar.tz)
    return RequestIn.model_validate(data)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
async def request_card(
    request: Request, request_id: RowId, tx: Tx, now: Now, staff: Recorder
) -> HTMLResponse:
    """One request: its facts, deadlines, letters, decisions, protocol and appeals."""
    return await card_page(request, tx, now, staff, request_id)


async def decide(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    staff: Staff,
    request_id: int,
    done: str,
    decision: Decision,
) -> Response:
    """Run one decision; back to the card with what was done, or the card with the refusal."""
    outcome = await attempt(request, tx.write(lambda s: decision(s.reception).id))
    if outcome.error is not None:
        return await card_page(
            request,
            tx,
            now,
            staff,
            request_id,
            error=outcome.error,
            status_code=outcome.status_code,
        )
    return done_redirect(request, f"/reception/requests/{request_id}", done)


@router.post("/requests/{request_id}/accept", response_class=HTMLResponse)
async def accept(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    official: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """The proposal is a date (000 p.26): to be received by the official chosen."""
    return await decide(
        request, tx, now, staff, request_id, "accepted",
        lambda r: booking_requests.accept(r, request_id, official=official or None, now=now),
    )  # fmt: skip


@router.post("/requests/{request_id}/refusal-draft", response_class=HTMLResponse)
async def draft_refusal(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    ground: Annotated[RefusalGround, Form()],
) -> Response:
    """Propose a refusal on a ground of 000 p.15, for a hearing (000 p.32)."""
    return await decide(
        request, tx, now, staff, request_id, "refusal_drafted",
        lambda r: booking_requests.draft_refusal(r, request_id, ground, now=now),
    )  # fmt: skip


@router.post("/requests/{request_id}/refuse", response_class=HTMLResponse)
async def refuse(request: Request, request_id: RowId, tx: Tx, now: Now, staff: Issuer) -> Response:
    """Decide the drafted refusal once the hearing period is over (000 p.32)."""
    return await decide(
        request, tx, now, staff, request_id, "refused",
        lambda r: booking_requests.decide_refusal(r, request_id, now=now),
    )  # fmt: skip


@router.post("/requests/{request_id}/extend", response_class=HTMLResponse)
async def extend(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    kind: Annotated[ExtensionKind, Form()],
    until: Annotated[Day | None, Form()] = None,
    reason: Annotated[Paragraph, Form(max_length=10_000)] = "",
) -> Response:
    """Extend the review (000 p.30)."""
    return await decide(
        request, tx, now, staff, request_id, "extended",
        lambda r: booking_requests.extend(
            r, request_id, kind, until=until, reason=reason.strip() or None, now=now
        ),
    )  # fmt: skip


@router.post("/requests/{request_id}/other-bodies", response_class=HTMLResponse)
async def other_bodies(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    bodies: Annotated[Line, Form(min_length=1, max_length=500)],
) -> Response:
    """Other bodies were asked to take part (000 p.18–19)."""
    return await decide(
        request, tx, now, staff, request_id, "other_bodies",
        lambda r: booking_requests.ask_other_bodies(r, request_id, bodies, now=now),
    )  # fmt: skip


@router.post("/requests/{request_id}/notices", response_class=HTMLResponse)
async def notice_sent(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    kind: Annotated[Notice, Form()],
    on: Annotated[Day | None, Form()] = None,
) -> Response:
    """A letter went out: the reply, the extension or the other-bodies notice."""
    return await decide(
        request, tx, now, staff, request_id, "notice",
        lambda r: booking_requests.record_notice(r, request_id, kind, on=on, now=now),
    )  # fmt: skip


@router.post("/allocate", response_class=HTMLResponse)
async def allocate(
    request: Request,
    tx: Tx,
    now: Now,
    staff: Issuer,
    earliest: Annotated[Day | None, Form()] = None,
) -> Response:
    """Give accepted requests a day and time of the approved schedule in order of
    registration (000 p.28)."""
    work = tx.write(
        lambda s: len(appointments.allocate_accepted(s.reception, now=now, earliest=earliest))
    )
    outcome = await attempt(request, work)
    if outcome.result is None:
        return await list_page(
            request, tx, now, staff, error=outcome.error, status_code=outcome.status_code
        )
    return done_redirect(request, "/reception", "allocated", count=outcome.result)
