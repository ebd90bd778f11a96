"""Registered kiosks, boards and feedback tablets: the administrator creates one and hands its
pairing link to the screen; revoking it shuts that screen out at its next request. A feedback
tablet belongs to one workplace of the centre file (it asks the visitors served there)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from app.config.centre import CentreConfig
from app.domain.access.errors import (
    DeviceNotFound,
    DeviceTakesNoWorkplace,
    TabletNeedsWorkplace,
    UnknownWorkplace,
)
from app.domain.access.identity import Device, DeviceKind
from app.repositories.access import AccessRepository
from app.repositories.unit import Unit
from app.services.access.tokens import DEVICE_PREFIX, new_token, token_hash
from app.tables.staff import RegisteredDevice

# `last_seen_at` tells the administrator a screen is alive; writing it on every request of
# every board would serialise them all on SQLite's write lock, so once a minute is enough.
SEEN_EVERY = timedelta(minutes=1)


def pairing_path(token: str) -> str:
    return f"/pair/{token}"


class Devices:
    def __init__(self, unit: Unit, centre: CentreConfig) -> None:
        self.repo = unit.staff
        self.centre = centre

    def register(
        self, kind: DeviceKind, name: str, *, now: datetime, workplace: str | None = None
    ) -> tuple[str, RegisteredDevice]:
        """A new device and its token (shown once). A feedback tablet names one workplace of
        the centre file; a kiosk or board none."""
        workplace = (workplace or "").strip() or None
        self._check_workplace(kind, workplace)
        token = new_token(DEVICE_PREFIX)
        row = RegisteredDevice(
            kind=kind,
            name=name.strip(),
            workplace=workplace,
            token_hash=token_hash(token),
            created_at=now,
        )
        self.repo.add(row)
        return token, row

    def _check_workplace(self, kind: DeviceKind, workplace: str | None) -> None:
        allowed = ", ".join(w.code for w in self.centre.workplaces)
        if kind is not DeviceKind.FEEDBACK:
            if workplace is not None:
                raise DeviceTakesNoWorkplace()
            return
        if workplace is None:
            raise TabletNeedsWorkplace(allowed=allowed)
        if self.centre.workplace(workplace) is None:
            raise UnknownWorkplace(workplace=workplace, allowed=allowed)

    def all(self) -> Sequence[RegisteredDevice]:
        return self.repo.devices()

    def revoke(self, device_id: int, *, now: datetime) -> RegisteredDevice:
        row = self.repo.device(device_id)
        if row is None:
            raise DeviceNotFound(key=device_id)
        if row.revoked_at is None:
            row.revoked_at = now
            self.repo.save(row)
        return row

    def seen(self, device_id: int, now: datetime) -> None:
        row = self.repo.device(device_id)
        if row is not None:
            row.last_seen_at = now
            self.repo.save(row)


def device_for(access: AccessRepository, token: str, now: datetime) -> Device | None:
    """The live device a token belongs to. Reads only: the caller records `seen`."""
    if not token.startswith(DEVICE_PREFIX):
        return None
    row = access.device_token(token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    due = row.last_seen_at is None or now - row.last_seen_at >= SEEN_EVERY
    return Device(id=row.id, kind=row.kind, name=row.name, workplace=row.workplace, seen_due=due)
