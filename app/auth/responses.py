"""How a refusal of access is answered: JSON `{"detail", "code"}` for the API, and for the
pages a redirect to the sign-in page (anonymous) or a short page saying why, in the reader's
language."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.auth.errors import AuthError
from app.i18n import translate_error
from app.web.templating import render, request_language

API_PREFIXES = ("/api/", "/ws/")


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES) or path == "/api"


def login_url(next_path: str | None = None) -> str:
    return "/login" + (f"?{urlencode({'next': next_path})}" if next_path else "")


def safe_next(value: str | None) -> str | None:
    """Only a path of this site: never an open redirect to another host."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc else value


def message_of(error: AuthError, language: str) -> str:
    return translate_error(error, language)


def _back_here(request: Request) -> str | None:
    if request.headers.get("hx-request"):  # a fragment: come back to the page it sits on
        current = request.headers.get("hx-current-url")
        if current:
            parts = urlsplit(current)
            return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        return None
    if request.method != "GET":
        return None
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def refusal(request: Request, error: AuthError) -> Response:
    language = request_language(request)
    message = message_of(error, language)
    if is_api(request.url.path):
        return JSONResponse(
            {"detail": message, "code": error.code},
            status_code=error.status_code,
            headers=error.headers,
        )
    if error.login_redirect:
        target = login_url(_back_here(request))
        if request.headers.get("hx-request"):
            return Response(status_code=error.status_code, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    return render(
        request,
        "auth/refused.html",
        {"message": message, "code": error.code},
        status_code=error.status_code,
    )


def install_auth_errors(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def refused(request: Request, exc: AuthError) -> Response:
        return refusal(request, exc)
