"""Tables. Instants are stored in UTC; `service_day` is the centre-local date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Enum, Index, text
from sqlmodel import Field, SQLModel

from app.db.types import instant_column as _instant
from app.domain.lifecycle import ACTIVE_STATES, TicketState

_ACTIVE_SQL = "state IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(ACTIVE_STATES)))


class ZoneCounter(SQLModel, table=True):
    """The last position handed out in a zone on a day; bumped under a row lock so that
    concurrent issues never share a number (a `max(number)+1` read duplicates)."""

    __tablename__ = "zone_counter"

    zone: str = Field(primary_key=True, max_length=40)
    service_day: date = Field(primary_key=True)
    position: int = 0


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    __table_args__ = (
        # A zone-day's positions never repeat: no duplicate numbers before the range wraps.
        Index("uq_ticket_position", "number_zone", "service_day", "position", unique=True),
        # After a wrap a number is reused only once its earlier ticket has left the queue.
        Index(
            "uq_ticket_active_number",
            "number_zone",
            "service_day",
            "number",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
        # The workplace's current ticket, looked for by every call.
        Index("ix_ticket_workplace", "workplace", "service_day", "state"),
        # A day's tickets, for the statistics (a closed day is counted once: a year would
        # otherwise read every ticket of the table for each day).
        Index("ix_ticket_service_day", "service_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32, unique=True)  # public, unguessable; for the status page
    zone: str = Field(max_length=40)  # where it waits now (changes on transfer)
    number_zone: str = Field(max_length=40)  # whose range the number came from
    service_day: date
    position: int
    number: int
    display: str = Field(max_length=16)
    language: str = Field(max_length=2)
    purpose: str | None = Field(default=None, max_length=200)
    priority: str | None = Field(default=None, max_length=40)
    priority_rank: int = 0
    state: TicketState = Field(
        default=TicketState.WAITING,
        sa_column=Column(
            Enum(
                TicketState,
                native_enum=False,
                length=16,
                values_callable=lambda states: [s.value for s in states],
            ),
            nullable=False,
        ),
    )
    issued_at: datetime = Field(sa_column=_instant(nullable=False))
    called_at: datetime | None = Field(default=None, sa_column=_instant())
    started_at: datetime | None = Field(default=None, sa_column=_instant())
    finished_at: datetime | None = Field(default=None, sa_column=_instant())
    workplace: str | None = Field(default=None, max_length=40)
    called_by: str | None = Field(default=None, max_length=80)
    recall_count: int = 0
    transfer_count: int = 0
    outcome: str | None = Field(default=None, max_length=40)  # app.domain.workplace.Outcome
    # A booked visitor's ticket waits for one cabinet (001 p.15); other tickets for any
    # workplace of their zone.
    for_workplace: str | None = Field(default=None, max_length=40)
    # The wait estimated when it was issued (kiosk, ticket, status page), kept to measure the
    # estimate's error against the real wait (issue 13.8); 0: called at once (nothing shown);
    # None: issued before estimates were kept.
    estimate_minutes: int | None = None


# The queue in call order (app.domain.priority.queue_key): "call next" reads the first
# entry instead of sorting a zone's waiting tickets (1.7 ms with 3,000 waiting, in the
# write lock), and "how many are ahead" counts index ranges.
_ticket = Ticket.__table__  # type: ignore[attr-defined]
Index(
    "ix_ticket_call_order",
    _ticket.c.zone,
    _ticket.c.service_day,
    _ticket.c.state,
    _ticket.c.priority_rank.desc(),
    _ticket.c.issued_at,
    _ticket.c.id,
)


class VisitorDetail(SQLModel, table=True):
    """What the reception desk recorded about the visitor (001 p.7, p.8, p.10). Personal data:
    kept apart from the ticket so that nothing showing tickets (board, voice, print, event
    feed) can carry it by accident."""

    __tablename__ = "visitor_detail"

    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    id_document: str | None = Field(default=None, max_length=16)  # "original" | "digital"
    iin: str | None = Field(default=None, max_length=12)
    representative: str | None = Field(default=None, max_length=24)  # legal | authorised
    needs_escort: bool = False
    # Left at the desk for the selective telephone survey (000 p.38), only with the visitor's
    # consent; deleted after the centre file's retention period (app.services.retention).
    phone: str | None = Field(default=None, max_length=20)
    survey_consent: bool = False


class WorkplaceStatus(SQLModel, table=True):
    """A paused workplace takes no calls until it resumes."""

    __tablename__ = "workplace_status"

    workplace: str = Field(primary_key=True, max_length=40)
    paused: bool = False
    reason: str | None = Field(default=None, max_length=20)  # app.domain.workplace.PauseReason
    since: datetime | None = Field(default=None, sa_column=_instant())
    by: str | None = Field(default=None, max_length=80)


class WorkplacePause(SQLModel, table=True):
    """Each pause of a workplace, from its start to its resume (open while it lasts): the
    statistics' paused time of a workplace (issue 13.1)."""

    __tablename__ = "workplace_pause"
    __table_args__ = (Index("ix_workplace_pause_started", "workplace", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workplace: str = Field(max_length=40)
    reason: str | None = Field(default=None, max_length=20)  # app.domain.workplace.PauseReason
    started_at: datetime = Field(sa_column=_instant(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_instant())
    by: str | None = Field(default=None, max_length=80)


class TicketEvent(SQLModel, table=True):
    """Every change of a ticket, for the board's history and the centre's reports."""

    __tablename__ = "ticket_event"

    __table_args__ = (
        # A zone's latest calls, newest first (app.domain.priority: consecutive priority calls).
        Index("ix_ticket_event_action_zone", "action", "zone"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    action: str = Field(max_length=20)
    at: datetime = Field(sa_column=_instant(nullable=False))
    zone: str = Field(max_length=40)
    workplace: str | None = Field(default=None, max_length=40)
    actor: str | None = Field(default=None, max_length=80)
