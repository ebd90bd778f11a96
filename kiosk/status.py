"""The public status page behind a ticket's QR code: /t/{token}.

No sign-in and no personal data: the ticket's number, zone, people ahead, an estimated wait
and, once called, where to go — in the ticket's language (or another, by ?lang=).

Live updates: the fragment with the position re-asks the server every 10 s (htmx
``hx-trigger="every 10s"``), a deliberate exception to the screens' websocket feed:
the feed needs a staff or device token, which a visitor's phone has not; the event hub is
per server process, so an SSE or websocket stream would miss changes made in another
worker process; and phones on mobile data drop long-lived connections anyway. A poll is one
indexed read (no write lock) and stops as soon as the ticket's visit is over. The board and
the voice call the visitor; this page is a convenience, and 10 s is quick enough for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, select

from app.api.deps import Now, StateDep
from app.auth.store import reading
from app.db.models import Ticket
from app.domain.lifecycle import TicketState
from app.i18n import LANGUAGES, negotiate
from app.printing.ticket import estimate_wait
from app.repositories.tickets import TicketRepository
from app.state import AppState
from app.web.templating import render

TEMPLATE = "kiosk/status.html"
REFRESH_SECONDS = 10

router = APIRouter(tags=["status"], include_in_schema=False)

Token = Annotated[str, Path(min_length=8, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
# The token in the address is the ticket's secret: keep it out of other sites' logs.
HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}


def _find(session: Session, token: str) -> Ticket | None:
    return session.exec(select(Ticket).where(col(Ticket.token) == token)).first()


def _context(
    session: Session, state: AppState, ticket: Ticket, today: date
) -> dict[str, Any]:
    ahead = (
        TicketRepository(session).count_ahead(ticket)
        if ticket.state is TicketState.WAITING
        else 0
    )
    stale = ticket.service_day != today
    live = ticket.state.is_active and not stale
    return {
        "ticket": ticket,
        "centre": state.centre,
        "zone": state.centre.zone(ticket.zone),
        "place": state.centre.workplace(ticket.workplace) if ticket.workplace else None,
        "ahead": ahead,
        "wait": estimate_wait(session, state.centre, ticket.zone, ticket.service_day, ahead)
        if live
        else None,
        "stale": stale,
        "live": live,
        "refresh": REFRESH_SECONDS,
        "day": ticket.service_day.strftime("%d.%m.%Y"),
    }


def _language(request: Request, ticket: Ticket | None) -> str:
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if ticket is not None and ticket.language in LANGUAGES:
        return ticket.language
    return negotiate(None, request.headers.get("accept-language"))


def _page(
    request: Request, state: AppState, token: str, now: datetime, block: str | None
) -> HTMLResponse:
    with reading(state.engine) as session:
        ticket = _find(session, token)
        language = _language(request, ticket)
        if ticket is None:
            return render(
                request, TEMPLATE, {"ticket": None, "centre": state.centre}, language=language,
                status_code=404, headers=HEADERS,
            )
        context = _context(session, state, ticket, state.calendar.service_day(now))
    return render(request, TEMPLATE, context, block=block, language=language, headers=HEADERS)


@router.get("/t/{token}", response_class=HTMLResponse)
def status_page(request: Request, token: Token, state: StateDep, now: Now) -> HTMLResponse:
    return _page(request, state, token, now, None)


@router.get("/t/{token}/live", response_class=HTMLResponse)
def status_live(request: Request, token: Token, state: StateDep, now: Now) -> HTMLResponse:
    """The part that changes, asked again every 10 s while the ticket is in the queue."""
    return _page(request, state, token, now, "live")
