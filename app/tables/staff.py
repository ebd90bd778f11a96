"""Tables of staff accounts, their sign-in tokens and the registered devices.

No token is stored as given out: only its SHA-256, so a copy of the database opens nothing.
(A random 256-bit token needs no slow hash; passwords, which people choose, get argon2.)"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.db.types import enum_column as _enum
from app.db.types import instant_column as _instant
from app.domain.access.identity import DeviceKind, TokenKind
from app.domain.access.roles import Role


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)  # lower-case; also `ticket.called_by`
    full_name: str = Field(default="", max_length=200)
    role: Role = Field(sa_column=_enum(Role, 16))
    password_hash: str = Field(max_length=255)
    failed_logins: int = 0  # wrong passwords in a row; reset by a success or a lockout
    locked_until: datetime | None = Field(default=None, sa_column=_instant())
    active: bool = True  # False: cannot sign in and its tokens stop working
    # Set by the demo's accounts, whose password is printed for all to read: the server will
    # not listen beyond this machine until each is changed (`qabyldau users password`).
    demo_password: bool = False
    created_at: datetime = Field(sa_column=_instant(nullable=False))


class AuthToken(SQLModel, table=True):
    __tablename__ = "auth_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex of the token
    kind: TokenKind = Field(sa_column=_enum(TokenKind, 8))
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    workplace: str | None = Field(default=None, max_length=40)  # where the person signed in
    csrf_token: str = Field(max_length=64)  # sent back by the session's forms and htmx
    created_at: datetime = Field(sa_column=_instant(nullable=False))
    expires_at: datetime = Field(sa_column=_instant(nullable=False))
    revoked: bool = False


class RegisteredDevice(SQLModel, table=True):
    """A kiosk, board or feedback tablet paired by the administrator; its token opens only its
    own screen. A feedback tablet belongs to one workplace."""

    __tablename__ = "device"

    id: int | None = Field(default=None, primary_key=True)
    kind: DeviceKind = Field(sa_column=_enum(DeviceKind, 8))
    name: str = Field(max_length=80)
    workplace: str | None = Field(default=None, max_length=40)  # a feedback tablet's
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_instant(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=_instant())
    last_seen_at: datetime | None = Field(default=None, sa_column=_instant())
