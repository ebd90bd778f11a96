"""What the waiting-hall board shows: numbers and workplaces, never names."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.config.centre import Names


class BoardCall(BaseModel):
    ticket: str = Field(description="the ticket's display, e.g. 115 or К-115")
    zone: str
    language: str
    workplace: str
    workplace_kind: str
    workplace_number: int
    workplace_name: Names
    called_at: datetime


class Board(BaseModel):
    current: list[BoardCall] = Field(
        description="tickets called to a workplace and not yet finished"
    )
    last_calls: list[BoardCall] = Field(description="the latest calls and recalls, newest first")
    waiting: dict[str, int] = Field(description="waiting tickets per zone")
