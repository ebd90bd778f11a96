"""Who is asking, as typed dependencies.

Staff are recognised by `Authorization: Bearer <token>` (scripts, integrations; exempt from
CSRF because a browser never adds that header on its own) or by the `qb_session` cookie of the
sign-in page. A cookie is sent by the browser whoever made the page, so every state-changing
request it authenticates must also carry the session's CSRF token: header `X-CSRF-Token`
(htmx sends it from `hx-headers` on <body>) or form field `csrf_token`.

Devices are recognised by the `qb_device` cookie their pairing link set, by `?token=` or by a
bearer token; a device never passes a staff check (403)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, WebSocket
from fastapi.security import OAuth2PasswordBearer
from starlette.requests import HTTPConnection

from app.db.failures import DATABASE_ERRORS
from app.domain.access.errors import (
    CsrfRefused,
    DeviceNotStaff,
    DeviceRequired,
    InvalidToken,
    NotSignedIn,
    NotSignedInOrPaired,
    RoleRefused,
    WrongDevice,
)
from app.domain.access.identity import Device, DeviceKind, Staff
from app.domain.access.roles import ROLE_LABELS, Permission
from app.edge.deps import app_state
from app.edge.state import AppState
from app.services.access.lookup import Found, look_up
from app.services.access.tokens import DEVICE_PREFIX, same_secret

__all__ = [
    "Administrator",
    "Assistant",
    "BoardDevice",
    "BoardViewer",
    "CurrentDevice",
    "CurrentStaff",
    "Device",
    "DeviceKind",
    "FeedbackDevice",
    "Issuer",
    "KioskDevice",
    "Mover",
    "Permission",
    "Reader",
    "Reporter",
    "Server",
    "Staff",
    "Supervisor",
    "Surveyor",
    "authenticate_websocket",
    "current_device",
    "current_staff",
    "optional_device",
    "require",
    "require_device",
    "staff_or_device",
]

SESSION_COOKIE = "qb_session"
DEVICE_COOKIE = "qb_device"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# Also puts the "Authorize" button (password flow) on /docs.
bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
Bearer = Annotated[str | None, Depends(bearer_scheme)]


async def find(
    state: AppState,
    *,
    bearer: str | None = None,
    session_token: str | None = None,
    device_token: str | None = None,
) -> Found:
    """Who the tokens belong to (app.services.access.lookup: on the event loop itself on a
    local database file); then note a device as seen."""
    if not (bearer or session_token or device_token):
        return Found()
    look = functools.partial(
        look_up,
        now=state.clock(),
        bearer=bearer,
        session_token=session_token,
        device_token=device_token,
    )
    found = await state.transactions.peek(look)
    device = found.device
    if device is not None and device.seen_due:
        # A write, at most once a minute per device: `last_seen_at` tells the administrator
        # a screen is alive.
        now = state.clock()
        await state.transactions.write(lambda s: s.devices.seen(device.id, now))
    return found


async def identify(request: Request, bearer: str | None) -> Found:
    found = await find(
        app_state(request),
        bearer=bearer,
        session_token=request.cookies.get(SESSION_COOKIE),
        device_token=_device_token(request),
    )
    if found.staff is not None and found.by_cookie:
        await check_csrf(request, found.staff)
    return found


def _device_token(connection: HTTPConnection) -> str | None:
    # `?token=` first: opening a screen with a new token beats a stale cookie.
    return connection.query_params.get("token") or connection.cookies.get(DEVICE_COOKIE)


async def check_csrf(request: Request, staff: Staff) -> None:
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        field = (await request.form()).get(CSRF_FIELD)  # Starlette keeps the parsed form
        given = field if isinstance(field, str) else None
    if not same_secret(given, staff.csrf_token):
        raise CsrfRefused()


# staff ---------------------------------------------------------------------------------------


async def current_staff(request: Request, bearer: Bearer) -> Staff:
    """The signed-in staff member: 401 when anonymous, 403 for a device."""
    found = await identify(request, bearer)
    if found.staff is not None:
        return found.staff
    if found.bad_bearer:
        raise InvalidToken()
    if found.device is not None:
        raise DeviceNotStaff()
    raise NotSignedIn()


CurrentStaff = Annotated[Staff, Depends(current_staff)]


@cache  # one function per permission set, so FastAPI runs each check once per request
def require(*permissions: Permission) -> Callable[[Staff], Awaitable[Staff]]:
    """A signed-in staff member holding at least one of `permissions` (any, when none)."""

    async def holder(staff: CurrentStaff) -> Staff:
        if permissions and not any(staff.can(p) for p in permissions):
            raise RoleRefused(role=ROLE_LABELS[staff.role])
        return staff

    return holder


Reader = Annotated[Staff, Depends(require(Permission.READ))]
Issuer = Annotated[Staff, Depends(require(Permission.ISSUE))]
Server = Annotated[Staff, Depends(require(Permission.SERVE))]
# Transfer and cancel: MANAGE, or SERVE for the ticket at one's own workplace (checked by
# app.domain.access.rules once the ticket is loaded).
Mover = Annotated[Staff, Depends(require(Permission.MANAGE, Permission.SERVE))]
Administrator = Annotated[Staff, Depends(require(Permission.ADMIN))]
Reporter = Annotated[Staff, Depends(require(Permission.REPORT))]
Supervisor = Annotated[Staff, Depends(require(Permission.SUPERVISE))]
# Protocol of a reception: the reception-room staff (000 p.23, p.34) or the official at the
# cabinet's monoblock.
Recorder = Annotated[Staff, Depends(require(Permission.ISSUE, Permission.SERVE))]
# The selective telephone survey (000 p.38) and the self-service zone's records (001 p.11).
Surveyor = Annotated[Staff, Depends(require(Permission.SURVEY))]
Assistant = Annotated[Staff, Depends(require(Permission.ASSIST))]


# devices -------------------------------------------------------------------------------------


async def device_for_token(state: AppState, token: str) -> Device | None:
    if not token.startswith(DEVICE_PREFIX):
        return None
    return (await find(state, device_token=token)).device


async def current_device(request: Request) -> Device:
    """The paired device asking (`?token=`, cookie `qb_device` or a bearer token); 401
    otherwise."""
    token = _device_token(request) or _bearer_header(request)
    device = None if token is None else await device_for_token(app_state(request), token)
    if device is None:
        raise DeviceRequired()
    return device


CurrentDevice = Annotated[Device, Depends(current_device)]


@cache
def require_device(*kinds: DeviceKind) -> Callable[[Device], Awaitable[Device]]:
    async def paired(device: CurrentDevice) -> Device:
        if device.kind not in kinds:
            raise WrongDevice()
        return device

    return paired


KioskDevice = Annotated[Device, Depends(require_device(DeviceKind.KIOSK))]
BoardDevice = Annotated[Device, Depends(require_device(DeviceKind.BOARD))]
FeedbackDevice = Annotated[Device, Depends(require_device(DeviceKind.FEEDBACK))]


@cache
def optional_device(*kinds: DeviceKind) -> Callable[[Request], Awaitable[Device | None]]:
    """The paired device of one of `kinds` asking, if one is; never refuses (for public
    routes a device may call with more rights, such as a feedback tablet rating without the
    ticket's token). Any other caller counts as nobody."""

    async def maybe(request: Request) -> Device | None:
        token = _device_token(request) or _bearer_header(request)
        if token is None:
            return None
        try:
            device = await device_for_token(app_state(request), token)
        except DATABASE_ERRORS:
            return None
        return device if device is not None and device.kind in kinds else None

    return maybe


@cache
async def optional_staff(request: Request, bearer: Bearer) -> Staff | None:
    """The staff member signed in, if any; never refuses (for public routes that tell staff
    more, such as health). A database that cannot be read counts as nobody."""
    try:
        found = await find(
            app_state(request), bearer=bearer, session_token=request.cookies.get(SESSION_COOKIE)
        )
    except DATABASE_ERRORS:
        return None
    return found.staff


OptionalStaff = Annotated[Staff | None, Depends(optional_staff)]


def staff_or_device(
    permission: Permission, *kinds: DeviceKind
) -> Callable[[Request, str | None], Awaitable[Staff | Device]]:
    """A staff member with `permission`, or a paired device of one of `kinds`."""

    async def either(request: Request, bearer: Bearer) -> Staff | Device:
        found = await identify(request, bearer)
        if found.staff is not None:
            if not found.staff.can(permission):
                raise RoleRefused(role=ROLE_LABELS[found.staff.role])
            return found.staff
        if found.bad_bearer:
            raise InvalidToken()
        if found.device is not None:
            if found.device.kind not in kinds:
                raise WrongDevice()
            return found.device
        raise NotSignedInOrPaired()

    return either


# The board's page and feeds, and GET /api/board: a board device, or staff who may read.
BoardViewer = Annotated[Staff | Device, Depends(staff_or_device(Permission.READ, DeviceKind.BOARD))]


# websockets ----------------------------------------------------------------------------------


async def authenticate_websocket(websocket: WebSocket) -> Staff | Device | None:
    """Who opened a websocket: `?token=` or `Authorization: Bearer` (a staff API token or a
    device token), else the session or device cookie. Cookies count only from our own pages
    (same Origin), so another site cannot open a socket in a signed-in browser.
    None: refuse the socket."""
    explicit = _bearer_header(websocket) or websocket.query_params.get("token")
    if explicit:
        found = await find(app_state(websocket), bearer=explicit)
    elif _same_origin(websocket):
        found = await find(
            app_state(websocket),
            session_token=websocket.cookies.get(SESSION_COOKIE),
            device_token=websocket.cookies.get(DEVICE_COOKIE),
        )
    else:
        return None
    if found.staff is not None and not found.staff.can(Permission.READ):
        return None  # the feed is the queue's: a volunteer reads none of it (001 p.11)
    return found.staff or found.device


def _bearer_header(connection: HTTPConnection) -> str | None:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _same_origin(connection: HTTPConnection) -> bool:
    origin = connection.headers.get("origin")
    if origin is None:  # not a browser: it sends no cookies of ours by itself
        return True
    return urlsplit(origin).netloc == connection.headers.get("host")
