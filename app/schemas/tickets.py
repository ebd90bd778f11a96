"""What the public API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.config.centre import Language, Names
from app.domain.lifecycle import TicketState
from app.schemas import ReadModel
from app.schemas.fields import Line
from app.tables.queue import Ticket


class TicketRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zone: Annotated[str, Field(min_length=1, max_length=40, examples=["consultation"])]
    language: Language
    purpose: Annotated[Line | None, Field(max_length=200)] = None
    priority: Annotated[
        str | None, Field(max_length=40, description="an out-of-turn category code")
    ] = None


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zone: Annotated[str, Field(min_length=1, max_length=40)]
    workplace: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description="one workplace of the zone: a given window, or the official's cabinet "
        "(required for a zone of cabinets)",
    )


class CallNumberRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Annotated[int, Field(ge=0, le=99999)]


class TicketOut(ReadModel):
    id: int
    number: int
    display: str
    zone: str
    language: str
    purpose: str | None
    priority: str | None
    state: TicketState
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    workplace: str | None
    recall_count: int
    ahead: int = Field(
        default=0, description="waiting tickets of the zone that will be called before this one"
    )
    status_url: str | None = Field(
        default=None,
        description="the ticket's public status page (its QR code), to hand over or send; "
        "given when a ticket is issued or read",
    )

    @classmethod
    def of(cls, ticket: Ticket, ahead: int = 0, status_url: str | None = None) -> TicketOut:
        return cls.model_validate(ticket).model_copy(
            update={"ahead": ahead, "status_url": status_url}
        )


class NumberRangeOut(BaseModel):
    first: int
    last: int
    prefix: str


class ZoneOut(BaseModel):
    code: str
    name: Names
    issues_tickets: bool
    range: NumberRangeOut | None
    waiting: int


class WorkplaceOut(ReadModel):
    code: str
    name: Names
    kind: str
    number: int
    zones: list[str]


class CategoryOut(ReadModel):
    code: str
    name: Names
    rank: int


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"] = Field(
        description='"degraded": voice announcements fail; "down": the database takes no changes'
    )
    database: Literal["ok", "read-only", "disk-full", "busy", "unreachable"]
    speech: str = Field(
        description='"ok", or why voice announcements fail (to staff; "failing" to others)'
    )
    engine: str | None = Field(default=None, description="sqlite or postgresql (to staff)")
    centre: str
    open_now: bool
    time: datetime


class ErrorOut(BaseModel):
    detail: str = Field(description="what is wrong, in the reader's language")
    code: str = Field(description="a stable code for scripts")
    errors: list[str] | None = Field(
        default=None, description="invalid requests (422): each field that is wrong and why"
    )
