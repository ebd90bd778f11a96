"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from app.api.errors import install_error_handlers
from app.api.routes import centre, tickets, workplaces
from app.config.settings import Settings
from app.state import AppState

VERSION = "0.1.0"


def create_app(state: AppState | None = None) -> FastAPI:
    """Build the app. Without a state, settings come from QABYLDAU_* variables."""
    state = state or AppState.from_settings(Settings())
    app = FastAPI(
        title="Qabyldau",
        version=VERSION,
        summary="E-queue and kiosk system for a Citizens' Reception Centre",
    )
    app.state.qabyldau = state
    install_error_handlers(app)
    for module in (centre, tickets, workplaces):
        app.include_router(module.router)
    return app


def app_factory() -> FastAPI:
    """For `uvicorn --factory app.main:app_factory` (each worker process builds its own)."""
    return create_app()
