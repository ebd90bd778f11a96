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

Once the visit is over the same fragment asks for a rating (000 p.38): 1–5 stars and an
optional short comment, posted to /t/{token}/feedback (post, then a 303 back here, which thanks
and never asks again). The form carries no CSRF token, deliberately: CSRF borrows a credential
the browser adds by itself (a cookie), and this form has none to borrow — the credential is the
unguessable token in the address, which a forging site would have to know already, and with it
could post directly anyway. The token does not leak in a Referer (Referrer-Policy: no-referrer
on these pages), and a ticket takes one rating only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.domain.errors import Refusal
from app.domain.feedback import COMMENT_MAX, SCORE_WORDS, SCORES, Prompt
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.templating import render
from app.i18n import LANGUAGES, negotiate, translate_error
from app.services.catalog import Services
from app.services.status_page import TicketStatus
from app.tables.queue import Ticket

TEMPLATE = "kiosk/status.html"
REFRESH_SECONDS = 10

router = APIRouter(tags=["status"], include_in_schema=False)

Token = Annotated[str, Path(min_length=8, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
# The token in the address is the ticket's secret: keep it out of other sites' logs.
HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}


def _context(tx: RequestTransactions, status: TicketStatus, prompt: Prompt) -> dict[str, Any]:
    centre = tx.site.centre
    ticket = status.ticket
    return {
        "prompt": prompt.value,
        "scores": SCORES,
        "score_words": SCORE_WORDS,
        "comment_max": COMMENT_MAX,
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


def _read(token: str, now: datetime) -> Callable[[Services], tuple[TicketStatus, Prompt] | None]:
    def read(s: Services) -> tuple[TicketStatus, Prompt] | None:
        status = s.queue.status_of(token, now)
        if status is None:
            return None
        return status, s.feedback.prompt_for(status.ticket, now)

    return read


async def _page(
    request: Request,
    tx: RequestTransactions,
    token: str,
    now: datetime,
    block: str | None,
    *,
    refused: Refusal | None = None,
    chosen: str = "",
    comment: str = "",
) -> HTMLResponse:
    """The page (or its live part); after a refused rating, the page again saying why, with
    what the visitor chose and wrote."""
    found = await tx.read(_read(token, now))
    if found is None:
        language = _language(request, None)
        missing: dict[str, Any] = {"ticket": None, "centre": tx.site.centre}
        return render(
            request, TEMPLATE, missing, language=language, status_code=404, headers=HEADERS
        )
    status, prompt = found
    language = _language(request, status.ticket)
    context = _context(tx, status, prompt)
    context |= {
        "error": translate_error(refused, language) if refused else None,
        "chosen": chosen,
        "comment": comment,
    }
    return render(
        request,
        TEMPLATE,
        context,
        block=block,
        language=language,
        headers=HEADERS,
        status_code=refused.status_code if refused else 200,
    )


@router.get("/t/{token}", response_class=HTMLResponse)
async def status_page(request: Request, token: Token, tx: Tx, now: Now) -> HTMLResponse:
    return await _page(request, tx, token, now, None)


@router.get("/t/{token}/live", response_class=HTMLResponse)
async def status_live(request: Request, token: Token, tx: Tx, now: Now) -> HTMLResponse:
    """The part that changes, asked again every 10 s while the ticket is in the queue."""
    return await _page(request, tx, token, now, "live")


@router.post("/t/{token}/feedback", response_model=None)
async def rate_visit(
    request: Request,
    token: Token,
    tx: Tx,
    now: Now,
    score: Annotated[str, Form(max_length=8)] = "",
    comment: Annotated[str, Form(max_length=COMMENT_MAX * 4)] = "",
) -> Response:
    """The rating form: stored once, then back to the page (a reload repeats nothing), which
    thanks. Refused (no star chosen, a comment too long, rated already): the page again with
    why, in the visitor's language, nothing stored."""
    try:
        await tx.write(
            lambda s: s.feedback.rate_by_token(token, score=score, comment=comment, now=now)
        )
    except Refusal as refused:
        return await _page(
            request, tx, token, now, None, refused=refused, chosen=score, comment=comment
        )
    language = request.query_params.get("lang")
    query = f"?lang={language}" if language in LANGUAGES else ""
    return RedirectResponse(f"/t/{token}{query}#rated", status_code=303, headers=HEADERS)
