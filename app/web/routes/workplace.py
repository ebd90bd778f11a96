"""The monoblock screen of a consultant or an official: call, serve, finish, transfer, pause."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse

from app.api.deps import Now, QueueDep, StateDep
from app.auth.deps import Server, Staff
from app.auth.rules import ensure_moves_ticket, ensure_serves_ticket
from app.domain.iin import mask_iin
from app.domain.lifecycle import Action
from app.domain.routing import Purpose
from app.domain.text import N_
from app.domain.workplace import Outcome, PauseReason
from app.services.queue import QueueService
from app.state import AppState
from app.web.htmx import attempt, minutes_between
from app.web.templating import render, request_language, translator

router = APIRouter(prefix="/workplace", tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/workplace.html"
NOBODY_WAITING = N_("Nobody is waiting in your zones.")
NO_WORKPLACE = N_("Sign in at a workplace or cabinet to call visitors.")
TicketId = Annotated[int, Path(ge=1, le=2_147_483_647)]
SERVING_ACTIONS = {
    "recall": Action.RECALL,
    "start": Action.START,
    "no-show": Action.NO_SHOW,
    "return": Action.RETURN_TO_QUEUE,
}


def _context(queue: QueueService, state: AppState, staff: Staff, now: datetime) -> dict[str, Any]:
    workplace = state.centre.workplace(staff.workplace) if staff.workplace else None
    context: dict[str, Any] = {"staff": staff, "workplace": workplace, "centre": state.centre}
    if workplace is None:
        return context
    day = state.calendar.service_day(now)
    current = queue.tickets.current_at(workplace.code, day)
    detail = queue.tickets.visitor_detail(current.id) if current and current.id else None
    waiting, oldest = queue.tickets.waiting_summary(workplace.zones, day)
    status = queue.tickets.workplace_status(workplace.code)
    purpose = current.purpose if current else None
    context.update(
        current=current,
        detail=detail,
        iin_masked=mask_iin(detail.iin) if detail and detail.iin else None,
        category=state.centre.category(current.priority) if current and current.priority else None,
        purpose=Purpose(purpose) if purpose in set(Purpose) else None,
        waited=minutes_between(current.called_at, current.issued_at)
        if current and current.called_at
        else None,
        waiting=waiting,
        longest_wait=minutes_between(now, oldest) if oldest else None,
        paused=status is not None and status.paused,
        pause_reason=PauseReason(status.reason) if status and status.reason else None,
        outcomes=list(Outcome),
        pause_reasons=list(PauseReason),
        transfer_zones=[
            z
            for z in state.centre.zones
            if z.issues_tickets and (current is None or z.code != current.zone)
        ],
        zones_served=[state.centre.zone(code) for code in workplace.zones],
    )
    return context


@dataclass(frozen=True)
class Screen:
    """What every request of this screen works with: who asks, at which moment, through
    which transaction."""

    request: Request
    queue: QueueService
    state: AppState
    staff: Staff
    now: datetime

    def context(self) -> dict[str, Any]:
        return _context(self.queue, self.state, self.staff, self.now)

    def run(self, use_case: Callable[[str], object]) -> HTMLResponse:
        """Run a use case at the staff member's own workplace; answer with the re-rendered
        panel (and the refusal, in the reader's language, when there is one)."""
        _ = translator(request_language(self.request))
        if self.staff.workplace is None:
            error, code = _(NO_WORKPLACE), 409
        else:
            workplace = self.staff.workplace
            result, error, code = attempt(self.request, self.queue, lambda: use_case(workplace))
            if error is None and result is None:
                error = _(NOBODY_WAITING)
        context = self.context() | {"error": error}
        return render(self.request, TEMPLATE, context, block="panel", status_code=code)

    def serve(self, ticket_id: int, action: Action, outcome: Outcome | None = None) -> object:
        """Recall, start, finish, no-show or return: only the ticket called to one's own
        workplace."""
        ticket = self.queue.get(ticket_id, for_update=True)
        ensure_serves_ticket(self.staff, ticket.workplace, ticket.display)
        return self.queue.act(
            ticket_id, action, now=self.now, actor=self.staff.username, outcome=outcome
        )


def open_screen(
    request: Request, queue: QueueDep, state: StateDep, now: Now, staff: Server
) -> Screen:
    return Screen(request, queue, state, staff, now)


ScreenDep = Annotated[Screen, Depends(open_screen)]


@router.get("", response_class=HTMLResponse)
def workplace_page(screen: ScreenDep, block: str | None = None) -> HTMLResponse:
    """The whole screen; `?block=panel` or `?block=queue` re-renders one part (live refresh)."""
    part = block if block in {"panel", "queue"} else None
    return render(screen.request, TEMPLATE, screen.context(), block=part)


@router.post("/call-next", response_class=HTMLResponse)
def call_next(screen: ScreenDep) -> HTMLResponse:
    return screen.run(
        lambda here: screen.queue.call_next(here, now=screen.now, actor=screen.staff.username)
    )


@router.post("/call", response_class=HTMLResponse)
def call_number(screen: ScreenDep, number: Annotated[int, Form(ge=0, le=99999)]) -> HTMLResponse:
    return screen.run(
        lambda here: screen.queue.call_number(
            here, number, now=screen.now, actor=screen.staff.username
        )
    )


@router.post("/tickets/{ticket_id}/finish", response_class=HTMLResponse)
def finish(
    screen: ScreenDep,
    ticket_id: TicketId,
    outcome: Annotated[Outcome, Form()] = Outcome.CONSULTED,
) -> HTMLResponse:
    return screen.run(lambda _here: screen.serve(ticket_id, Action.FINISH, outcome))


@router.post("/tickets/{ticket_id}/transfer", response_class=HTMLResponse)
def transfer(
    screen: ScreenDep, ticket_id: TicketId, zone: Annotated[str, Form(max_length=40)]
) -> HTMLResponse:
    def move(_here: str) -> object:
        ticket = screen.queue.get(ticket_id, for_update=True)
        ensure_moves_ticket(screen.staff, ticket.workplace, ticket.display)
        return screen.queue.transfer(ticket_id, zone, now=screen.now, actor=screen.staff.username)

    return screen.run(move)


@router.post("/tickets/{ticket_id}/{action}", response_class=HTMLResponse)
def serve(screen: ScreenDep, ticket_id: TicketId, action: str) -> HTMLResponse:
    """Recall, start, no-show or return the ticket called to this workplace."""
    chosen = SERVING_ACTIONS.get(action)
    if chosen is None:
        return HTMLResponse(status_code=404)
    return screen.run(lambda _here: screen.serve(ticket_id, chosen))


@router.post("/pause", response_class=HTMLResponse)
def pause(
    screen: ScreenDep, reason: Annotated[PauseReason, Form()] = PauseReason.BREAK
) -> HTMLResponse:
    return screen.run(
        lambda here: screen.queue.pause(here, reason, now=screen.now, actor=screen.staff.username)
    )


@router.post("/resume", response_class=HTMLResponse)
def resume(screen: ScreenDep) -> HTMLResponse:
    return screen.run(
        lambda here: screen.queue.resume(here, now=screen.now, actor=screen.staff.username)
    )
