"""The administrator's page of kiosks and boards: list, register (the pairing link is shown
once) and revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.domain.access.identity import DeviceKind, Staff
from app.edge.access import Administrator
from app.edge.deps import Now, RequestTransactions, StateDep, Tx
from app.edge.params import RowId
from app.edge.templating import render, request_language
from app.schemas.fields import Line

router = APIRouter(prefix="/admin/devices", tags=["admin"], include_in_schema=False)


async def _page(
    request: Request,
    tx: RequestTransactions,
    state: StateDep,
    staff: Staff,
    *,
    created: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    devices = await tx.read(lambda s: list(s.devices.all()))
    tz = ZoneInfo(tx.site.centre.centre.timezone)

    def local(instant: datetime | None) -> str:
        return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M") if instant else "—"

    context = {
        "staff": staff,
        "devices": devices,
        "local": local,
        "created": created,
        # Boards are set up here, so this is where the administrator learns the hall is
        # hearing chimes only.
        "speech_fault": state.announcements.fault,
    }
    return render(request, "admin/devices.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
async def devices_page(
    request: Request, tx: Tx, state: StateDep, staff: Administrator
) -> HTMLResponse:
    return await _page(request, tx, state, staff)


@router.post("", response_class=HTMLResponse)
async def register_device(
    request: Request,
    tx: Tx,
    state: StateDep,
    now: Now,
    staff: Administrator,
    kind: Annotated[DeviceKind, Form()],
    name: Annotated[Line, Form(min_length=1, max_length=80)],
) -> HTMLResponse:
    token, row = await tx.write(lambda s: s.devices.register(kind, name, now=now))
    link = str(request.url_for("pair_device", token=token))
    created = {"name": row.name, "kind": row.kind, "link": link}
    return await _page(request, tx, state, staff, created=created, status_code=201)


@router.post("/{device_id}/revoke")
async def revoke_device(
    request: Request, device_id: RowId, tx: Tx, now: Now, _: Administrator
) -> RedirectResponse:
    await tx.write(lambda s: s.devices.revoke(device_id, now=now))
    return RedirectResponse(f"/admin/devices?lang={request_language(request)}", status_code=303)
