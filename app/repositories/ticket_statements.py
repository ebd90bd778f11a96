"""The ticket queries every call runs, built once: building a statement anew (and its cache
key) cost more than running it. Used by app.repositories.tickets."""

from __future__ import annotations

import functools
import hashlib

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
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from app.domain.lifecycle import TicketState
from app.domain.priority import REGULAR_RANK
from app.tables.queue import Ticket, TicketEvent, WorkplaceStatus, ZoneCounter


def for_workplace(workplace: str | BindParameter[str]) -> ColumnElement[bool]:
    """Tickets `workplace` may call: those of any workplace, and those booked for it."""
    return or_(col(Ticket.for_workplace).is_(None), col(Ticket.for_workplace) == workplace)


# Statements run in every call are built once: building one anew (and its cache key) cost
# more than running it.


def _next_waiting_statement(*, regular_only: bool) -> Select[Ticket]:
    stmt = select(Ticket).where(
        col(Ticket.zone).in_(bindparam("zones", expanding=True)),
        col(Ticket.service_day) == bindparam("day"),
        col(Ticket.state) == TicketState.WAITING,
        for_workplace(bindparam("workplace")),
    )
    if regular_only:
        stmt = stmt.where(col(Ticket.priority_rank) == REGULAR_RANK)
    return (
        stmt.order_by(col(Ticket.priority_rank).desc(), col(Ticket.issued_at), col(Ticket.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    )


GET_FOR_UPDATE = (
    select(Ticket)
    .where(col(Ticket.id) == bindparam("id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)

BY_TOKEN = select(Ticket).where(col(Ticket.token) == bindparam("token"))

PAUSED = select(col(WorkplaceStatus.paused)).where(
    col(WorkplaceStatus.workplace) == bindparam("workplace")
)

NEXT_WAITING = _next_waiting_statement(regular_only=False)
NEXT_REGULAR = _next_waiting_statement(regular_only=True)

CURRENT_AT = (
    select(Ticket)
    .where(
        col(Ticket.workplace) == bindparam("workplace"),
        col(Ticket.service_day) == bindparam("day"),
        col(Ticket.state).in_([TicketState.CALLED, TicketState.SERVING]),
    )
    .limit(1)
)

RECENT_CALL_RANKS = (
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


AHEAD = _count_ahead_statement()


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
def update_statement(columns: tuple[str, ...]) -> Update:
    """One per set of columns a ticket's change writes (a handful: call, start, finish...)."""
    table = Ticket.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(table.c.id == bindparam("ticket_id"))
        .values({column: bindparam(f"new_{column}") for column in columns})
    )


INSERT_TICKET = insert(Ticket.__table__).returning(Ticket.__table__.c.id)  # type: ignore[attr-defined]
INSERT_EVENT = insert(TicketEvent.__table__)  # type: ignore[attr-defined]

BUMP = {False: _bump_statement(postgres=False), True: _bump_statement(postgres=True)}


def lock_key(kind: str, name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (the same in every process)."""
    digest = hashlib.blake2b(f"qabyldau:{kind}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
