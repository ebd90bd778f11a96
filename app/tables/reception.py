"""Tables of personal reception. Instants in UTC; days are the centre's local dates.

Applicants' names, contacts and issues are personal data (001 p.2): they live only here,
never on tickets, so nothing that shows tickets (board, voice, print, the event feed) can
carry them."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db.types import enum_column
from app.db.types import instant_column as _instant
from app.domain.reception.terms import RequestState


def _text(nullable: bool = True) -> Column[str]:
    return Column(Text(), nullable=nullable)


class Official(SQLModel, table=True):
    """Who receives (000 p.2, 001 p.15), named in both languages of the schedule (000 p.8)."""

    __tablename__ = "reception_official"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name_kk: str = Field(max_length=200)  # surname, name and patronymic (if any)
    name_ru: str = Field(max_length=200)
    position_kk: str = Field(max_length=300)
    position_ru: str = Field(max_length=300)
    cabinet: str = Field(max_length=40)  # the workplace code of the cabinet with the monoblock
    active: bool = True


class Schedule(SQLModel, table=True):
    """A month's reception schedule (at least monthly, 000 p.7, 7-1), approved by whom and
    when. Only an approved schedule is published and booked."""

    __tablename__ = "reception_schedule"

    id: int | None = Field(default=None, primary_key=True)
    month: date = Field(unique=True)  # the first day of the month
    approved_by: str | None = Field(default=None, max_length=200)
    approved_on: date | None = None


class ReceptionDay(SQLModel, table=True):
    """One official's reception hours on one day of a schedule."""

    __tablename__ = "reception_day"
    __table_args__ = (UniqueConstraint("official_id", "day", name="uq_reception_day_official"),)

    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = Field(foreign_key="reception_schedule.id", index=True)
    official_id: int = Field(foreign_key="reception_official.id")
    day: date = Field(index=True)
    starts: time
    ends: time
    slot_minutes: int = 20
    final_list_sent_on: date | None = None  # 001 p.15
    # The official cannot receive (000 p.16): when they said so and why.
    cancelled_on: date | None = None
    cancel_reason: str | None = Field(default=None, max_length=300)


class ReceptionRequest(SQLModel, table=True):
    """A request to be received (000 p.4, p.25) and everything decided about it."""

    __tablename__ = "reception_request"
    __table_args__ = (
        Index("ix_reception_request_turn", "state", "registered_on", "received_at"),
        Index("ix_reception_request_day", "appointment_day", "official_id"),
        # One applicant per time of a reception day. Unbooked requests hold no day (NULLs never
        # clash), so this is the last guard against two allocations racing for one time.
        Index("uq_reception_request_slot", "reception_day_id", "appointment_time", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(sa_column=_instant(nullable=False))
    registered_on: date
    channel: str = Field(max_length=20)  # terms.Channel
    language: str = Field(max_length=2)  # kk | ru, as the applicant chooses (000 p.21)
    applicant_name: str = Field(max_length=200)
    representative: str | None = Field(default=None, max_length=200)  # acts for the applicant
    contact: str = Field(max_length=200)
    subject: str = Field(sa_column=_text(nullable=False))  # the issue in substance (000 p.5)
    competence: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=40)  # out of turn (000 p.12)
    official_id: int | None = Field(default=None, foreign_key="reception_official.id")
    # Problem-issue monitoring (003 App.2 p.7): a topic of the centre file's list and the
    # district or city the applicant lives in (of the districts the centre serves).
    topic: str | None = Field(default=None, max_length=40)
    district: str | None = Field(default=None, max_length=40)
    video_consent: bool = False  # 000 p.13
    video_link: str | None = Field(default=None, max_length=500)
    state: RequestState = Field(sa_column=enum_column(RequestState, 20))
    registered_by: str = Field(max_length=80)

    reply_due: date  # 000 p.29, later if extended (000 p.30)
    replied_on: date | None = None  # the reply (date and time, or not considered) went out

    extension_kind: str | None = Field(default=None, max_length=20)  # terms.ExtensionKind
    extended_on: date | None = None
    extension_reason: str | None = Field(default=None, sa_column=_text())
    extension_notice_due: date | None = None
    extension_notified_on: date | None = None

    refusal_ground: str | None = Field(default=None, max_length=40)  # terms.RefusalGround
    refusal_drafted_on: date | None = None
    refusal_decision_from: date | None = None  # 000 p.32
    refused_on: date | None = None

    other_bodies: str | None = Field(default=None, max_length=500)  # 000 p.18–19
    other_bodies_asked_on: date | None = None
    other_bodies_notice_due: date | None = None
    other_bodies_notified_on: date | None = None

    reception_day_id: int | None = Field(default=None, foreign_key="reception_day.id")
    appointment_day: date | None = None
    appointment_time: time | None = None
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    checked_in_at: datetime | None = Field(default=None, sa_column=_instant())


class OralRecord(SQLModel, table=True):
    """The separate protocol of oral requests, in person or by telephone (000 p.25)."""

    __tablename__ = "reception_oral_record"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="reception_request.id", unique=True)
    received_at: datetime = Field(sa_column=_instant(nullable=False))
    by_phone: bool
    taken_by: str = Field(max_length=80)
    statement: str = Field(sa_column=_text(nullable=False))  # what the applicant said


class ProtocolEntry(SQLModel, table=True):
    """The decision taken at the reception on the request (000 p.23)."""

    __tablename__ = "reception_protocol"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="reception_request.id", unique=True)
    decision: str = Field(sa_column=_text(nullable=False))
    recorded_by: str = Field(max_length=80)
    recorded_at: datetime = Field(sa_column=_instant(nullable=False))


class Instruction(SQLModel, table=True):
    """A protocol instruction with its executor and deadline (000 p.23), under control
    (000 p.34)."""

    __tablename__ = "reception_instruction"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="reception_request.id", index=True)
    appeal_id: int | None = Field(default=None, foreign_key="reception_appeal.id")
    text: str = Field(sa_column=_text(nullable=False))
    executor: str = Field(max_length=200)
    due: date
    done_on: date | None = None


class Appeal(SQLModel, table=True):
    """An appeal filed at a reception, marked «жеке қабылдаудан» (000 p.36), under control
    until a final reasoned answer (000 p.35)."""

    __tablename__ = "reception_appeal"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="reception_request.id", index=True)
    mark: str = Field(max_length=40)
    topic: str | None = Field(default=None, max_length=40)  # as the request's (003 App.2 p.7)
    district: str | None = Field(default=None, max_length=40)
    summary: str = Field(sa_column=_text(nullable=False))
    registered_on: date
    assignee: str | None = Field(default=None, max_length=200)
    final_answer: str | None = Field(default=None, sa_column=_text())
    closed_on: date | None = None


class AppealHandler(SQLModel, table=True):
    """Everyone who has handled an appeal: those named when it was filed (the matter's earlier
    handlers) and everyone it was assigned to since. None of them may be assigned it
    (000 p.37)."""

    __tablename__ = "reception_appeal_handler"

    id: int | None = Field(default=None, primary_key=True)
    appeal_id: int = Field(foreign_key="reception_appeal.id", index=True)
    employee: str = Field(max_length=200)
    since: datetime = Field(sa_column=_instant(nullable=False))
