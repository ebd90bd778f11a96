"""What the estimated wait in a zone is made of (app.domain.estimate): its latest visits, and
how its workplaces stand now. Every issue runs these reads inside its write transaction, so
they are small indexed reads whose statements are built once (building one anew cost more
than running it; see app.repositories.ticket_statements)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, case, func, select
from sqlmodel import Session, col

from app.domain.lifecycle import TicketState
from app.tables.queue import Ticket, WorkplaceStatus

EARLIER_DAYS = 14  # how far back the previous days' visits are looked for


def _visits(days: ColumnElement[bool]) -> Select[datetime | None, datetime | None]:
    return (
        select(col(Ticket.called_at), col(Ticket.finished_at))
        .where(
            col(Ticket.zone) == bindparam("zone"),
            days,
            col(Ticket.state).in_([TicketState.DONE, TicketState.NO_SHOW]),
            col(Ticket.called_at).is_not(None),
            col(Ticket.finished_at).is_not(None),
        )
        .order_by(col(Ticket.finished_at).desc())
        .limit(bindparam("limit"))
    )


_WORKPLACES: BindParameter[Any] = bindparam("workplaces", expanding=True)
VISITS = _visits(col(Ticket.service_day) == bindparam("day"))
EARLIER_VISITS = _visits(col(Ticket.service_day).between(bindparam("since"), bindparam("until")))
# A workplace has one current ticket at most, the one it called last: so its latest call is
# when its current visit began, if it has one.
CALLS_TODAY = (
    select(
        col(Ticket.workplace),
        func.max(col(Ticket.called_at)),
        # 1 while under way (PostgreSQL has no max() of booleans).
        func.max(
            case((col(Ticket.state).in_([TicketState.CALLED, TicketState.SERVING]), 1), else_=0)
        ),
    )
    .where(
        col(Ticket.workplace).in_(_WORKPLACES),
        col(Ticket.service_day) == bindparam("day"),
        col(Ticket.called_at).is_not(None),
    )
    .group_by(col(Ticket.workplace))
)
PAUSED = select(
    col(WorkplaceStatus.workplace), col(WorkplaceStatus.since), col(WorkplaceStatus.reason)
).where(col(WorkplaceStatus.workplace).in_(_WORKPLACES), col(WorkplaceStatus.paused).is_(True))
ISSUED_ABOVE = select(func.count()).where(
    col(Ticket.zone) == bindparam("zone"),
    col(Ticket.service_day) == bindparam("day"),
    col(Ticket.priority_rank) > bindparam("rank"),
    col(Ticket.issued_at) >= bindparam("since"),
)


class EstimateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, statement: Any, **params: Any) -> list[Any]:
        return list(self.session.connection().execute(statement, params).all())

    def visits(self, zone: str, day: date, limit: int) -> list[float]:
        """Minutes from the call to the finish or the no-show of the zone's latest visits of
        the day."""
        return _minutes(self._rows(VISITS, zone=zone, day=day, limit=limit))

    def earlier_visits(self, zone: str, day: date, limit: int) -> list[float]:
        """The same, of the latest visits on the days before `day`."""
        since, until = day - timedelta(days=EARLIER_DAYS), day - timedelta(days=1)
        rows = self._rows(EARLIER_VISITS, zone=zone, since=since, until=until, limit=limit)
        return _minutes(rows)

    def calls_today(
        self, workplaces: Collection[str], day: date
    ) -> dict[str, tuple[datetime, bool]]:
        """Each workplace that has called somebody on the day: its latest call, and whether
        that visit is still under way."""
        rows = self._rows(CALLS_TODAY, workplaces=list(workplaces), day=day)
        return {code: (at, bool(busy)) for code, at, busy in rows if code and at is not None}

    def paused(self, workplaces: Collection[str]) -> dict[str, tuple[datetime, str | None]]:
        """Since when and why each paused workplace is paused."""
        rows = self._rows(PAUSED, workplaces=list(workplaces))
        return {code: (since, reason) for code, since, reason in rows if since is not None}

    def issued_above(self, zone: str, day: date, rank: int, since: datetime) -> int:
        """Tickets of a rank above `rank` issued in the zone from `since` on."""
        [(count,)] = self._rows(ISSUED_ABOVE, zone=zone, day=day, rank=rank, since=since)
        return int(count)


def _minutes(rows: list[Any]) -> list[float]:
    return [
        max(0.0, (ended - called).total_seconds() / 60)
        for called, ended in rows
        if called is not None and ended is not None
    ]
