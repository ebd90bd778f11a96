"""What the access API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Permission, Role
from app.schemas import ReadModel
from app.schemas.fields import Line


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  (the scheme, not a secret)
    expires_in: int = Field(description="seconds until the token expires")


class MeOut(BaseModel):
    username: str
    full_name: str
    role: Role
    workplace: str | None
    permissions: list[Permission]


class DeviceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DeviceKind
    name: Annotated[Line, Field(min_length=1, max_length=80, examples=["Hall board"])]
    workplace: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=40,
            pattern=r"^[a-z][a-z0-9_-]{0,39}$",
            description="a feedback tablet's workplace (a code of the centre file); "
            "required for a feedback tablet, none for a kiosk or a board",
            examples=["window-1"],
        ),
    ] = None


class DeviceOut(ReadModel):
    id: int
    kind: DeviceKind
    name: str
    workplace: str | None
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class DeviceCreated(DeviceOut):
    token: str = Field(description="shown once: only its hash is kept")
    pairing_url: str = Field(description="open it on the device to pair it")
