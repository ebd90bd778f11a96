"""The feedback tablet at a workplace: /feedback (a paired FEEDBACK device only).

It waits on a welcome screen in three languages. When a ticket is finished at its workplace
(the live feed's `ticket.finished`, which carries numbers only), it asks that visitor for 1–5
stars — two taps: a star, then Send — in the ticket's language (kk/ru/en to switch), thanks
them and goes back to the welcome screen by itself; untouched, the question goes after
`[feedback] tablet_reset_seconds`. After a reload or a dropped link it asks about the last
visit finished there in the last few minutes that is not rated yet, so the visitor is not
lost (app.domain.feedback.TABLET_RECENT).

Like the kiosk, its form needs no CSRF token: the device cookie is SameSite=Lax (another
site's form cannot send it) and the tablet browses nowhere else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config.centre import Language
from app.domain.access.identity import Device
from app.domain.errors import Refusal
from app.domain.feedback import SCORE_WORDS, SCORES, BadScore
from app.domain.text import N_
from app.edge.access import FeedbackDevice
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.params import RowId, RowIdQuery
from app.edge.templating import render, translator
from app.i18n import LANGUAGES, translate_error
from app.services.feedback import TabletTicket

TEMPLATE = "kiosk/feedback.html"
THANKS_SECONDS = 6  # the thank-you stays this long, then the welcome screen
WELCOME = N_("Please rate your visit after it ends")
LINK_LOST = N_("Connection lost — reconnecting…")

router = APIRouter(prefix="/feedback", tags=["feedback tablet"], include_in_schema=False)


def _context(tx: RequestTransactions, device: Device, step: str, **more: Any) -> dict[str, Any]:
    centre = tx.site.centre
    return {
        "step": step,
        "centre": centre,
        "place": centre.workplace(device.workplace) if device.workplace else None,
        "workplace_code": device.workplace or "",
        "scores": SCORES,
        "score_words": SCORE_WORDS,
        "tr": {code: translator(code) for code in LANGUAGES},
        "welcome": WELCOME,
        "link_lost": LINK_LOST,
        "reset_seconds": centre.feedback.tablet_reset_seconds,
        "thanks_seconds": THANKS_SECONDS,
        **more,
    }


def _screen(
    request: Request,
    tx: RequestTransactions,
    device: Device,
    ticket: TabletTicket | None,
    language: str | None = None,
    *,
    whole: bool = False,
    step: str | None = None,
    status_code: int = 200,
    **more: Any,
) -> HTMLResponse:
    """The welcome screen, or the question about `ticket` in `language` (else its own);
    the whole page or the screen alone (htmx, and the tablet's script)."""
    if step is None:
        step = "rate" if ticket is not None else "idle"
    if step == "idle":
        language = "kk"  # the welcome screen speaks all three languages at once
    elif language not in LANGUAGES:
        language = ticket.language if ticket and ticket.language in LANGUAGES else "kk"
    return render(
        request,
        TEMPLATE,
        _context(tx, device, step, ticket=ticket, **more),
        block=None if whole else "screen",
        language=language,
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
async def tablet_page(request: Request, tx: Tx, now: Now, device: FeedbackDevice) -> HTMLResponse:
    """The tablet's page: the last visit finished here a moment ago and not rated yet (a
    reload loses no visitor), else the welcome screen."""
    ticket = await tx.read(lambda s: s.feedback.for_tablet(device, now))
    return _screen(request, tx, device, ticket, whole=True)


@router.get("/screen", response_class=HTMLResponse)
async def tablet_screen(
    request: Request,
    tx: Tx,
    now: Now,
    device: FeedbackDevice,
    ticket: RowIdQuery = None,
    latest: Annotated[bool, Query()] = False,
    lang: Annotated[Language | None, Query()] = None,
) -> HTMLResponse:
    """The screen alone: the question about `ticket` (just finished here, from the feed) if
    the tablet may ask about it, the `latest` such visit (after a dropped link), or the
    welcome screen (no parameter: the reset)."""
    found: TabletTicket | None = None
    if ticket is not None or latest:
        found = await tx.read(lambda s: s.feedback.for_tablet(device, now, ticket))
    return _screen(request, tx, device, found, lang)


@router.post("/tickets/{ticket_id}/rating", response_model=None)
async def tablet_rating(
    request: Request,
    ticket_id: RowId,
    tx: Tx,
    now: Now,
    device: FeedbackDevice,
    score: Annotated[str, Form(max_length=8)] = "",
    lang: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """A star chosen and sent: stored with the tablet as its source, then thanks (htmx: the
    screen; a plain form: back to the page). No star: asked again. Rated already, or not a
    visit of this workplace today: said, and the tablet goes back to its welcome screen."""
    language = lang if lang in LANGUAGES else None
    try:
        await tx.write(
            lambda s: s.feedback.rate(ticket_id, score=score, comment=None, now=now, device=device)
        )
    except BadScore as refused:
        ticket = await tx.read(lambda s: s.feedback.for_tablet(device, now, ticket_id))
        message = translate_error(refused, language or (ticket.language if ticket else "kk"))
        return _screen(
            request, tx, device, ticket, language, status_code=refused.status_code, error=message
        )
    except Refusal as refused:
        message = translate_error(refused, language or "kk")
        return _screen(
            request,
            tx,
            device,
            None,
            language,
            step="message",
            status_code=refused.status_code,
            message=message,
            ticket_id=ticket_id,
        )
    if not request.headers.get("hx-request"):
        return RedirectResponse("/feedback", status_code=303)
    return _screen(request, tx, device, None, language, step="thanks", ticket_id=ticket_id)
