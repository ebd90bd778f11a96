"""The lobby kiosk: language, purpose, out-of-turn category, confirm → a ticket, printed.

Every step is a server-rendered fragment swapped into the page by htmx (vendored: no
internet needed); the visitor's choices travel in the URLs, so the kiosk holds no session
and any step can be left by the idle timer (kiosk.js) without leftovers. A paired kiosk
device only (cookie from /pair): its POST needs no CSRF token because the cookie is
SameSite=Lax (another site's form cannot send it) and the kiosk browses nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from app.config.centre import LANGUAGES, Category, CentreConfig, Language
from app.domain.errors import Refusal
from app.domain.printing import JobState
from app.domain.routing import Purpose
from app.domain.text import N_
from app.edge.access import KioskDevice
from app.edge.deps import Now, SiteDep, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.edge.templating import render, translator
from app.i18n import translate_error
from app.services.catalog import Services
from app.services.issuing import Handed
from app.services.printing.ticket_text import status_url
from app.services.queue import closed_now
from app.tables.printing import PrinterState, PrintJob
from kiosk.qr import qr_svg

HERE = FilePath(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEMPLATE = "kiosk/kiosk.html"
PRINT_POLLS = 30
"""How many times (about a second apart) the ticket screen asks how its printing went."""

router = APIRouter(prefix="/kiosk", tags=["kiosk"], include_in_schema=False)


@dataclass(frozen=True)
class Choice:
    purpose: Purpose
    title: str
    hint: str


# In the order the visitor reads them, in plain words (001 p.8 routes each to its zone).
CHOICES = (
    Choice(Purpose.CONSULTATION, N_("Get a consultation"), N_("Ask a question, get advice")),
    Choice(
        Purpose.APPEAL_ON_PAPER,
        N_("File an appeal — I have the text"),
        N_("You have brought your written appeal"),
    ),
    Choice(
        Purpose.APPEAL_NO_TEXT,
        N_("File an appeal — I have no text"),
        N_("You will be helped to write it"),
    ),
    Choice(
        Purpose.BOOKING_OR_COMPLAINT,
        N_("Book a reception with the akimat's leadership, or complain"),
        N_("An appointment with the akim or a deputy, or a complaint"),
    ),
    Choice(
        Purpose.BOOKED_RECEPTION,
        N_("I have a booked reception"),
        N_("You were given a day and time"),
    ),
)
UNKNOWN_CHOICE = N_("Please start again.")
CHOOSE_LANGUAGE = N_("Choose your language")  # shown in all three languages at once


def _choices(centre: CentreConfig) -> list[Choice]:
    """The purposes whose zone issues tickets in this centre."""
    return [c for c in CHOICES if (zone := centre.zone(c.purpose.zone)) and zone.issues_tickets]


def _choice(purpose: Purpose) -> Choice:
    return next(c for c in CHOICES if c.purpose is purpose)


def _context(centre: CentreConfig, step: str, language: str, **more: Any) -> dict[str, Any]:
    return {
        "step": step,
        "centre": centre,
        "language": language,
        "idle_seconds": centre.kiosk.idle_seconds,
        **more,
    }


def _screen(
    request: Request,
    centre: CentreConfig,
    step: str,
    language: str,
    *,
    status_code: int = 200,
    **more: Any,
) -> HTMLResponse:
    """One step, as the whole page (first load) or as the fragment htmx swaps in."""
    block = "screen" if request.headers.get("hx-request") else None
    return render(
        request,
        TEMPLATE,
        _context(centre, step, language, **more),
        block=block,
        language=language,
        status_code=status_code,
    )


def _message(
    request: Request, centre: CentreConfig, language: str, text: str, status_code: int
) -> HTMLResponse:
    return _screen(request, centre, "message", language, status_code=status_code, message=text)


# the steps -----------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
async def kiosk_page(request: Request, site: SiteDep, now: Now, _: KioskDevice) -> HTMLResponse:
    return _start(request, site.centre, closed_now(site.calendar, now))


@router.get("/start", response_class=HTMLResponse)
async def start(request: Request, site: SiteDep, now: Now, _: KioskDevice) -> HTMLResponse:
    """The first screen, in all three languages (also what the idle timer comes back to)."""
    return _start(request, site.centre, closed_now(site.calendar, now))


def _start(request: Request, centre: CentreConfig, closed: Refusal | None) -> HTMLResponse:
    notices = {code: translate_error(closed, code) for code in LANGUAGES} if closed else {}
    return _screen(
        request,
        centre,
        "start",
        "kk",
        closed=notices,
        tr={code: translator(code) for code in LANGUAGES},
        choose_language=CHOOSE_LANGUAGE,
    )


@router.get("/purpose", response_class=HTMLResponse)
async def purpose_step(
    request: Request,
    site: SiteDep,
    now: Now,
    _: KioskDevice,
    language: Annotated[Language, Query()],
) -> HTMLResponse:
    closed = closed_now(site.calendar, now)
    if closed is not None:
        return _message(request, site.centre, language, translate_error(closed, language), 200)
    return _screen(request, site.centre, "purpose", language, choices=_choices(site.centre))


@router.get("/priority", response_class=HTMLResponse)
async def priority_step(
    request: Request,
    site: SiteDep,
    _: KioskDevice,
    language: Annotated[Language, Query()],
    purpose: Annotated[Purpose, Query()],
) -> HTMLResponse:
    centre = site.centre
    if not centre.categories:
        return _confirm(request, centre, language, purpose, None)
    return _screen(
        request, centre, "priority", language, purpose=purpose, categories=centre.categories
    )


@router.get("/confirm", response_class=HTMLResponse)
async def confirm_step(
    request: Request,
    site: SiteDep,
    _: KioskDevice,
    language: Annotated[Language, Query()],
    purpose: Annotated[Purpose, Query()],
    priority: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    centre = site.centre
    category = centre.category(priority) if priority else None
    if priority and category is None:
        return _message(request, centre, language, translator(language)(UNKNOWN_CHOICE), 422)
    return _confirm(request, centre, language, purpose, category)


def _confirm(
    request: Request,
    centre: CentreConfig,
    language: str,
    purpose: Purpose,
    category: Category | None,
) -> HTMLResponse:
    return _screen(
        request,
        centre,
        "confirm",
        language,
        purpose=purpose,
        choice=_choice(purpose),
        zone=centre.zone(purpose.zone),
        category=category,
        has_categories=bool(centre.categories),
    )


class KioskTicketForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: Language
    purpose: Purpose
    priority: Annotated[str, Field(max_length=40)] = ""


@router.post("/tickets", response_class=HTMLResponse)
async def issue(
    request: Request,
    form: Annotated[KioskTicketForm, Form()],
    tx: Tx,
    now: Now,
    device: KioskDevice,
) -> HTMLResponse:
    """Issue the ticket, note which kiosk did, and ask for it to be printed: one use case in
    one transaction, committed before the page answers; the printer works after the commit."""
    language = form.language

    def hand_over(s: Services) -> Handed:
        return s.issuing.at_kiosk(
            device,
            language=language,
            purpose=form.purpose,
            priority=form.priority or None,
            base_url=s.printing.base_url(str(request.base_url)),
            now=now,
        )

    outcome = await attempt(request, tx.write(hand_over), language=language)
    centre = tx.site.centre
    if outcome.result is None:
        assert outcome.error is not None
        return _message(request, centre, language, outcome.error, outcome.status_code)
    handed = outcome.result
    ticket = handed.ticket
    category = centre.category(ticket.priority) if ticket.priority else None
    return _screen(
        request,
        centre,
        "ticket",
        ticket.language,
        ticket=ticket,
        ahead=handed.ahead,
        wait=handed.wait,
        zone=centre.zone(ticket.zone),
        category=category,
        printing=_printing(ticket.id or 0, handed.job, handed.printer, 0, handed.status_url),
        # Nothing printed here: the status page's QR on the screen itself (12.8).
        follow=qr_svg(handed.status_url) if handed.job is None else None,
    )


@dataclass(frozen=True)
class Printing:
    """How the ticket's printing goes, for the ticket screen."""

    ticket_id: int
    state: str  # none (no printer) | pending | done | fault
    poll: int | None  # the next poll's number; None: stop asking
    # When the paper will not come: the status page's QR on the screen instead (12.8).
    follow: Markup | None = None


