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

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.templating import render
from app.i18n import LANGUAGES, negotiate
from app.services.status_page import TicketStatus
from app.tables.queue import Ticket

TEMPLATE = "kiosk/status.html"
REFRESH_SECONDS = 10

router = APIRouter(tags=["status"], include_in_schema=False)

Token = Annotated[str, Path(min_length=8, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
# The token in the address is the ticket's secret: keep it out of other sites' logs.
HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}


def _context(tx: RequestTransactions, status: TicketStatus) -> dict[str, Any]:
    centre = tx.site.centre
    ticket = status.ticket
    return {
        "ticket": ticket,
        "centre": centre,
        "zone": centre.zone(ticket.zone),
        "place": centre.workplace(ticket.workplace) if ticket.workplace else None,
        "ahead": status.ahead,
        "near": status.near,
        "wait": status.wait,
        "stale": status.stale,
        "live": status.live,
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


async def _page(
    request: Request, tx: RequestTransactions, token: str, now: datetime, block: str | None
) -> HTMLResponse:
    status = await tx.read(lambda s: s.queue.status_of(token, now))
    if status is None:
        language = _language(request, None)
        context = {"ticket": None, "centre": tx.site.centre}
        return render(
            request, TEMPLATE, context, language=language, status_code=404, headers=HEADERS
        )
    language = _language(request, status.ticket)
    context = _context(tx, status)
    return render(request, TEMPLATE, context, block=block, language=language, headers=HEADERS)


@router.get("/t/{token}", response_class=HTMLResponse)
async def status_page(request: Request, token: Token, tx: Tx, now: Now) -> HTMLResponse:
    return await _page(request, tx, token, now, None)


@router.get("/t/{token}/live", response_class=HTMLResponse)
async def status_live(request: Request, token: Token, tx: Tx, now: Now) -> HTMLResponse:
    """The part that changes, asked again every 10 s while the ticket is in the queue."""
    return await _page(request, tx, token, now, "live")
