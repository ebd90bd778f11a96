"""The lobby kiosk: language, purpose, out-of-turn category, confirm → a ticket, printed.

Every step is a server-rendered fragment swapped into the page by htmx (vendored: no
internet needed); the visitor's choices travel in the URLs, so the kiosk holds no session
and any step can be left by the idle timer (kiosk.js) without leftovers. A paired kiosk
device only (cookie from /pair): its POST needs no CSRF token because the cookie is
SameSite=Lax (another site's form cannot send it) and the kiosk browses nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, select

from app.api.deps import Now, QueueDep, StateDep
from app.api.transactions import CommitInRouteThread
from app.auth.deps import KioskDevice
from app.config.centre import LANGUAGES, Category, Language
from app.domain import errors
from app.domain.errors import DomainError
from app.domain.routing import Purpose
from app.domain.text import N_
from app.i18n import translate_error
from app.printing.models import JobState, PrinterState, PrintJob
from app.printing.service import order_print, public_base
from app.services.queue import Issued
from app.state import AppState
from app.web.templating import render, translator
from kiosk.service import issued_by, issued_recently, record_issue

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEMPLATE = "kiosk/kiosk.html"
PRINT_POLLS = 30
"""How many times (about a second apart) the ticket screen asks how its printing went."""

router = APIRouter(
    prefix="/kiosk", tags=["kiosk"], include_in_schema=False, route_class=CommitInRouteThread
)


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
LIMIT_REACHED = N_(
    "This kiosk has just issued several tickets. Please wait a minute and try again, "
    "or ask at the reception desk."
)
UNKNOWN_CHOICE = N_("Please start again.")
CHOOSE_LANGUAGE = N_("Choose your language")  # shown in all three languages at once


def _closed_error(state: AppState, now: datetime) -> errors.CentreClosed | None:
    """The refusal the queue would give now (same wording and date format as it uses)."""
    if state.calendar.is_open(now):
        return None
    opens = state.calendar.next_opening(now)
    return errors.CentreClosed(opens_at=opens.strftime("%Y-%m-%d %H:%M"))


def _choices(state: AppState) -> list[Choice]:
    """The purposes whose zone issues tickets in this centre."""
    return [
        c for c in CHOICES if (zone := state.centre.zone(c.purpose.zone)) and zone.issues_tickets
    ]


def _choice(purpose: Purpose) -> Choice:
    return next(c for c in CHOICES if c.purpose is purpose)


def _context(state: AppState, step: str, language: str, **more: Any) -> dict[str, Any]:
    return {
        "step": step,
        "centre": state.centre,
        "language": language,
        "idle_seconds": state.centre.kiosk.idle_seconds,
        **more,
    }


def _screen(
    request: Request,
    state: AppState,
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
        _context(state, step, language, **more),
        block=block,
        language=language,
        status_code=status_code,
    )


def _message(
    request: Request, state: AppState, language: str, text: str, status_code: int
) -> HTMLResponse:
    return _screen(request, state, "message", language, status_code=status_code, message=text)


# the steps -----------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def kiosk_page(request: Request, state: StateDep, now: Now, _: KioskDevice) -> HTMLResponse:
    return _start(request, state, now)


@router.get("/start", response_class=HTMLResponse)
def start(request: Request, state: StateDep, now: Now, _: KioskDevice) -> HTMLResponse:
    """The first screen, in all three languages (also what the idle timer comes back to)."""
    return _start(request, state, now)


def _start(request: Request, state: AppState, now: datetime) -> HTMLResponse:
    closed = _closed_error(state, now)
    notices = {code: translate_error(closed, code) for code in LANGUAGES} if closed else {}
    return _screen(
        request,
        state,
        "start",
        "kk",
        closed=notices,
        tr={code: translator(code) for code in LANGUAGES},
        choose_language=CHOOSE_LANGUAGE,
    )


@router.get("/purpose", response_class=HTMLResponse)
def purpose_step(
    request: Request,
    state: StateDep,
    now: Now,
    _: KioskDevice,
    language: Annotated[Language, Query()],
) -> HTMLResponse:
    closed = _closed_error(state, now)
    if closed is not None:
        return _message(request, state, language, translate_error(closed, language), 200)
    return _screen(request, state, "purpose", language, choices=_choices(state))


@router.get("/priority", response_class=HTMLResponse)
def priority_step(
    request: Request,
    state: StateDep,
    _: KioskDevice,
    language: Annotated[Language, Query()],
    purpose: Annotated[Purpose, Query()],
) -> HTMLResponse:
    if not state.centre.categories:
        return _confirm(request, state, language, purpose, None)
    return _screen(
        request,
        state,
        "priority",
        language,
        purpose=purpose,
        categories=state.centre.categories,
    )


@router.get("/confirm", response_class=HTMLResponse)
def confirm_step(
    request: Request,
    state: StateDep,
    _: KioskDevice,
    language: Annotated[Language, Query()],
    purpose: Annotated[Purpose, Query()],
    priority: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    category = state.centre.category(priority) if priority else None
    if priority and category is None:
        return _message(request, state, language, translator(language)(UNKNOWN_CHOICE), 422)
    return _confirm(request, state, language, purpose, category)


def _confirm(
    request: Request,
    state: AppState,
    language: str,
    purpose: Purpose,
    category: Category | None,
) -> HTMLResponse:
    return _screen(
        request,
        state,
        "confirm",
        language,
        purpose=purpose,
        choice=_choice(purpose),
        zone=state.centre.zone(purpose.zone),
        category=category,
        has_categories=bool(state.centre.categories),
    )


class KioskTicketForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: Language
    purpose: Purpose
    priority: Annotated[str, Field(max_length=40)] = ""


@router.post("/tickets", response_class=HTMLResponse)
def issue(
    request: Request,
    form: Annotated[KioskTicketForm, Form()],
    queue: QueueDep,
    state: StateDep,
    now: Now,
    device: KioskDevice,
) -> HTMLResponse:
    """Issue the ticket, note which kiosk did, and ask for it to be printed: all in one
    transaction, committed before the page answers; the printer works after the commit."""
    language = form.language
    limit = state.centre.kiosk.tickets_per_minute
    if issued_recently(queue.session, device.id, now) >= limit:
        return _message(request, state, language, translator(language)(LIMIT_REACHED), 429)
    try:
        issued = queue.issue(
            zone=form.purpose.zone,
            language=language,
            purpose=form.purpose.value,
            priority=form.priority or None,
            now=now,
        )
    except DomainError as exc:
        queue.session.rollback()
        queue.events.clear()
        return _message(request, state, language, translate_error(exc, language), exc.status_code)
    ticket = issued.ticket
    record_issue(queue.session, ticket, device.id, now)
    printer = state.printer_registry.for_kiosk(device.name)
    job = None
    if printer is not None:
        job = order_print(
            queue,
            state,
            ticket,
            printer,
            ahead=issued.ahead,
            base_url=public_base(state, request),
            requested_by=f"kiosk:{device.name}",
        )
    known = queue.session.get(PrinterState, printer.code) if printer else None
    return _ticket_screen(request, state, issued, job, known)


def _ticket_screen(
    request: Request,
    state: AppState,
    issued: Issued,
    job: PrintJob | None,
    known: PrinterState | None,
) -> HTMLResponse:
    ticket = issued.ticket
    language = ticket.language
    category = state.centre.category(ticket.priority) if ticket.priority else None
    wait = job.wait_minutes if job else None
    return _screen(
        request,
        state,
        "ticket",
        language,
        ticket=ticket,
        ahead=issued.ahead,
        wait=wait,
        zone=state.centre.zone(ticket.zone),
        category=category,
        printing=_printing(ticket.id or 0, job, known, 0),
    )


@dataclass(frozen=True)
class Printing:
    """How the ticket's printing goes, for the ticket screen."""

    ticket_id: int
    state: str  # none (no printer) | pending | done | fault
    poll: int | None  # the next poll's number; None: stop asking


