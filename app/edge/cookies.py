"""The cookies of sign-in and pairing. HttpOnly (no script reads them), SameSite=Lax (not
sent with another site's form posts) and Secure whenever the page came over https."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request, Response

from app.edge.access import DEVICE_COOKIE, SESSION_COOKIE
from app.edge.templating import LANGUAGE_COOKIE
from app.services.access.accounts import SESSION_LIFETIME

WORKPLACE_COOKIE = "qb_workplace"
LOGIN_COOKIE = "qb_login"  # the sign-in form's own CSRF token (double submit)
LOGIN_FORM_LIFETIME = timedelta(hours=1)
# Browsers cap a cookie's life at 400 days; a screen that is switched on daily refreshes it.
DEVICE_LIFETIME = timedelta(days=400)
LANGUAGE_LIFETIME = timedelta(days=400)


def _seconds(delta: timedelta) -> int:
    return int(delta.total_seconds())


def _set(
    request: Request, response: Response, name: str, value: str, lifetime: timedelta, path: str
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=_seconds(lifetime),
        path=path,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    _set(request, response, SESSION_COOKIE, token, SESSION_LIFETIME, "/")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def set_device_cookie(request: Request, response: Response, token: str) -> None:
    _set(request, response, DEVICE_COOKIE, token, DEVICE_LIFETIME, "/")


def set_language_cookie(request: Request, response: Response, language: str) -> None:
    _set(request, response, LANGUAGE_COOKIE, language, LANGUAGE_LIFETIME, "/")


def set_workplace_cookie(request: Request, response: Response, workplace: str) -> None:
    """The workplace last signed in at on this computer: the sign-in form offers it first
    (a monoblock stays at its window). Not a secret."""
    _set(request, response, WORKPLACE_COOKIE, workplace, LANGUAGE_LIFETIME, "/login")


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    _set(request, response, LOGIN_COOKIE, token, LOGIN_FORM_LIFETIME, "/login")


def clear_login_cookie(response: Response) -> None:
    response.delete_cookie(LOGIN_COOKIE, path="/login")
