"""What the public API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.config.centre import Language, Names
from app.db.models import Ticket
from app.domain.lifecycle import TicketState


class TicketRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zone: Annotated[str, Field(min_length=1, max_length=40, examples=["consultation"])]
    language: Language
    purpose: Annotated[str | None, Field(max_length=200)] = None
    priority: Annotated[
        str | None, Field(max_length=40, description="an out-of-turn category code")
    ] = None


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zone: Annotated[str, Field(min_length=1, max_length=40)]


class CallNumberRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Annotated[int, Field(ge=0, le=99999)]


class TicketOut(BaseModel):
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
        description="waiting tickets of the zone that will be called before this one"
    )

    @classmethod
    def of(cls, ticket: Ticket, ahead: int = 0) -> TicketOut:
        assert ticket.id is not None
        return cls(
            id=ticket.id,
            number=ticket.number,
            display=ticket.display,
            zone=ticket.zone,
            language=ticket.language,
            purpose=ticket.purpose,
            priority=ticket.priority,
            state=ticket.state,
            issued_at=ticket.issued_at,
            called_at=ticket.called_at,
            started_at=ticket.started_at,
            finished_at=ticket.finished_at,
            workplace=ticket.workplace,
            recall_count=ticket.recall_count,
            ahead=ahead,
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


class WorkplaceOut(BaseModel):
    code: str
    name: Names
    kind: str
    number: int
    zones: list[str]


class CategoryOut(BaseModel):
    code: str
    name: Names
    rank: int


class Health(BaseModel):
    status: str = Field(description='"ok", or "degraded" while a part visitors notice fails')
    database: str
    speech: str = Field(description='"ok", or why voice announcements fail (chime only)')
    centre: str
    open_now: bool
    time: datetime


class ErrorOut(BaseModel):
    detail: str
    code: str
