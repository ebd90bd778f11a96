"""Queries on tickets, their counters and events."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Insert,
    ScalarSelect,
    Select,
    Update,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from app.db.models import Ticket, TicketEvent, VisitorDetail, WorkplaceStatus, ZoneCounter
from app.domain.lifecycle import ACTIVE_STATES, TicketState
from app.domain.priority import REGULAR_RANK


class TicketRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    # numbering -----------------------------------------------------------------------------

    def bump_position(self, zone: str, day: date) -> int:
        """Advance the zone-day counter by one and return it. The upsert takes the counter
        row's lock, so everything after it in this transaction is serialised per zone-day."""
        stmt = _BUMP[self._dialect == "postgresql"]
        return int(self.session.execute(stmt, {"zone": zone, "day": day}).scalar_one())

    def lock_workplace(self, workplace: str) -> None:
        """Serialise calls at one workplace until this transaction ends. On SQLite every write
        transaction already holds the database's write lock (BEGIN IMMEDIATE); on PostgreSQL
        this takes a transaction-level advisory lock named after the workplace, because its
        check "is the workplace free?" reads rows that a concurrent call has not inserted yet,
        so a double click gave one workplace two tickets at once (seen in the load test)."""
        if self._dialect == "postgresql":
            key = _lock_key("workplace", workplace)
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def set_position(self, zone: str, day: date, position: int) -> None:
        self.session.execute(
            update(ZoneCounter)
            .where(col(ZoneCounter.zone) == zone, col(ZoneCounter.service_day) == day)
            .values(position=position)
        )

    def active_numbers(self, number_zone: str, day: date) -> set[int]:
        rows = self.session.execute(
            select(col(Ticket.number)).where(
                col(Ticket.number_zone) == number_zone,
                col(Ticket.service_day) == day,
                col(Ticket.state).in_(ACTIVE_STATES),
            )
        )
        return set(rows.scalars())

    # reading -------------------------------------------------------------------------------

    def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        """`for_update`: read it afresh and lock its row until commit (PostgreSQL)."""
        if not for_update:
            return self.session.get(Ticket, ticket_id)
        return self.session.execute(_GET_FOR_UPDATE, {"id": ticket_id}).scalar_one_or_none()

    def find_waiting_by_number(
        self, zones: Collection[str], day: date, number: int, workplace: str
    ) -> Sequence[Ticket]:
        stmt = (
            select(Ticket)
            .where(
                col(Ticket.zone).in_(zones),
                col(Ticket.service_day) == day,
                col(Ticket.number) == number,
                col(Ticket.state) == TicketState.WAITING,
                _for(workplace),
            )
            .with_for_update()
        )
        return self.session.execute(stmt).scalars().all()

    def next_waiting(
        self, zones: Collection[str], day: date, workplace: str, *, regular_only: bool = False
    ) -> Ticket | None:
        """The head of the queue for `workplace`: highest rank first, then order of issue
        (see app.domain.priority.queue_key); tickets booked for another cabinet are not its.
        On PostgreSQL a row another workplace is taking right now is skipped, not waited for."""
        params = {"zones": list(zones), "day": day, "workplace": workplace}
        stmt = _NEXT_REGULAR if regular_only else _NEXT_WAITING
        return self.session.execute(stmt, params).scalar_one_or_none()

    def recent_call_ranks(self, zones: Collection[str], day: date, limit: int) -> list[int]:
        """Ranks of the tickets of the zones' latest calls, newest first (in the order the
        calls were committed, which clock readings cannot tell apart)."""
        params = {"zones": list(zones), "day": day, "limit": limit}
        return list(self.session.connection().execute(_RECENT_CALL_RANKS, params).scalars())

    def current_at(self, workplace: str, day: date) -> Ticket | None:
        params = {"workplace": workplace, "day": day}
        return self.session.execute(_CURRENT_AT, params).scalar_one_or_none()

    def count_ahead(self, ticket: Ticket) -> int:
        """Waiting tickets of the same zone-day that come before this one in strict order."""
        params = {
            "zone": ticket.zone,
            "day": ticket.service_day,
            "rank": ticket.priority_rank,
            "at": ticket.issued_at,
            "id": ticket.id,
        }
        return int(self.session.execute(_AHEAD, params).scalar_one())

    def waiting_counts(self, day: date) -> dict[str, int]:
        rows = self.session.execute(
            select(col(Ticket.zone), func.count())
            .where(col(Ticket.service_day) == day, col(Ticket.state) == TicketState.WAITING)
            .group_by(col(Ticket.zone))
        )
        return {zone: int(count) for zone, count in rows}

    def at_workplaces(self, day: date) -> Sequence[Ticket]:
        """Tickets now called to or served at a workplace, latest call first."""
        stmt = (
            select(Ticket)
            .where(
                col(Ticket.service_day) == day,
                col(Ticket.state).in_([TicketState.CALLED, TicketState.SERVING]),
            )
            .order_by(col(Ticket.called_at).desc())
        )
        return self.session.execute(stmt).scalars().all()

    def last_calls(self, day: date, limit: int) -> Sequence[tuple[TicketEvent, Ticket]]:
        stmt = (
            select(TicketEvent, Ticket)
            .join(Ticket, col(Ticket.id) == col(TicketEvent.ticket_id))
            .where(
                col(TicketEvent.action).in_(["call", "recall"]),
                col(Ticket.service_day) == day,
            )
            .order_by(col(TicketEvent.at).desc(), col(TicketEvent.id).desc())
            .limit(limit)
        )
        return [(event, ticket) for event, ticket in self.session.execute(stmt)]

    def visitor_detail(self, ticket_id: int) -> VisitorDetail | None:
        return self.session.get(VisitorDetail, ticket_id)

    def workplace_status(self, workplace: str) -> WorkplaceStatus | None:
        return self.session.get(WorkplaceStatus, workplace)

    def is_paused(self, workplace: str) -> bool:
        found = self.session.connection().execute(_PAUSED, {"workplace": workplace})
        return bool(found.scalar())

    def waiting_summary(self, zones: Collection[str], day: date) -> tuple[int, datetime | None]:
        """How many wait in these zones, and since when the longest-waiting one."""
        row = self.session.execute(
            select(func.count(), func.min(col(Ticket.issued_at))).where(
                col(Ticket.zone).in_(zones),
                col(Ticket.service_day) == day,
                col(Ticket.state) == TicketState.WAITING,
            )
        ).one()
        oldest = row[1]
        if isinstance(oldest, str):  # SQLite's min() over the column gives back text
            oldest = datetime.fromisoformat(oldest)
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        return int(row[0]), oldest

    def today_by_number(self, day: date, number: int) -> Sequence[Ticket]:
        stmt = (
            select(Ticket)
            .where(col(Ticket.service_day) == day, col(Ticket.number) == number)
            .order_by(col(Ticket.issued_at).desc())
        )
        return self.session.execute(stmt).scalars().all()

    # writing -------------------------------------------------------------------------------

    def add(self, ticket: Ticket) -> Ticket:
        """Insert a new ticket and give it its id. A plain INSERT rather than the session's
        unit of work (a third of the cost): the ticket is not tracked by the session, so
        change it through this repository, not by setting its attributes."""
        values = ticket.model_dump(exclude={"id"})
        ticket.id = int(self.session.connection().execute(_INSERT_TICKET, values).scalar_one())
        return ticket

    def change(self, ticket: Ticket, **values: Any) -> None:
        """Write new values of a ticket's columns with one plain UPDATE, and put them on the
        object as its stored state, so that the session does not write them again (its unit
        of work cost three times as much as the UPDATE)."""
        assert ticket.id is not None
        params = {f"new_{key}": value for key, value in values.items()}
        statement = _update_statement(tuple(sorted(values)))
        self.session.connection().execute(statement, {"ticket_id": ticket.id, **params})
        for key, value in values.items():
            set_committed_value(ticket, key, value)

    def record(
        self,
        *,
        ticket_id: int,
        action: str,
        at: datetime,
        zone: str,
        workplace: str | None,
        actor: str | None,
    ) -> None:
        """Append a row to a ticket's history (TicketEvent): a plain INSERT, as nothing in the
        transaction reads it back."""
        values = {
            "ticket_id": ticket_id,
            "action": action,
            "at": at,
            "zone": zone,
            "workplace": workplace,
            "actor": actor,
        }
        self.session.connection().execute(_INSERT_EVENT, values)


