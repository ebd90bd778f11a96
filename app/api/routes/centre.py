"""The centre as configured, its health and its board."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.api.deps import Now, QueueDep, StateDep
from app.api.schemas import CategoryOut, Health, NumberRangeOut, ZoneOut
from app.api.transactions import CommitInRouteThread
from app.auth.deps import BoardViewer
from app.services.board import Board, build_board

router = APIRouter(prefix="/api", tags=["centre"], route_class=CommitInRouteThread)


@router.get("/health")
def health(queue: QueueDep, state: StateDep, now: Now) -> Health:
    queue.session.execute(text("SELECT 1"))
    speech = state.announcements.status
    return Health(
        # Still 200: tickets are issued and called without speech (the board chimes), so a
        # load balancer must not take the server out; monitoring reads "degraded".
        status="ok" if speech == "ok" else "degraded",
        database=state.engine.dialect.name,
        speech=speech,
        centre=state.centre.centre.name.en,
        open_now=state.calendar.is_open(now),
        time=now,
    )


@router.get("/zones")
def list_zones(queue: QueueDep, state: StateDep, now: Now) -> list[ZoneOut]:
    counts = queue.tickets.waiting_counts(state.calendar.service_day(now))
    return [
        ZoneOut(
            code=z.code,
            name=z.name,
            issues_tickets=z.issues_tickets,
            range=NumberRangeOut(first=z.numbers.first, last=z.numbers.last, prefix=z.prefix)
            if z.issues_tickets
            else None,
            waiting=counts.get(z.code, 0),
        )
        for z in state.centre.zones
    ]


@router.get("/categories")
def list_categories(state: StateDep) -> list[CategoryOut]:
    """Out-of-turn categories (000 p.12)."""
    return [CategoryOut(code=c.code, name=c.name, rank=c.rank) for c in state.centre.categories]


@router.get("/board")
def board(queue: QueueDep, state: StateDep, now: Now, _: BoardViewer) -> Board:
    """What the waiting-hall board shows: numbers only, never names. For staff who may read
    and for paired board devices."""
    return build_board(queue.tickets, state.centre, state.calendar.service_day(now))
