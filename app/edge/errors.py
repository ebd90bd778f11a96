"""Every refusal is a 4xx with a message a person can read, in their language: JSON
`{"detail", "code"}` for the API, and for the pages a redirect to the sign-in page (anonymous)
or a short page saying why."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from app.db.failures import DATABASE_ERRORS, Outage, outage_of
from app.domain.errors import Refusal
from app.domain.text import N_
from app.edge.access import SESSION_COOKIE
from app.edge.templating import render, request_language
from app.edge.validation import describe
from app.i18n import translate_error

log = logging.getLogger("qabyldau.database")

# Answered in JSON: the API, the feed and the board's announcement files (fetched by a script).
API_PREFIXES = ("/api/", "/ws/", "/announcements/")


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES) or path == "/api"


def login_url(next_path: str | None = None, *, expired: bool = False) -> str:
    """The sign-in page, coming back to `next_path`; `expired`: it says the session ended."""
    query = {"next": next_path} if next_path else {}
    if expired:
        query["why"] = "expired"
    return "/login" + (f"?{urlencode(query)}" if query else "")


def safe_next(value: str | None) -> str | None:
    """Only a path of this site: never an open redirect to another host."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc else value


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


def refusal(request: Request, error: Refusal) -> Response:
    language = request_language(request)
    message = translate_error(error, language)
    if is_api(request.url.path):
        return JSONResponse(
            {"detail": message, "code": error.code},
            status_code=error.status_code,
            headers=error.headers,
        )
    if error.login_redirect:
        # A session cookie that no longer signs in: the session ended (timed out, signed out
        # elsewhere), and the sign-in page says so instead of appearing out of nowhere.
        expired = bool(request.cookies.get(SESSION_COOKIE))
        target = login_url(_back_here(request), expired=expired)
        if request.headers.get("hx-request"):
            return Response(status_code=error.status_code, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    if request.headers.get("hx-request"):
        return _refused_fragment(message, error.status_code)
    return render(
        request,
        "auth/refused.html",
        {"message": message, "code": error.code},
        status_code=error.status_code,
    )


def _refused_fragment(message: str, status_code: int) -> Response:
    """A refusal of an htmx click: nothing swapped into the screen (a whole page would land
    inside the fragment's place), the message raised as an event the screen shows."""
    headers = {"HX-Reswap": "none", "HX-Trigger": json.dumps({"qb-refused": {"message": message}})}
    return Response(status_code=status_code, headers=headers)


class PageNotFound(Refusal):
    status_code = 404
    code = "not_found"
    template = N_("There is no such page here.")


class MethodNotAllowed(Refusal):
    status_code = 405
    code = "method_not_allowed"
    template = N_("This address does not take such a request.")


class UnreadableBody(Refusal):
    status_code = 422
    code = "invalid_request"
    template = N_("The body is not readable: send JSON or a form in UTF-8.")


class DatabaseUnavailable(Refusal):
    status_code = 503
    code = "database_unavailable"
    template = N_("The database cannot be reached. Nothing was saved: tell the administrator.")

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


class DatabaseReadOnly(DatabaseUnavailable):
    code = "database_read_only"
    template = N_(
        "The database does not accept changes. Nothing was saved: tell the administrator."
    )


class DatabaseFull(DatabaseUnavailable):
    code = "database_disk_full"
    template = N_("The server's disk is full. Nothing was saved: tell the administrator.")


class DatabaseBusy(DatabaseUnavailable):
    code = "database_busy"
    template = N_("The database is busy. Nothing was saved: try again in a moment.")


OUTAGES: dict[Outage, type[DatabaseUnavailable]] = {
    Outage.READ_ONLY: DatabaseReadOnly,
    Outage.FULL: DatabaseFull,
    Outage.BUSY: DatabaseBusy,
    Outage.UNREACHABLE: DatabaseUnavailable,
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def refused(request: Request, exc: Refusal) -> Response:
        return refusal(request, exc)

    async def database_failed(request: Request, exc: Exception) -> Response:
        outage = outage_of(exc)
        if outage is None:
            raise exc  # a defect, not an outage: the server's 500, with its traceback logged
        # No parameters in the message (the engines hide them): names and phones stay out.
        log.warning("database %s: %s %s: %s", outage.value, request.method, request.url.path, exc)
        return refusal(request, OUTAGES[outage]())

    for error_class in DATABASE_ERRORS:
        app.add_exception_handler(error_class, database_failed)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Starlette's own refusals (no such route, wrong method, an unreadable body) in the
        same shape and language as ours: a page for a person, JSON for a script."""
        if exc.status_code == 404:
            return refusal(request, PageNotFound())
        if exc.status_code == 405:
            response = refusal(request, MethodNotAllowed())
            response.headers["Allow"] = ", ".join(_allowed(request))
            return response
        if exc.status_code == 400:  # FastAPI: "There was an error parsing the body"
            return refusal(request, UnreadableBody())
        return JSONResponse(
            {"detail": str(exc.detail), "code": f"http_{exc.status_code}"},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        language = request_language(request)
        problems = [describe(err, language) for err in exc.errors()]
        if not is_api(request.url.path) and request.headers.get("hx-request"):
            return _refused_fragment("; ".join(problems), 422)
        if not is_api(request.url.path):  # a person: a page that says what is wrong
            return render(
                request,
                "auth/refused.html",
                {"message": "; ".join(problems), "code": "invalid_request"},
                status_code=422,
            )
        return JSONResponse(
            status_code=422,
            content={"detail": "; ".join(problems), "code": "invalid_request", "errors": problems},
        )


def _allowed(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's).
    Included routers are resolved lazily by FastAPI: `iter_route_contexts` walks them."""
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.router.routes):
        path = context.path
        if path and context.methods and compile_path(path)[0].fullmatch(request.url.path):
            methods |= context.methods
    return sorted(methods | ({"HEAD"} if "GET" in methods else set()))
