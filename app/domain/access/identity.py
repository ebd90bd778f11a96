"""Who is asking: a signed-in staff member or a paired device. Plain frozen values, so
routes and websocket code never hold database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.access.roles import Permission, Role, can


class TokenKind(StrEnum):
    SESSION = "session"  # the browser's qb_session cookie, from the sign-in page
    API = "api"  # a bearer token from POST /api/auth/token


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    BOARD = "board"
    FEEDBACK = "feedback"  # the rating tablet at one workplace (issue 14)


@dataclass(frozen=True)
class Staff:
    user_id: int
    username: str
    full_name: str
    role: Role
    workplace: str | None  # the workplace or cabinet signed in at; None: not bound to one
    csrf_token: str
    token_id: int  # the session or API token in use (sign-out revokes it)
    token_kind: TokenKind

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


@dataclass(frozen=True)
class Device:
    id: int
    kind: DeviceKind
    name: str
    workplace: str | None = None  # a feedback tablet's workplace
    # Its `last_seen_at` is over a minute old: the access check writes it (app.edge.access).
    seen_due: bool = field(default=False, compare=False, repr=False)
