"""The waiting-hall board: numbers and where to go, in Kazakh and Russian together."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.edge.access import BoardViewer
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.templating import render, translator

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

router = APIRouter(tags=["board"], include_in_schema=False)


async def _context(tx: RequestTransactions, now: datetime) -> dict[str, Any]:
    board = await tx.read(lambda s: s.board(now))
    centre = tx.site.centre
    zones = [z for z in centre.zones if z.issues_tickets]
    return {
        "centre": centre,
        "current": board.current,  # every one: the template fits them to the screen
        "last_calls": board.last_calls,
        "waiting": [(z, board.waiting.get(z.code, 0)) for z in zones],
        "speech": centre.speech,  # repeat, volume, chime: announcer.js reads them
        "kk": translator("kk"),
        "ru": translator("ru"),
    }


@router.get("/board", response_class=HTMLResponse)
async def board_page(request: Request, tx: Tx, now: Now, _: BoardViewer) -> HTMLResponse:
    return render(request, "board/board.html", await _context(tx, now), language="kk")


@router.get("/board/calls", response_class=HTMLResponse)
async def board_calls(request: Request, tx: Tx, now: Now, _: BoardViewer) -> HTMLResponse:
    """The live part of the board, re-rendered after each pushed event."""
    return render(request, "board/board.html", await _context(tx, now), block="live", language="kk")
