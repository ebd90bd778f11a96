"""Tokens for scripts and integrations, and the administrator's device registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from app.api.responses import API_RESPONSES
from app.domain.access.errors import (
    SignInFailed,
    SignInThrottled,
    UnknownWorkplace,
    WorkplaceRefused,
)
from app.domain.access.identity import TokenKind
from app.domain.access.roles import permissions_of
from app.edge.access import Administrator, CurrentStaff
from app.edge.deps import Now, StateDep, Tx, client_address
from app.edge.params import RowId
from app.edge.templating import request_language
from app.schemas.staff import DeviceCreate, DeviceCreated, DeviceOut, MeOut, TokenOut
from app.schemas.tickets import ErrorOut
from app.services.access.signin import Reason, Refused, sign_in

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=API_RESPONSES)
devices_router = APIRouter(prefix="/api/devices", tags=["devices"], responses=API_RESPONSES)


@router.post(
    "/token",
    responses={
        401: {
            "model": ErrorOut,
            "description": "Wrong username or password, or the account is locked",
        },
        422: {
            "model": ErrorOut,
            "description": "A workplace the role does not work at, or none for one that must",
        },
        429: {
            "model": ErrorOut,
            "description": "Too many failed sign-ins from this address: see Retry-After",
        },
    },
)
async def issue_token(
    request: Request,
    tx: Tx,
    state: StateDep,
    now: Now,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    workplace: Annotated[
        str | None,
        Form(description="bind the token to a workplace; without one it acts centre-wide"),
    ] = None,
) -> TokenOut:
    """OAuth2 password flow: `username` and `password` as a form → a bearer token for
    `Authorization: Bearer <token>`, valid for 12 hours."""
    centre = tx.site.centre
    if workplace and centre.workplace(workplace) is None:
        allowed = ", ".join(w.code for w in centre.workplaces)
        raise UnknownWorkplace(workplace=workplace, allowed=allowed)
    result = await sign_in(
        tx,
        form.username,
        form.password,
        kind=TokenKind.API,
        workplace=workplace or None,
        now=now,
        address=client_address(request),
        throttle=state.sign_ins,
    )
    if isinstance(result, Refused):
        message = result.message(request_language(request), centre)
        if result.reason is Reason.THROTTLED and result.locked_until is not None:
            raise SignInThrottled(message, int((result.locked_until - now).total_seconds()))
        if result.reason in (Reason.WORKPLACE, Reason.NOT_YOUR_WORKPLACE):
            raise WorkplaceRefused(result.reason.value, message)
        raise SignInFailed(result.reason.value, message)
    return TokenOut(
        access_token=result.token, expires_in=int((result.expires_at - now).total_seconds())
    )


@router.get("/me")
async def me(staff: CurrentStaff) -> MeOut:
    """Who this token or session belongs to, and what it may do."""
    return MeOut(
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        workplace=staff.workplace,
        permissions=sorted(permissions_of(staff.role)),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_own_token(tx: Tx, staff: CurrentStaff) -> None:
    """Revoke the token (or session) this request came with."""
    await tx.write(lambda s: s.accounts.revoke(staff.token_id))


@devices_router.post("", status_code=status.HTTP_201_CREATED)
async def register_device(
    request: Request, body: DeviceCreate, tx: Tx, now: Now, _: Administrator
) -> DeviceCreated:
    """Register a kiosk, a board or a feedback tablet (which names the `workplace` it stands
    at). The answer is the only time its token is shown."""
    token, row = await tx.write(
        lambda s: s.devices.register(body.kind, body.name, now=now, workplace=body.workplace)
    )
    url = str(request.url_for("pair_device", token=token))
    return DeviceCreated(**DeviceOut.model_validate(row).model_dump(), token=token, pairing_url=url)


@devices_router.get("")
async def list_devices(tx: Tx, _: Administrator) -> list[DeviceOut]:
    return await tx.read(lambda s: [DeviceOut.model_validate(row) for row in s.devices.all()])


@devices_router.post("/{device_id}/revoke")
async def revoke_device(device_id: RowId, tx: Tx, now: Now, _: Administrator) -> DeviceOut:
    """The device's screen is refused from its next request on."""
    return await tx.write(lambda s: DeviceOut.model_validate(s.devices.revoke(device_id, now=now)))
