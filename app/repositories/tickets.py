"""Queries on tickets, their counters and events."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
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
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        table = ZoneCounter.__table__  # type: ignore[attr-defined]
        stmt = (
            insert(table)
            .values(zone=zone, service_day=day, position=1)
            .on_conflict_do_update(
                index_elements=["zone", "service_day"],
                set_={"position": table.c.position + 1},
            )
            .returning(table.c.position)
        )
        return int(self.session.execute(stmt).scalar_one())

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
        stmt = select(Ticket).where(col(Ticket.id) == ticket_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.execute(stmt).scalar_one_or_none()

    def find_waiting_by_number(
        self, zones: Collection[str], day: date, number: int
    ) -> Sequence[Ticket]:
        stmt = (
            select(Ticket)
            .where(
                col(Ticket.zone).in_(zones),
                col(Ticket.service_day) == day,
                col(Ticket.number) == number,
                col(Ticket.state) == TicketState.WAITING,
            )
            .with_for_update()
        )
        return self.session.execute(stmt).scalars().all()

    def next_waiting(
        self, zones: Collection[str], day: date, *, regular_only: bool = False
    ) -> Ticket | None:
        """The head of the queue: highest rank first, then order of issue (see
        app.domain.priority.queue_key). On PostgreSQL a row another workplace is taking
        right now is skipped, not waited for."""
        stmt = select(Ticket).where(
            col(Ticket.zone).in_(zones),
            col(Ticket.service_day) == day,
            col(Ticket.state) == TicketState.WAITING,
        )
        if regular_only:
            stmt = stmt.where(col(Ticket.priority_rank) == REGULAR_RANK)
        stmt = (
            stmt.order_by(col(Ticket.priority_rank).desc(), col(Ticket.issued_at), col(Ticket.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def recent_call_ranks(self, zones: Collection[str], day: date, limit: int) -> list[int]:
        """Ranks of the tickets of the zones' latest calls, newest first (in the order the
        calls were committed, which clock readings cannot tell apart)."""
        rows = self.session.execute(
            select(col(Ticket.priority_rank))
            .join(TicketEvent, col(TicketEvent.ticket_id) == col(Ticket.id))
            .where(
                col(TicketEvent.action) == "call",
                col(TicketEvent.zone).in_(zones),
                col(Ticket.service_day) == day,
            )
            .order_by(col(TicketEvent.id).desc())
            .limit(limit)
        )
        return list(rows.scalars())

    def current_at(self, workplace: str, day: date) -> Ticket | None:
        stmt = select(Ticket).where(
            col(Ticket.workplace) == workplace,
            col(Ticket.service_day) == day,
            col(Ticket.state).in_([TicketState.CALLED, TicketState.SERVING]),
        )
        return self.session.execute(stmt.limit(1)).scalar_one_or_none()

    def count_ahead(self, ticket: Ticket) -> int:
        """Waiting tickets of the same zone-day that come before this one in strict order."""
        stmt = select(func.count()).where(
            col(Ticket.zone) == ticket.zone,
            col(Ticket.service_day) == ticket.service_day,
            col(Ticket.state) == TicketState.WAITING,
            col(Ticket.id) != ticket.id,
            or_(
                col(Ticket.priority_rank) > ticket.priority_rank,
                (col(Ticket.priority_rank) == ticket.priority_rank)
                & (
                    (col(Ticket.issued_at) < ticket.issued_at)
                    | ((col(Ticket.issued_at) == ticket.issued_at) & (col(Ticket.id) < ticket.id))
                ),
            ),
        )
        return int(self.session.execute(stmt).scalar_one())

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
        self.session.add(ticket)
        self.session.flush()
        return ticket

    def record(self, event: TicketEvent) -> None:
        self.session.add(event)
