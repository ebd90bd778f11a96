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
import kiosk.feedback
import kiosk.routes
import kiosk.status
from app.api.routes import (
    announcements,
    auth,
    centre,
    events,
    feedback,
    monitoring,
    printing,
    reception_protocol,
    reception_requests,
    reception_schedule,
    reports,
    statistics,
    tickets,
    workplaces,
)
from app.config.private_files import keep_private
from app.config.settings import Settings
from app.edge.errors import install_error_handlers, refusal
from app.edge.headers import SecurityHeaders
from app.edge.limits import RequestLimits
from app.edge.log_redaction import install_log_redaction
from app.edge.state import AppState
from app.edge.templating import add_template_dir
from app.services.periodic import repeat
from app.services.retention import EVERY_SECONDS as RETENTION_EVERY_SECONDS
from app.services.retention import forget_now
from app.services.statistics import CLOSE_EVERY_SECONDS, count_closed_days
from app.web.routes import admin, assistance, desk, printers, reception, signin, survey, workplace
from app.web.routes import monitoring as monitoring_screen
from app.web.routes import reception_record as reception_record_screens
from app.web.routes import reception_requests as reception_request_screens
from app.web.routes import reports as reports_screen
from app.web.routes import statistics as statistics_screen

VERSION = "0.1.0"
STATIC = Path(__file__).parent / "web" / "static"

add_template_dir(board.routes.TEMPLATES)
add_template_dir(kiosk.routes.TEMPLATES)


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
        await run_in_threadpool(app_state.spooler.start)
        # Feedback's personal data past its period is deleted now and every few hours.
        tx, clock = app_state.transactions, app_state.clock
        forgetting = asyncio.create_task(
            repeat("retention", lambda: forget_now(tx, clock), RETENTION_EVERY_SECONDS)
        )
        # The days that are over are counted once, for the statistics' speed.
        counting = asyncio.create_task(
            repeat(
                "counting closed days", lambda: count_closed_days(tx, clock), CLOSE_EVERY_SECONDS
            )
        )
        _freeze_startup_objects()
        yield
        forgetting.cancel()
        counting.cancel()
        await run_in_threadpool(app_state.spooler.stop)
        app_state.announcements.close()

    app = FastAPI(
        title="Qabyldau",
        version=VERSION,
        summary="E-queue and kiosk system for a Citizens' Reception Centre",
        lifespan=lifespan,
    )
    app.state.qabyldau = app_state
    install_error_handlers(app)
    install_log_redaction()
    # Routes are tried in order: the queue's API, which takes most requests, first.
    routers = (
        tickets.router,
        workplaces.router,
        auth.router,
        auth.devices_router,
        signin.router,
        admin.router,
        centre.router,
        events.router,
        board.routes.router,
        workplace.router,
        desk.router,
        announcements.router,
        reception_requests.router,
        reception_protocol.router,
        reception_schedule.router,
        reception.router,
        reception_request_screens.router,
        reception_record_screens.router,
        kiosk.routes.router,
        kiosk.status.router,
        kiosk.feedback.router,
        feedback.router,
        printing.router,
        printers.router,
        statistics.router,
        statistics_screen.router,
        reports.router,
        reports_screen.router,
        monitoring.router,
        monitoring_screen.router,
        survey.router,
        assistance.router,
    )
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/board/static", StaticFiles(directory=board.routes.STATIC), name="board-static")
    app.mount("/kiosk/static", StaticFiles(directory=kiosk.routes.STATIC), name="kiosk-static")
    # Outermost: a request's body is bounded before anything else runs (app/edge/limits.py).
    app.add_middleware(RequestLimits, refuse=refusal)
    app.add_middleware(SecurityHeaders)  # outside the limits: their refusals carry them too
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
    settings = Settings()
    keep_private(settings.data_dir, settings.resolved_database_url)
    return create_app(AppState.from_settings(settings))
