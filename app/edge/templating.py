"""Templates in the reader's language.

A page and its htmx fragments live in one template: `render(..., block="name")` renders one
`{% block %}` of it (jinja2-fragments). Templates translate with `_("...")`, taken from the
Babel catalogs for the language passed in; `pgettext("context", "...")` where one English
word has two senses (the catalog's msgctxt)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_block

from app.i18n import LANGUAGES, gettext_for, negotiate, pgettext_for

# The staff screens' templates; kiosk/ and board/ add their own (add_template_dir).
TEMPLATE_DIRS = [Path(__file__).parents[1] / "web" / "templates"]
LANGUAGE_COOKIE = "qb_lang"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

environment = Environment(
    loader=ChoiceLoader([FileSystemLoader(str(d)) for d in TEMPLATE_DIRS]),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def add_template_dir(directory: Path) -> None:
    """Screens in kiosk/ and board/ bring their own templates."""
    loader = environment.loader
    assert isinstance(loader, ChoiceLoader)
    loader.loaders = [*loader.loaders, FileSystemLoader(str(directory))]


def request_language(request: Request) -> str:
    return negotiate(
        request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def translator(language: str) -> Any:
    def _(message: str, **params: Any) -> str:
        text = gettext_for(language, message)
        return text.format(**params) if params else text

    return _


def ptranslator(language: str) -> Any:
    def pgettext(context: str, message: str, **params: Any) -> str:
        text = pgettext_for(language, context, message)
        return text.format(**params) if params else text

    return pgettext


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    block: str | None = None,
    language: str | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    language = language or request_language(request)
    full = {
        "request": request,
        "lang": language,
        "languages": LANGUAGES,
        "language_names": LANGUAGE_NAMES,
        "_": translator(language),
        "pgettext": ptranslator(language),
        **(context or {}),
    }
    if block is None:
        html = environment.get_template(template).render(full)
    else:
        html = render_block(environment, template, block, full)
    response = HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and chosen != request.cookies.get(LANGUAGE_COOKIE):
        # The choice sticks for the fragments and pages that follow.
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=400 * 86400, samesite="lax")
    return response
