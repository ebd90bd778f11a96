"""Queries on tickets, their counters and events."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from app.domain.lifecycle import ACTIVE_STATES, TicketState
from app.repositories.ticket_statements import (
    AHEAD,
    BUMP,
    BY_TOKEN,
    CURRENT_AT,
    GET_FOR_UPDATE,
    INSERT_EVENT,
    INSERT_TICKET,
    NEXT_REGULAR,
    NEXT_WAITING,
    PAUSED,
    RECENT_CALL_RANKS,
    for_workplace,
    lock_key,
    update_statement,
)
from app.tables.queue import (
    Ticket,
    TicketEvent,
    VisitorDetail,
    WorkplacePause,
    WorkplaceStatus,
    ZoneCounter,
)


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
        stmt = BUMP[self._dialect == "postgresql"]
        return int(self.session.execute(stmt, {"zone": zone, "day": day}).scalar_one())

    def lock_workplace(self, workplace: str) -> None:
        """Serialise calls at one workplace until this transaction ends. On SQLite every write
        transaction already holds the database's write lock (BEGIN IMMEDIATE); on PostgreSQL
        this takes a transaction-level advisory lock named after the workplace, because its
        check "is the workplace free?" reads rows that a concurrent call has not inserted yet,
        so a double click gave one workplace two tickets at once (seen in the load test)."""
        if self._dialect == "postgresql":
            key = lock_key("workplace", workplace)
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
        return self.session.execute(GET_FOR_UPDATE, {"id": ticket_id}).scalar_one_or_none()

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
                for_workplace(workplace),
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
        stmt = NEXT_REGULAR if regular_only else NEXT_WAITING
        return self.session.execute(stmt, params).scalar_one_or_none()

    def recent_call_ranks(self, zones: Collection[str], day: date, limit: int) -> list[int]:
        """Ranks of the tickets of the zones' latest calls, newest first (in the order the
        calls were committed, which clock readings cannot tell apart)."""
        params = {"zones": list(zones), "day": day, "limit": limit}
        return list(self.session.connection().execute(RECENT_CALL_RANKS, params).scalars())

    def current_at(self, workplace: str, day: date) -> Ticket | None:
        params = {"workplace": workplace, "day": day}
        return self.session.execute(CURRENT_AT, params).scalar_one_or_none()

    def count_ahead(self, ticket: Ticket) -> int:
        """Waiting tickets of the same zone-day that come before this one in strict order."""
        params = {
            "zone": ticket.zone,
            "day": ticket.service_day,
            "rank": ticket.priority_rank,
            "at": ticket.issued_at,
            "id": ticket.id,
        }
        return int(self.session.execute(AHEAD, params).scalar_one())

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

    def open_pause(self, workplace: str) -> WorkplacePause | None:
        """The workplace's pause that has not ended, if it is paused."""
        open_one = select(WorkplacePause).where(
            col(WorkplacePause.workplace) == workplace, col(WorkplacePause.ended_at).is_(None)
        )
        return self.session.execute(open_one).scalars().first()

    def is_paused(self, workplace: str) -> bool:
        found = self.session.connection().execute(PAUSED, {"workplace": workplace})
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

    def by_token(self, token: str) -> Ticket | None:
        """The ticket behind a status page's address."""
        return self.session.execute(BY_TOKEN, {"token": token}).scalar_one_or_none()

    def last_finished_at(self, workplace: str, day: date) -> Ticket | None:
        """The ticket the workplace finished last on the day (its Finish may be undone)."""
        return self.session.execute(
            select(Ticket)
            .where(
                col(Ticket.workplace) == workplace,
                col(Ticket.service_day) == day,
                col(Ticket.state) == TicketState.DONE,
                col(Ticket.finished_at).is_not(None),
            )
            .order_by(col(Ticket.finished_at).desc())
            .limit(1)
        ).scalar_one_or_none()

    def served_at(self, workplace: str, day: date) -> list[float]:
        """Minutes from start to finish of each visit the workplace finished on the day."""
        return self._durations(col(Ticket.workplace) == workplace, day, None)

    def _durations(self, where: Any, day: date, limit: int | None) -> list[float]:
        rows = self.session.execute(
            select(col(Ticket.started_at), col(Ticket.finished_at))
            .where(
                where,
                col(Ticket.service_day) == day,
                col(Ticket.state) == TicketState.DONE,
                col(Ticket.started_at).is_not(None),
                col(Ticket.finished_at).is_not(None),
            )
            .order_by(col(Ticket.finished_at).desc())
            .limit(limit)
        ).all()
        return [
            (finished - started).total_seconds() / 60
            for started, finished in rows
            if started is not None and finished is not None and finished >= started
        ]

    # writing -------------------------------------------------------------------------------

    def save_status(self, status: WorkplaceStatus) -> None:
        self.session.add(status)

    def add_pause(self, pause: WorkplacePause) -> None:
        self.session.add(pause)

    def end_pauses(self, workplace: str, now: datetime) -> None:
        """End the workplace's open pause (every one, should a race have left two)."""
        self.session.execute(
            update(WorkplacePause)
            .where(
                col(WorkplacePause.workplace) == workplace, col(WorkplacePause.ended_at).is_(None)
            )
            .values(ended_at=now)
        )

    def add_visitor_detail(self, detail: VisitorDetail) -> None:
        self.session.add(detail)

    def add(self, ticket: Ticket) -> Ticket:
        """Insert a new ticket and give it its id. A plain INSERT rather than the session's
        unit of work (a third of the cost): the ticket is not tracked by the session, so
        change it through this repository, not by setting its attributes."""
        values = ticket.model_dump(exclude={"id"})
        ticket.id = int(self.session.connection().execute(INSERT_TICKET, values).scalar_one())
        return ticket

    def change(self, ticket: Ticket, **values: Any) -> None:
        """Write new values of a ticket's columns with one plain UPDATE, and put them on the
        object as its stored state, so that the session does not write them again (its unit
        of work cost three times as much as the UPDATE)."""
        assert ticket.id is not None
        params = {f"new_{key}": value for key, value in values.items()}
        statement = update_statement(tuple(sorted(values)))
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
        self.session.connection().execute(INSERT_EVENT, values)