def _printing(
    ticket_id: int, job: PrintJob | None, known: PrinterState | None, polls: int
) -> Printing:
    if job is None:
        return Printing(ticket_id, "none", None)
    if job.state is JobState.DONE:
        return Printing(ticket_id, "done", None)
    if job.state in (JobState.FAILED, JobState.UNSURE):
        return Printing(ticket_id, "fault", None)
    # Queued or printing. After a failed attempt the visitor should not wait for paper: ask
    # them to note the number, and keep watching (a retry that succeeds turns the message
    # into "take your ticket"). Before its first attempt, a printer already known to be
    # faulty (its queue is backing off) says the same at once.
    tried = job.attempts - (1 if job.state is JobState.PRINTING else 0)
    faulty = tried > 0 or (
        job.state is JobState.QUEUED and known is not None and known.ok is False
    )
    more = polls + 1 if polls < PRINT_POLLS else None
    return Printing(ticket_id, "fault" if faulty else "pending", more)


@router.get("/tickets/{ticket_id}/printing", response_class=HTMLResponse)
def printing_status(
    ticket_id: int,
    request: Request,
    queue: QueueDep,
    state: StateDep,
    device: KioskDevice,
    poll: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    """The ticket screen's printing line, asked again about once a second while it prints.
    Only for tickets this kiosk issued."""
    session = queue.session
    if issued_by(session, ticket_id) != device.id:
        return HTMLResponse("", status_code=404)
    job = session.exec(
        select(PrintJob)
        .where(col(PrintJob.ticket_id) == ticket_id)
        .order_by(col(PrintJob.id).desc())
        .limit(1)
    ).first()
    known = session.get(PrinterState, job.printer) if job else None
    ticket = queue.get(ticket_id)
    return render(
        request,
        TEMPLATE,
        {"printing": _printing(ticket_id, job, known, poll), "ticket": ticket},
        block="printing",
        language=ticket.language,
    )