def _for(workplace: str | BindParameter[str]) -> ColumnElement[bool]:
    """Tickets `workplace` may call: those of any workplace, and those booked for it."""
    return or_(col(Ticket.for_workplace).is_(None), col(Ticket.for_workplace) == workplace)


# Statements run in every call are built once: building one anew (and its cache key) cost
# more than running it.


def _next_waiting_statement(*, regular_only: bool) -> Select[Ticket]:
    stmt = select(Ticket).where(
        col(Ticket.zone).in_(bindparam("zones", expanding=True)),
        col(Ticket.service_day) == bindparam("day"),
        col(Ticket.state) == TicketState.WAITING,
        _for(bindparam("workplace")),
    )
    if regular_only:
        stmt = stmt.where(col(Ticket.priority_rank) == REGULAR_RANK)
    return (
        stmt.order_by(col(Ticket.priority_rank).desc(), col(Ticket.issued_at), col(Ticket.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    )


_GET_FOR_UPDATE = (
    select(Ticket)
    .where(col(Ticket.id) == bindparam("id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)

_PAUSED = select(col(WorkplaceStatus.paused)).where(
    col(WorkplaceStatus.workplace) == bindparam("workplace")
)

_NEXT_WAITING = _next_waiting_statement(regular_only=False)
_NEXT_REGULAR = _next_waiting_statement(regular_only=True)

_CURRENT_AT = (
    select(Ticket)
    .where(
        col(Ticket.workplace) == bindparam("workplace"),
        col(Ticket.service_day) == bindparam("day"),
        col(Ticket.state).in_([TicketState.CALLED, TicketState.SERVING]),
    )
    .limit(1)
)

_RECENT_CALL_RANKS = (
    select(col(Ticket.priority_rank))
    .join(TicketEvent, col(TicketEvent.ticket_id) == col(Ticket.id))
    .where(
        col(TicketEvent.action) == "call",
        col(TicketEvent.zone).in_(bindparam("zones", expanding=True)),
        col(Ticket.service_day) == bindparam("day"),
    )
    .order_by(col(TicketEvent.id).desc())
    .limit(bindparam("limit"))
)


def _count_ahead_statement() -> Select[tuple[int]]:
    """Built once: issuing runs it in every issue transaction (under the zone counter's lock),
    and building this statement anew cost more than running it. Three index range counts on
    ix_ticket_call_order (higher rank; same rank, issued earlier; same instant, lower id) rather
    than one OR evaluated on every waiting ticket: ~2.5x faster with 3,000 waiting."""

    def waiting(*more: ColumnElement[bool]) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(
                col(Ticket.zone) == bindparam("zone"),
                col(Ticket.service_day) == bindparam("day"),
                col(Ticket.state) == TicketState.WAITING,
                *more,
            )
            .scalar_subquery()
        )

    rank, at, ticket_id = col(Ticket.priority_rank), col(Ticket.issued_at), col(Ticket.id)
    same_rank = rank == bindparam("rank")
    return select(
        waiting(rank > bindparam("rank"))
        + waiting(same_rank, at < bindparam("at"))
        + waiting(same_rank, at == bindparam("at"), ticket_id < bindparam("id"))
    )


_AHEAD = _count_ahead_statement()


def _bump_statement(postgres: bool) -> Insert:
    """The counter upsert, built once per dialect (see _count_ahead_statement)."""
    insert = postgresql.insert if postgres else sqlite.insert
    table = ZoneCounter.__table__  # type: ignore[attr-defined]
    return (
        insert(table)
        .values(zone=bindparam("zone"), service_day=bindparam("day"), position=1)
        .on_conflict_do_update(
            index_elements=["zone", "service_day"],
            set_={"position": table.c.position + 1},
        )
        .returning(table.c.position)
    )


@functools.cache
def _update_statement(columns: tuple[str, ...]) -> Update:
    """One per set of columns a ticket's change writes (a handful: call, start, finish...)."""
    table = Ticket.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(table.c.id == bindparam("ticket_id"))
        .values({column: bindparam(f"new_{column}") for column in columns})
    )


_INSERT_TICKET = insert(Ticket.__table__).returning(Ticket.__table__.c.id)  # type: ignore[attr-defined]
_INSERT_EVENT = insert(TicketEvent.__table__)  # type: ignore[attr-defined]

_BUMP = {False: _bump_statement(postgres=False), True: _bump_statement(postgres=True)}


def _lock_key(kind: str, name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (the same in every process)."""
    digest = hashlib.blake2b(f"qabyldau:{kind}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
