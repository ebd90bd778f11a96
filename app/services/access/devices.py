"""Registered kiosks and boards: the administrator creates one and hands its pairing link
to the screen; revoking it shuts that screen out at its next request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from app.domain.access.errors import DeviceNotFound
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
    def __init__(self, unit: Unit) -> None:
        self.repo = unit.staff

    def register(
        self, kind: DeviceKind, name: str, *, now: datetime
    ) -> tuple[str, RegisteredDevice]:
        token = new_token(DEVICE_PREFIX)
        row = RegisteredDevice(
            kind=kind, name=name.strip(), token_hash=token_hash(token), created_at=now
        )
        self.repo.add(row)
        return token, row

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
    return Device(id=row.id, kind=row.kind, name=row.name, seen_due=due)
