"""The monoblock screen of a consultant or an official: call, serve, finish, transfer, pause."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from app.config.centre import CentreConfig, Workplace, Zone
from app.domain.access.errors import NoWorkplace
from app.domain.access.identity import Staff
from app.domain.iin import mask_iin
from app.domain.lifecycle import UNDO_WINDOW, Action
from app.domain.routing import Purpose
from app.domain.text import N_
from app.domain.workplace import Outcome, PauseReason, outcomes_at
from app.edge.access import Server
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt, minutes_between
from app.edge.params import RowId
from app.edge.templating import render, request_language, translator
from app.services.catalog import Services
from app.services.workplace import WorkplacePanel
from app.tables.queue import Ticket

router = APIRouter(prefix="/workplace", tags=["screens"], include_in_schema=False)
TEMPLATE = "staff/workplace.html"
NOBODY_WAITING = N_("Nobody is waiting in your zones.")
SERVING_ACTIONS = {
    "recall": Action.RECALL,
    "start": Action.START,
    "no-show": Action.NO_SHOW,
    "return": Action.RETURN_TO_QUEUE,
    "reopen": Action.REOPEN,
}


@dataclass(frozen=True)
class Screen:
    """What every request of this screen works with: who asks, at which moment, through
    which transactions."""

    request: Request
    tx: RequestTransactions
    staff: Staff
    now: datetime

    async def context(self) -> dict[str, Any]:
        centre = self.tx.site.centre
        workplace = centre.workplace(self.staff.workplace) if self.staff.workplace else None
        context: dict[str, Any] = {"staff": self.staff, "workplace": workplace, "centre": centre}
        if workplace is None:
            return context
        code, now = workplace.code, self.now
        panel = await self.tx.read(lambda s: s.workplace_panel(code, now))
        assert panel is not None
        return context | _panel_context(panel, workplace, self)

    async def run(self, use_case: Callable[[Services, str], object]) -> HTMLResponse:
        """Run a use case at the staff member's own workplace; answer with the re-rendered
        panel (and the refusal, in the reader's language, when there is one)."""
        _ = translator(request_language(self.request))
        if self.staff.workplace is None:
            error, code = _(NoWorkplace.template), 409
        else:
            workplace = self.staff.workplace
            outcome = await attempt(self.request, self.tx.write(lambda s: use_case(s, workplace)))
            error, code = outcome.error, outcome.status_code
            if error is None and outcome.result is None:
                error = _(NOBODY_WAITING)
        context = await self.context() | {"error": error}
        return render(self.request, TEMPLATE, context, block="panel", status_code=code)

    def serve(
        self, s: Services, ticket_id: int, action: Action, outcome: Outcome | None = None
    ) -> object:
        """Recall, start, finish, no-show or return: only the ticket called to one's own
        workplace."""
        return s.queue.act_for(self.staff, ticket_id, action, now=self.now, outcome=outcome)


def _panel_context(panel: WorkplacePanel, workplace: Workplace, screen: Screen) -> dict[str, Any]:
    centre = screen.tx.site.centre
    current, detail, status = panel.current, panel.detail, panel.status
    purpose = current.purpose if current else None
    return {
        "current": current,
        "detail": detail,
        "iin_masked": mask_iin(detail.iin) if detail and detail.iin else None,
        "category": centre.category(current.priority) if current and current.priority else None,
        "purpose": Purpose(purpose) if purpose in set(Purpose) else None,
        "waited": minutes_between(current.called_at, current.issued_at)
        if current and current.called_at
        else None,
        "waiting": panel.waiting,
        "longest_wait": minutes_between(screen.now, panel.oldest) if panel.oldest else None,
        "paused": status is not None and status.paused,
        "pause_reason": PauseReason(status.reason) if status and status.reason else None,
        "outcomes": outcomes_at(workplace.kind),
        "pause_reasons": list(PauseReason),
        "transfer_targets": transfer_targets(centre, screen.staff.workplace),
        "zones_served": [centre.zone(code) for code in workplace.zones],
        "served": len(panel.served),
        "average": round(panel.average_minutes) if panel.average_minutes is not None else None,
        "undo": undo_offer(panel.last_finished, screen.now),
        # The service timer runs from the call, and from the start once the visitor came.
        "timer_since": (current.started_at or current.called_at) if current else None,
    }


@dataclass(frozen=True)
class UndoOffer:
    ticket: Ticket
    seconds_left: int


def undo_offer(finished: Ticket | None, now: datetime) -> UndoOffer | None:
    """The Finish this workplace may still undo (lifecycle.UNDO_WINDOW), if any."""
    if finished is None or finished.finished_at is None:
        return None
    left = (finished.finished_at + UNDO_WINDOW - now).total_seconds()
    return UndoOffer(finished, int(left)) if left >= 1 else None


def transfer_targets(centre: CentreConfig, here: str | None) -> list[tuple[Zone, bool, list[Any]]]:
    """Where a ticket can be sent from here: each zone that issues tickets, whether its queue
    as a whole may be chosen (not a zone of cabinets: there an official is always named), and
    its workplaces other than this one."""
    targets = []
    for zone in centre.zones:
        if not zone.issues_tickets:
            continue
        places = [w for w in centre.workplaces if zone.code in w.zones and w.code != here]
        targets.append((zone, not centre.cabinets_of(zone.code), places))
    return targets


async def open_screen(request: Request, tx: Tx, now: Now, staff: Server) -> Screen:
    return Screen(request, tx, staff, now)


ScreenDep = Annotated[Screen, Depends(open_screen)]


@router.get("", response_class=HTMLResponse)
async def workplace_page(screen: ScreenDep, block: str | None = None) -> HTMLResponse:
    """The whole screen; `?block=panel` or `?block=queue` re-renders one part (live refresh)."""
    part = block if block in {"panel", "queue"} else None
    return render(screen.request, TEMPLATE, await screen.context(), block=part)


@router.post("/call-next", response_class=HTMLResponse)
async def call_next(screen: ScreenDep) -> HTMLResponse:
    actor = screen.staff.username
    return await screen.run(lambda s, here: s.queue.call_next(here, now=screen.now, actor=actor))


@router.post("/call", response_class=HTMLResponse)
async def call_number(
    screen: ScreenDep, number: Annotated[int, Form(ge=0, le=99999)]
) -> HTMLResponse:
    actor = screen.staff.username
    return await screen.run(
        lambda s, here: s.queue.call_number(here, number, now=screen.now, actor=actor)
    )


@router.post("/tickets/{ticket_id}/finish", response_class=HTMLResponse)
async def finish(
    screen: ScreenDep,
    ticket_id: RowId,
    outcome: Annotated[Outcome, Form()] = Outcome.CONSULTED,
) -> HTMLResponse:
    return await screen.run(lambda s, _here: screen.serve(s, ticket_id, Action.FINISH, outcome))


@router.post("/tickets/{ticket_id}/transfer", response_class=HTMLResponse)
async def transfer(
    screen: ScreenDep, ticket_id: RowId, target: Annotated[str, Form(max_length=81)]
) -> HTMLResponse:
    """`target`: a zone's queue (`consultation`) or one workplace of it
    (`consultation:window-2`, `personal_reception:cabinet-201`)."""
    zone, _, to = target.partition(":")
    return await screen.run(
        lambda s, _here: s.queue.transfer_for(
            screen.staff, ticket_id, zone, now=screen.now, to=to or None
        )
    )


@router.post("/tickets/{ticket_id}/{action}", response_class=HTMLResponse)
async def serve(screen: ScreenDep, ticket_id: RowId, action: str) -> HTMLResponse:
    """Recall, start, no-show or return the ticket called to this workplace; reopen the one
    it has just finished."""
    chosen = SERVING_ACTIONS.get(action)
    if chosen is None:
        return HTMLResponse(status_code=404)
    return await screen.run(lambda s, _here: screen.serve(s, ticket_id, chosen))


@router.post("/pause", response_class=HTMLResponse)
async def pause(
    screen: ScreenDep, reason: Annotated[PauseReason, Form()] = PauseReason.BREAK
) -> HTMLResponse:
    actor = screen.staff.username
    return await screen.run(
        lambda s, here: s.pauses.pause(here, reason, now=screen.now, actor=actor)
    )


@router.post("/resume", response_class=HTMLResponse)
async def resume(screen: ScreenDep) -> HTMLResponse:
    actor = screen.staff.username
    return await screen.run(lambda s, here: s.pauses.resume(here, now=screen.now, actor=actor))
