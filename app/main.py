"""The FastAPI application."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

import board.routes
import kiosk.routes
import kiosk.status
from app.api.admission import AdmissionLimit
from app.api.errors import install_error_handlers
from app.api.routes import centre, tickets, workplaces
from app.auth.setup import install_auth
from app.config.settings import Settings
from app.live import routes as live
from app.printing import desk as printing_desk
from app.printing import routes as printing
from app.reception.setup import install_reception
from app.speech import routes as announcements
from app.state import AppState
from app.web.routes import desk
from app.web.routes import workplace as workplace_screen
from app.web.templating import add_template_dir

VERSION = "0.1.0"
STATIC = Path(__file__).parent / "web" / "static"

add_template_dir(board.routes.TEMPLATES)
add_template_dir(kiosk.routes.TEMPLATES)
add_template_dir(printing_desk.TEMPLATES)


def create_app(state: AppState | None = None) -> FastAPI:
    """Build the app. Without a state, settings come from QABYLDAU_* variables."""
    app_state = state or AppState.from_settings(Settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        app_state.hub.bind(asyncio.get_running_loop())
        # Loads espeak-ng in the background: health shows a missing engine from the start and
        # the first call does not pay for loading it.
        app_state.announcements.start_check()
        # The print spooler's workers: queued jobs left by the last run are printed now.
        await run_in_threadpool(app_state.print_spooler.start)
        _freeze_startup_objects()
        yield
        await run_in_threadpool(app_state.print_spooler.stop)
        app_state.announcements.close()

    app = FastAPI(
        title="Qabyldau",
        version=VERSION,
        summary="E-queue and kiosk system for a Citizens' Reception Centre",
        lifespan=lifespan,
    )
    app.state.qabyldau = app_state
    install_error_handlers(app)
    # Routes are tried in order: the queue's API, which takes most requests, first.
    for module in (tickets, workplaces):
        app.include_router(module.router)
    install_auth(app)  # sign-in, tokens, devices; answers refusals of access
    for module in (centre, live, board.routes, workplace_screen, desk):
        app.include_router(module.router)
    app.include_router(announcements.router)
    install_reception(app)  # personal reception: officials, schedules, bookings, protocol
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/board/static", StaticFiles(directory=board.routes.STATIC), name="board-static")
    for module in (kiosk.routes, kiosk.status, printing, printing_desk):  # kiosk and printing
        app.include_router(module.router)
    app.mount("/kiosk/static", StaticFiles(directory=kiosk.routes.STATIC), name="kiosk-static")
    # Outermost: fewer requests at once than pool threads (see app/api/admission.py).
    app.add_middleware(AdmissionLimit)
    return app


def _freeze_startup_objects() -> None:
    """Move everything built at start (modules, the app, the centre, SQLAlchemy's mappers and
    caches) out of the garbage collector's sight: they live as long as the process. A full
    collection then has only the objects made since to look at; scanning all of them stalled
    a worker for ~90 ms under load, every request in flight with it."""
    gc.collect()
    gc.freeze()


def app_factory() -> FastAPI:
    """For `uvicorn --factory app.main:app_factory` (each worker process builds its own)."""
    return create_app()
