"""The administrator's page of kiosks, boards and feedback tablets: list, register (the
pairing link is shown once; a tablet names its workplace) and revoke."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.domain.access.identity import DeviceKind, Staff
from app.domain.text import N_
from app.edge.access import Administrator
from app.edge.deps import Now, RequestTransactions, StateDep, Tx
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.edge.templating import render, request_language
from app.schemas.fields import Line

PATH = "/admin/devices"
REGISTERED = "qb_registered"  # the device just registered, for the page after the redirect
KIND_LABELS = {
    DeviceKind.KIOSK: N_("Kiosk"),
    DeviceKind.BOARD: N_("Board"),
    DeviceKind.FEEDBACK: N_("Feedback tablet"),
}
router = APIRouter(prefix=PATH, tags=["admin"], include_in_schema=False)


async def _page(
    request: Request,
    tx: RequestTransactions,
    state: StateDep,
    staff: Staff,
    *,
    created: dict[str, Any] | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
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
        "error": error,  # a registration refused: said above the form, kept filled in
        "form": form or {},
        "workplaces": tx.site.centre.workplaces,
        "workplace_of": tx.site.centre.workplace,
        "kind_labels": KIND_LABELS,
        # Boards are set up here, so this is where the administrator learns the hall is
        # hearing chimes only.
        "speech_fault": state.announcements.fault,
    }
    return render(request, "admin/devices.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
async def devices_page(
    request: Request, tx: Tx, state: StateDep, staff: Administrator
) -> HTMLResponse:
    created = _registered(request)
    page = await _page(request, tx, state, staff, created=created)
    if created is not None:  # shown once: a reload shows the list only
        page.delete_cookie(REGISTERED, path=PATH)
        page.headers["Cache-Control"] = "no-store"  # nor from the cache with Back
    return page


@router.post("", response_model=None)
async def register_device(
    request: Request,
    tx: Tx,
    state: StateDep,
    now: Now,
    staff: Administrator,
    kind: Annotated[DeviceKind, Form()],
    name: Annotated[Line, Form(min_length=1, max_length=80)],
    workplace: Annotated[str, Form(max_length=40)] = "",
) -> RedirectResponse | HTMLResponse:
    """Post/redirect/get: a reload of the page that follows registers nothing again. The
    pairing link rides to that page in a short-lived cookie of this page only. A refusal (a
    tablet without its workplace) is the page again, saying why, with the form as filled."""
    outcome = await attempt(
        request, tx.write(lambda s: s.devices.register(kind, name, now=now, workplace=workplace))
    )
    if outcome.result is None:
        form = {"kind": kind.value, "name": name, "workplace": workplace}
        return await _page(
            request,
            tx,
            state,
            staff,
            error=outcome.error,
            form=form,
            status_code=outcome.status_code,
        )
    token, row = outcome.result
    link = str(request.url_for("pair_device", token=token))
    created = {"name": row.name, "kind": row.kind.value, "link": link}
    response = RedirectResponse(f"{PATH}?lang={request_language(request)}", status_code=303)
    value = base64.urlsafe_b64encode(json.dumps(created).encode()).decode()
    # A session cookie (never written to disk), Secure over https, this page's only.
    secure = request.url.scheme == "https"
    response.set_cookie(
        REGISTERED, value, path=PATH, httponly=True, samesite="strict", secure=secure
    )
    return response


def _registered(request: Request) -> dict[str, Any] | None:
    """The device just registered, from the cookie the registration set; only a link to
    this server's own pairing page is ever shown."""
    raw = request.cookies.get(REGISTERED)
    if not raw:
        return None
    try:
        created = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except ValueError:
        return None
    pairing = str(request.base_url) + "pair/"
    if not isinstance(created, dict) or not str(created.get("link", "")).startswith(pairing):
        return None
    return {key: str(created.get(key, "")) for key in ("name", "kind", "link")}


@router.post("/{device_id}/revoke")
async def revoke_device(
    request: Request, device_id: RowId, tx: Tx, now: Now, _: Administrator
) -> RedirectResponse:
    await tx.write(lambda s: s.devices.revoke(device_id, now=now))
    return RedirectResponse(f"/admin/devices?lang={request_language(request)}", status_code=303)
