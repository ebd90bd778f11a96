"""Plugs personal reception into the app: its API, its pages and its templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from app.reception import pages, routes_protocol, routes_requests, routes_schedule
from app.web.templating import add_template_dir

TEMPLATES = Path(__file__).with_name("templates")
add_template_dir(TEMPLATES)  # once per process, however many apps are built


def install_reception(app: FastAPI) -> None:
    for module in (routes_requests, routes_protocol, routes_schedule, pages):
        app.include_router(module.router)
