"""The centre as configured, its health and its board."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.responses import API_RESPONSES
from app.edge.access import BoardViewer, OptionalStaff
from app.edge.deps import Now, StateDep, Tx
from app.edge.health import DATABASE_OK, database_state
from app.schemas.board import Board
from app.schemas.tickets import CategoryOut, Health, NumberRangeOut, ZoneOut

router = APIRouter(prefix="/api", tags=["centre"], responses=API_RESPONSES)


@router.get("/health", responses={503: {"model": Health, "description": "Cannot serve"}})
async def health(
    tx: Tx, state: StateDep, now: Now, response: Response, viewer: OptionalStaff
) -> Health:
    """Whether the centre can serve: "ok"; "degraded" while voice announcements fail (calls
    still work: the board chimes); "down", with 503, while the database cannot take changes
    (no ticket can be issued nor called). Why speech fails, and which database, only to staff:
    the reasons name files and programs of the server."""
    database = await database_state(tx)
    speech = state.announcements.status
    if database != DATABASE_OK:
        response.status_code = 503
    return Health(
        status="down" if database != DATABASE_OK else "ok" if speech == "ok" else "degraded",
        database=database,
        speech=speech if speech == "ok" or viewer is not None else "failing",
        engine=state.database.dialect if viewer is not None else None,
        centre=state.centre.centre.name.en,
        open_now=state.calendar.is_open(now),
        time=now,
    )


@router.get("/zones")
async def list_zones(tx: Tx, now: Now) -> list[ZoneOut]:
    centre = tx.site.centre
    counts = await tx.read(lambda s: s.queue.waiting_counts(now))
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
        for z in centre.zones
    ]


@router.get("/categories")
async def list_categories(tx: Tx) -> list[CategoryOut]:
    """Out-of-turn categories (000 p.12)."""
    return [CategoryOut.model_validate(c) for c in tx.site.centre.categories]


@router.get("/board")
async def board(tx: Tx, now: Now, _: BoardViewer) -> Board:
    """What the waiting-hall board shows: numbers only, never names. For staff who may read
    and for paired board devices."""
    return await tx.read(lambda s: s.board(now))
