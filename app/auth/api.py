"""Tokens for scripts and integrations, and the administrator's device registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from app.auth.accounts import Accounts
from app.auth.deps import Administrator, CurrentStaff, app_state
from app.auth.devices import Devices
from app.auth.errors import SignInFailed, UnknownWorkplace
from app.auth.models import TokenKind
from app.auth.roles import permissions_of
from app.auth.schemas import DeviceCreate, DeviceCreated, DeviceOut, MeOut, TokenOut
from app.auth.signin import Refused, sign_in
from app.auth.store import transaction
from app.web.templating import request_language

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in, or the token is unknown, expired or revoked"},
    403: {"description": "Signed in, but this role, workplace or device may not do this"},
}

router = APIRouter(prefix="/api/auth", tags=["auth"])
devices_router = APIRouter(prefix="/api/devices", tags=["devices"], responses=AUTH_RESPONSES)


@router.post(
    "/token",
    responses={401: {"description": "Wrong username or password, or the account is locked"}},
)
def issue_token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    workplace: Annotated[
        str | None,
        Form(description="bind the token to a workplace; without one it acts centre-wide"),
    ] = None,
) -> TokenOut:
    """OAuth2 password flow: `username` and `password` as a form → a bearer token for
    `Authorization: Bearer <token>`, valid for 12 hours."""
    state = app_state(request)
    if workplace and state.centre.workplace(workplace) is None:
        allowed = ", ".join(w.code for w in state.centre.workplaces)
        raise UnknownWorkplace(workplace=workplace, allowed=allowed)
    result = sign_in(
        state, form.username, form.password, kind=TokenKind.API, workplace=workplace or None
    )
    if isinstance(result, Refused):
        raise SignInFailed(result.reason.value, result.message(request_language(request), state))
    return TokenOut(
        access_token=result.token,
        expires_in=int((result.expires_at - state.clock()).total_seconds()),
    )


@router.get("/me")
def me(staff: CurrentStaff) -> MeOut:
    """Who this token or session belongs to, and what it may do."""
    return MeOut(
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        workplace=staff.workplace,
        permissions=sorted(permissions_of(staff.role)),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def revoke_own_token(request: Request, staff: CurrentStaff) -> None:
    """Revoke the token (or session) this request came with."""
    with transaction(app_state(request).engine) as session:
        Accounts(session).revoke(staff.token_id)


@devices_router.post("", status_code=status.HTTP_201_CREATED)
def register_device(request: Request, body: DeviceCreate, _: Administrator) -> DeviceCreated:
    """Register a kiosk or board. The answer is the only time its token is shown."""
    state = app_state(request)
    with transaction(state.engine) as session:
        token, row = Devices(session).register(body.kind, body.name, now=state.clock())
    url = str(request.url_for("pair_device", token=token))
    return DeviceCreated(**DeviceOut.of(row).model_dump(), token=token, pairing_url=url)


@devices_router.get("")
def list_devices(request: Request, _: Administrator) -> list[DeviceOut]:
    with transaction(app_state(request).engine) as session:
        return [DeviceOut.of(row) for row in Devices(session).all()]


@devices_router.post("/{device_id}/revoke")
def revoke_device(request: Request, device_id: int, _: Administrator) -> DeviceOut:
    """The device's screen is refused from its next request on."""
    state = app_state(request)
    with transaction(state.engine) as session:
        return DeviceOut.of(Devices(session).revoke(device_id, now=state.clock()))
