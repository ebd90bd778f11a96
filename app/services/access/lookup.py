"""Who is asking: the staff member or device a request's tokens belong to. Reads only, on
the access check's plain connection (app.services.transactions.Transactions.peek)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.access.identity import Device, Staff
from app.repositories.access import AccessRepository
from app.services.access.accounts import staff_for
from app.services.access.devices import device_for


@dataclass(frozen=True)
class Found:
    staff: Staff | None = None
    device: Device | None = None
    by_cookie: bool = False  # the staff member came with the session cookie: CSRF applies
    bad_bearer: bool = False  # an Authorization header that matches nothing


def look_up(
    access: AccessRepository,
    *,
    now: datetime,
    bearer: str | None = None,
    session_token: str | None = None,
    device_token: str | None = None,
) -> Found:
    """An explicit bearer token decides alone; otherwise a live session cookie, then a
    device's cookie or `?token=`."""
    if bearer:
        staff = staff_for(access, bearer, now)
        device = None if staff else device_for(access, bearer, now)
        return Found(staff=staff, device=device, bad_bearer=not (staff or device))
    staff = staff_for(access, session_token, now) if session_token else None
    if staff is not None:
        return Found(staff=staff, by_cookie=True)
    if device_token:
        return Found(device=device_for(access, device_token, now))
    return Found()
