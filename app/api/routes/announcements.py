"""`GET /announcements/{key}.wav`: the spoken announcement of a call, for the board.

Rendering runs in a worker thread, never on the event loop, and the synthesis itself goes
through the process's single espeak worker."""

from __future__ import annotations

import time

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.api.responses import API_RESPONSES
from app.domain.errors import Refusal
from app.domain.text import N_
from app.edge.access import BoardViewer
from app.edge.deps import StateDep
from app.schemas.tickets import ErrorOut
from voices import SpeechUnavailable

router = APIRouter(tags=["board"], responses=API_RESPONSES)


class AnnouncementNotFound(Refusal):
    status_code = 404
    code = "announcement_not_found"
    template = N_("There is no announcement {key}.")


class AnnouncementUnavailable(Refusal):
    status_code = 503
    code = "speech_unavailable"
    template = N_("Voice announcements are unavailable: {fault}")


@router.get(
    "/announcements/{key}.wav",
    response_class=FileResponse,
    responses={
        200: {"content": {"audio/wav": {}}, "description": "22,050 Hz mono 16-bit WAV"},
        404: {"model": ErrorOut, "description": "No such call in this centre"},
        503: {
            "model": ErrorOut,
            "description": "Announcements is down: the board plays the chime only",
        },
    },
)
async def announcement(key: str, state: StateDep, _: BoardViewer) -> FileResponse:
    """The call's announcement in the ticket's language, as the feed's `announcement` names it.
    For board devices and staff who may read."""
    speech = state.announcements
    call = speech.lookup(key)
    if call is None:
        raise AnnouncementNotFound(key=key)
    started = time.perf_counter()
    try:
        # Blocking (espeak, disk): in a worker thread, through the process's one espeak.
        path = await anyio.to_thread.run_sync(speech.render, call)
    except SpeechUnavailable as exc:
        raise AnnouncementUnavailable(fault=str(exc)) from exc
    took = (time.perf_counter() - started) * 1000
    headers = {
        # The content behind a key can change (a recorded clip dropped in, new templates
        # after a restart): let the browser keep a copy but ask again (a 304 at most).
        "Cache-Control": "no-cache",
        # How long making the WAV took here (0 when cached or pre-warmed): the browser's
        # developer tools and bench/announce.py show it apart from the network.
        "Server-Timing": f"speech;dur={took:.1f}",
    }
    return FileResponse(path, media_type="audio/wav", headers=headers)
