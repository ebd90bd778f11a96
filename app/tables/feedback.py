"""Tables of feedback: ratings, the telephone survey and the self-service zone's assistance.

Comments, remarks and phone numbers are personal data (001 p.2): app.services.retention
deletes them after the centre file's period, keeping the scores and the counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from app.db.types import instant_column as _instant


class Rating(SQLModel, table=True):
    """A visitor's rating of one finished ticket: one per ticket (its primary key)."""

    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_at", "at"),)

    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    score: int  # app.domain.feedback.SCORES
    comment: str | None = Field(default=None, sa_column=Column(Text(), nullable=True))
    zone: str = Field(max_length=40)  # where the ticket was served
    workplace: str | None = Field(default=None, max_length=40)
    source: str = Field(max_length=20)  # app.domain.feedback.RatingSource
    device_id: int | None = Field(default=None, foreign_key="device.id")  # the tablet, if one
    at: datetime = Field(sa_column=_instant(nullable=False))


class SurveySample(SQLModel, table=True):
    """One draw of the telephone survey (000 p.38): its period, size and seed, so the same
    draw can be made again; who drew it and when."""

    __tablename__ = "survey_sample"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # app.domain.survey.SurveyKind
    period_from: date
    period_to: date
    size: int
    seed: int
    drawn_by: str = Field(max_length=80)
    drawn_at: datetime = Field(sa_column=_instant(nullable=False))


class SurveyCall(SQLModel, table=True):
    """One visitor or request of a sample, and what calling them gave."""

    __tablename__ = "survey_call"

    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = Field(foreign_key="survey_sample.id", index=True)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id")
    request_id: int | None = Field(default=None, foreign_key="reception_request.id")
    result: str | None = Field(default=None, max_length=20)  # app.domain.survey.CallResult
    satisfied: int | None = None  # 1–5, when reached
    remarks: str | None = Field(default=None, sa_column=Column(Text(), nullable=True))
    called_by: str | None = Field(default=None, max_length=80)
    called_at: datetime | None = Field(default=None, sa_column=_instant())


class Assistance(SQLModel, table=True):
    """One visitor helped in the self-service zone (001 p.11), with or without a ticket."""

    __tablename__ = "assistance"
    __table_args__ = (Index("ix_assistance_day", "service_day", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_instant(nullable=False))
    service_day: date  # the centre-local day
    kind: str = Field(max_length=40)  # a code of the centre file's [[assistance_kinds]]
    completed: bool
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id")
    workplace: str | None = Field(default=None, max_length=40)
    actor: str = Field(max_length=80)
