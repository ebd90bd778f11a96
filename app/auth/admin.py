"""The administrator's page of kiosks and boards: list, register (the pairing link is shown
once) and revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.auth.deps import Administrator, app_state
from app.auth.devices import Devices
from app.auth.identity import Staff
from app.auth.models import DeviceKind
from app.auth.store import transaction
from app.web.templating import render, request_language

router = APIRouter(prefix="/admin/devices", tags=["admin"], include_in_schema=False)


def _page(
    request: Request, staff: Staff, *, created: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    with transaction(app_state(request).engine) as session:
        devices = list(Devices(session).all())
    tz = ZoneInfo(app_state(request).centre.centre.timezone)

    def local(instant: datetime | None) -> str:
        return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M") if instant else "—"

    context = {
        "staff": staff,
        "devices": devices,
        "local": local,
        "created": created,
        # Boards are set up here, so this is where the administrator learns the hall is
        # hearing chimes only.
        "speech_fault": app_state(request).announcements.fault,
    }
    return render(request, "admin/devices.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def devices_page(request: Request, staff: Administrator) -> HTMLResponse:
    return _page(request, staff)


@router.post("", response_class=HTMLResponse)
def register_device(
    request: Request,
    staff: Administrator,
    kind: Annotated[DeviceKind, Form()],
    name: Annotated[str, Form(min_length=1, max_length=80)],
) -> HTMLResponse:
    state = app_state(request)
    with transaction(state.engine) as session:
        token, row = Devices(session).register(kind, name, now=state.clock())
    link = str(request.url_for("pair_device", token=token))
    return _page(
        request, staff, created={"name": row.name, "kind": row.kind, "link": link}, status_code=201
    )


@router.post("/{device_id}/revoke")
def revoke_device(request: Request, device_id: int, _: Administrator) -> RedirectResponse:
    state = app_state(request)
    with transaction(state.engine) as session:
        Devices(session).revoke(device_id, now=state.clock())
    return RedirectResponse(f"/admin/devices?lang={request_language(request)}", status_code=303)
