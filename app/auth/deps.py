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
from dataclasses import dataclass
from functools import cache
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, WebSocket
from fastapi.security import OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from app.auth.accounts import staff_for
from app.auth.devices import Devices, device_for
from app.auth.errors import (
    CsrfRefused,
    DeviceNotStaff,
    DeviceRequired,
    InvalidToken,
    NotSignedIn,
    NotSignedInOrPaired,
    RoleRefused,
    WrongDevice,
)
from app.auth.identity import Device, Staff
from app.auth.models import DeviceKind
from app.auth.roles import ROLE_LABELS, Permission
from app.auth.store import access_check, transaction
from app.auth.tokens import DEVICE_PREFIX, same_secret
from app.state import AppState

__all__ = [
    "Administrator",
    "BoardDevice",
    "BoardViewer",
    "CurrentDevice",
    "CurrentStaff",
    "Device",
    "DeviceKind",
    "Issuer",
    "KioskDevice",
    "Mover",
    "Permission",
    "Reader",
    "Server",
    "Staff",
    "authenticate_websocket",
    "current_device",
    "current_staff",
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


def app_state(connection: HTTPConnection) -> AppState:
    state: AppState = connection.app.state.qabyldau
    return state


@dataclass(frozen=True)
class Found:
    staff: Staff | None = None
    device: Device | None = None
    by_cookie: bool = False  # the staff member came with the session cookie: CSRF applies
    bad_bearer: bool = False  # an Authorization header that matches nothing


def look_up(
    state: AppState,
    *,
    bearer: str | None = None,
    session_token: str | None = None,
    device_token: str | None = None,
) -> Found:
    """Reads only (see `find`). An explicit bearer token decides alone; otherwise a live
    session cookie, then a device's cookie or `?token=`."""
    if not (bearer or session_token or device_token):
        return Found()
    now = state.clock()
    with access_check(state.access_reads) as access:
        found = Found()
        if bearer:
            staff = staff_for(access, bearer, now)
            device = None if staff else device_for(access, bearer, now)
            found = Found(staff=staff, device=device, bad_bearer=not (staff or device))
        else:
            staff = staff_for(access, session_token, now) if session_token else None
            if staff is not None:
                found = Found(staff=staff, by_cookie=True)
            elif device_token:
                found = Found(device=device_for(access, device_token, now))
    return found


async def find(
    state: AppState,
    *,
    bearer: str | None = None,
    session_token: str | None = None,
    device_token: str | None = None,
) -> Found:
    """`look_up` on the event loop when the database is an embedded file (a local read, see
    app.db.engine.inline_reader), else in the thread pool; then note a device as seen."""
    tokens = {"bearer": bearer, "session_token": session_token, "device_token": device_token}
    if state.inline_reads is not None:
        found = look_up(state, **tokens)
    else:
        found = await run_in_threadpool(functools.partial(look_up, state, **tokens))
    await _note_seen(state, found.device)
    return found


async def _note_seen(state: AppState, device: Device | None) -> None:
    """A write, so apart from the read, in the thread pool (it may wait for the write lock),
    and at most once a minute per device."""
    if device is not None and device.seen_due:
        await run_in_threadpool(_write_seen, state, device.id)


def _write_seen(state: AppState, device_id: int) -> None:
    with transaction(state.engine) as session:
        Devices(session).seen(device_id, state.clock())


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
# app.auth.rules once the ticket is loaded).
Mover = Annotated[Staff, Depends(require(Permission.MANAGE, Permission.SERVE))]
Administrator = Annotated[Staff, Depends(require(Permission.ADMIN))]


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


@cache
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
