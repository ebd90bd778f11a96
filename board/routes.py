"""The waiting-hall board: numbers and where to go, in Kazakh and Russian together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.api.deps import Now, QueueDep, StateDep
from app.auth.deps import BoardViewer
from app.services.board import build_board
from app.state import AppState
from app.web.templating import render, translator

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CURRENT_ROWS = 6

router = APIRouter(tags=["board"], include_in_schema=False)


def _context(queue: Any, state: AppState, now: Any) -> dict[str, Any]:
    board = build_board(queue.tickets, state.centre, state.calendar.service_day(now))
    zones = [z for z in state.centre.zones if z.issues_tickets]
    return {
        "centre": state.centre,
        "current": board.current[:CURRENT_ROWS],
        "last_calls": board.last_calls,
        "waiting": [(z, board.waiting.get(z.code, 0)) for z in zones],
        "speech": state.centre.speech,  # repeat, volume, chime: announcer.js reads them
        "kk": translator("kk"),
        "ru": translator("ru"),
    }


@router.get("/board", response_class=HTMLResponse)
def board_page(
    request: Request, queue: QueueDep, state: StateDep, now: Now, _: BoardViewer
) -> HTMLResponse:
    return render(request, "board/board.html", _context(queue, state, now), language="kk")


@router.get("/board/calls", response_class=HTMLResponse)
def board_calls(
    request: Request, queue: QueueDep, state: StateDep, now: Now, _: BoardViewer
) -> HTMLResponse:
    """The live part of the board, re-rendered after each pushed event."""
    return render(
        request, "board/board.html", _context(queue, state, now), block="live", language="kk"
    )