def _printing(
    ticket_id: int, job: PrintJob | None, known: PrinterState | None, polls: int, follow: str
) -> Printing:
    if job is None:
        return Printing(ticket_id, "none", None)
    if job.state is JobState.DONE:
        return Printing(ticket_id, "done", None)
    if job.state in (JobState.FAILED, JobState.UNSURE):
        return Printing(ticket_id, "fault", None, qr_svg(follow))
    # Queued or printing. After a failed attempt the visitor should not wait for paper: ask
    # them to note the number, and keep watching (a retry that succeeds turns the message
    # into "take your ticket"). Before its first attempt, a printer already known to be
    # faulty (its queue is backing off) says the same at once.
    tried = job.attempts - (1 if job.state is JobState.PRINTING else 0)
    faulty = tried > 0 or (job.state is JobState.QUEUED and known is not None and known.ok is False)
    more = polls + 1 if polls < PRINT_POLLS else None
    if faulty:
        return Printing(ticket_id, "fault", more, qr_svg(follow))
    return Printing(ticket_id, "pending", more)


@router.get("/tickets/{ticket_id}/printing", response_class=HTMLResponse)
async def printing_status(
    ticket_id: RowId,
    request: Request,
    tx: Tx,
    device: KioskDevice,
    poll: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    """The ticket screen's printing line, asked again about once a second while it prints.
    Only for tickets this kiosk issued."""
    base_url = str(request.base_url)
    found = await tx.read(
        lambda s: (s.issuing.kiosk_printing(device, ticket_id), s.printing.base_url(base_url))
    )
    printing, base = found
    if printing is None:
        return HTMLResponse("", status_code=404)
    ticket, job, known = printing
    follow = status_url(base, ticket.token)
    return render(
        request,
        TEMPLATE,
        {"printing": _printing(ticket_id, job, known, poll, follow), "ticket": ticket},
        block="printing",
        language=ticket.language,
    )
