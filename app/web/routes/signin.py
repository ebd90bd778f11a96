"""The sign-in page, sign-out and the pairing link of a device."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.domain.access.errors import PairingLinkInvalid
from app.domain.access.identity import TokenKind
from app.domain.access.roles import Role
from app.domain.text import N_
from app.edge.access import (
    DEVICE_COOKIE,
    SESSION_COOKIE,
    OptionalStaff,
    check_csrf,
    device_for_token,
    find,
)
from app.edge.cookies import (
    LOGIN_COOKIE,
    WORKPLACE_COOKIE,
    clear_login_cookie,
    clear_session_cookie,
    set_device_cookie,
    set_language_cookie,
    set_login_cookie,
    set_session_cookie,
    set_workplace_cookie,
)
from app.edge.deps import Now, Tx, app_state, client_address
from app.edge.errors import safe_next
from app.edge.state import AppState
from app.edge.templating import render, request_language
from app.i18n import gettext_for
from app.services.access.signin import Reason, Refused, sign_in
from app.services.access.tokens import new_csrf_token, same_secret

router = APIRouter(tags=["sign-in"], include_in_schema=False)

# Where each role lands after signing in (when the sign-in page was not opened with ?next=).
HOME_PAGES: dict[Role, str] = {
    Role.ADMIN: "/admin/devices",
    Role.RECEPTION: "/desk",
    Role.CONSULTANT: "/workplace",
    Role.OFFICIAL: "/workplace",
    Role.SELF_SERVICE: "/workplace",
    Role.MODERATOR: "/supervisor",
    Role.ANALYST: "/statistics",
    Role.VOLUNTEER: "/assistance",
}
STATUS_OF = {Reason.WORKPLACE: 422, Reason.NOT_YOUR_WORKPLACE: 422, Reason.THROTTLED: 429}
FORM_EXPIRED = N_("The sign-in form has expired. Please sign in again.")
SESSION_ENDED = N_(
    "Your session has ended: you were signed out after a time without use or from another "
    "place. Sign in again to go on where you were."
)


def _login_page(
    request: Request,
    state: AppState,
    *,
    next_path: str | None,
    username: str = "",
    workplace: str | None = None,
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    form_token = request.cookies.get(LOGIN_COOKIE) or new_csrf_token()
    codes = {w.code for w in state.centre.workplaces}
    remembered = request.cookies.get(WORKPLACE_COOKIE)
    workplace = workplace or (remembered if remembered in codes else None)
    context: dict[str, Any] = {
        "workplaces": state.centre.workplaces,
        "next": next_path or "",
        "username": username,
        "chosen_workplace": workplace or "",
        "error": error,
        "notice": notice,
        "form_token": form_token,
    }
    response = render(request, "login.html", context, status_code=status_code)
    set_login_cookie(request, response, form_token)
    return response


@router.get("/")
async def start(request: Request, staff: OptionalStaff) -> RedirectResponse:
    """The centre's address itself: one's own screen, a paired device's screen (a kiosk or
    board never shows visitors the staff sign-in), or the sign-in."""
    if staff is not None:
        return RedirectResponse(HOME_PAGES[staff.role], status_code=303)
    token = request.cookies.get(DEVICE_COOKIE)
    device = await device_for_token(app_state(request), token) if token else None
    if device is not None:
        return RedirectResponse(f"/{device.kind.value}", status_code=303)
    return RedirectResponse("/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request, next: str | None = None, why: Literal["expired"] | None = None
) -> HTMLResponse:
    notice = gettext_for(request_language(request), SESSION_ENDED) if why else None
    return _login_page(request, app_state(request), next_path=safe_next(next), notice=notice)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    tx: Tx,
    now: Now,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    workplace: Annotated[str, Form(max_length=40)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    state = app_state(request)
    language = request_language(request)

    def again(error: str, status_code: int) -> HTMLResponse:
        return _login_page(
            request,
            state,
            next_path=safe_next(next),
            username=username,
            workplace=workplace,
            error=error,
            status_code=status_code,
        )

    # The form's token must match its cookie: another site cannot sign a browser in to an
    # account of the attacker's choosing.
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or not same_secret(csrf_token, expected):
        return again(gettext_for(language, FORM_EXPIRED), 403)
    result = await sign_in(
        tx,
        username,
        password,
        kind=TokenKind.SESSION,
        workplace=workplace or None,
        now=now,
        address=client_address(request),
        throttle=state.sign_ins,
        replacing=request.cookies.get(SESSION_COOKIE),
    )
    if isinstance(result, Refused):
        status = STATUS_OF.get(result.reason, 401)
        return again(result.message(language, state.centre), status)
    response = RedirectResponse(safe_next(next) or HOME_PAGES[result.role], status_code=303)
    set_session_cookie(request, response, result.token)
    set_language_cookie(request, response, language)  # the screens go on in this language
    if workplace:
        set_workplace_cookie(request, response, workplace)
    clear_login_cookie(response)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Ends the browser's session. With a live session the CSRF token is required, like any
    change a cookie authorises."""
    state = app_state(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        found = await find(state, session_token=token)
        if found.staff is not None:
            await check_csrf(request, found.staff)
            token_id = found.staff.token_id
            await state.transactions.write(lambda s: s.accounts.revoke(token_id))
    if request.headers.get("hx-request"):
        response: Response = Response(status_code=204, headers={"HX-Redirect": "/login"})
    else:
        response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/pair/{token}", name="pair_device")
async def pair(request: Request, token: str) -> Response:
    """Opened once on the kiosk or board: remembers the device in a long-lived cookie and
    shows its screen. The link is the device's secret: whoever has it can be that device."""
    device = await device_for_token(app_state(request), token)
    if device is None:
        raise PairingLinkInvalid()
    response = RedirectResponse(f"/{device.kind.value}", status_code=303)
    set_device_cookie(request, response, token)
    return response
