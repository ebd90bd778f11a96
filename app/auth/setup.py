"""Plugs access control into the app: its routes and how its refusals are answered."""

from __future__ import annotations

from fastapi import FastAPI

from app.auth import admin, api, pages
from app.auth.responses import install_auth_errors


def install_auth(app: FastAPI) -> None:
    install_auth_errors(app)
    app.include_router(api.router)
    app.include_router(api.devices_router)
    app.include_router(pages.router)
    app.include_router(admin.router)
