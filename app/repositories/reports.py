"""What the quarterly report and the half-year draft count, counted by the database (GROUP BY).

Every period is of centre-local days: tickets by their service day, requests by the day they
were registered, deadlines by the day they fall due, receptions by their day. Those are DATE
columns, compared as such on SQLite and PostgreSQL alike; months are made of days in Python
(app.domain.reports), so no dialect's date functions are needed. Ratings carry an instant,
compared with the period's local midnights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain.feedback import SCORES
from app.domain.lifecycle import TicketState
from app.domain.reception.terms import DeadlineKind, RequestState
from app.domain.reports import (
    REPLY_OWED,
    AppealsControl,
    ChannelState,
    DayVisits,
    DeadlineCount,
    OfficialReceptions,
    Visits,
)
from app.repositories.reception import BOOKED
from app.repositories.statistics import count_of
from app.tables.feedback import Rating
from app.tables.queue import Ticket
from app.tables.reception import (
    Appeal,
    Instruction,
    Official,
    ReceptionDay,
    ReceptionRequest,
    Schedule,
)


class ReportsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def visits(self, first: date, last: date) -> list[DayVisits]:
        """Per zone (where the ticket was served or is now, as the statistics count it) and
        day: tickets issued, served and no-shows."""
        state = col(Ticket.state)
        rows = self.session.execute(
            select(
                col(Ticket.zone),
                col(Ticket.service_day),
                func.count(),
                count_of(state == TicketState.DONE),
                count_of(state == TicketState.NO_SHOW),
            )
            .where(col(Ticket.service_day) >= first, col(Ticket.service_day) <= last)
            .group_by(col(Ticket.zone), col(Ticket.service_day))
        ).all()
        return [
            DayVisits(str(zone), day, Visits(int(n), int(done or 0), int(missed or 0)))
            for zone, day, n, done, missed in rows
        ]

    def receptions(self, first: date, last: date, today: date) -> list[OfficialReceptions]:
        """Per official with a reception day or a booking in the period: the days of approved
        schedules held (by `today`), cancelled and to come; the applicants booked on those
        days and those received."""
        cancelled = col(ReceptionDay.cancelled_on).is_not(None)
        days = self.session.execute(
            select(
                col(ReceptionDay.official_id),
                count_of(~cancelled & (col(ReceptionDay.day) <= today)),
                count_of(cancelled),
                count_of(~cancelled & (col(ReceptionDay.day) > today)),
            )
            .join(Schedule, col(Schedule.id) == col(ReceptionDay.schedule_id))
            .where(
                col(Schedule.approved_on).is_not(None),
                col(ReceptionDay.day) >= first,
                col(ReceptionDay.day) <= last,
            )
            .group_by(col(ReceptionDay.official_id))
        ).all()
        state = col(ReceptionRequest.state)
        bookings = self.session.execute(
            select(
                col(ReceptionRequest.official_id),
                func.count(),
                count_of(state == RequestState.RECEIVED),
            )
            .where(
                col(ReceptionRequest.official_id).is_not(None),
                col(ReceptionRequest.appointment_day) >= first,
                col(ReceptionRequest.appointment_day) <= last,
                state.in_(BOOKED),
            )
            .group_by(col(ReceptionRequest.official_id))
        ).all()
        held = {int(o): (int(a or 0), int(b or 0), int(c or 0)) for o, a, b, c in days}
        booked = {int(o): (int(n), int(r or 0)) for o, n, r in bookings}
        ids = sorted(held.keys() | booked.keys())
        if not ids:
            return []
        officials = self.session.execute(
            select(Official).where(col(Official.id).in_(ids)).order_by(col(Official.id))
        ).scalars()
        found = []
        for official in officials:
            assert official.id is not None
            on_days = held.get(official.id, (0, 0, 0))
            people = booked.get(official.id, (0, 0))
            found.append(
                OfficialReceptions(
                    code=official.code,
                    name_kk=official.name_kk,
                    name_ru=official.name_ru,
                    position_kk=official.position_kk,
                    position_ru=official.position_ru,
                    days_held=on_days[0],
                    days_cancelled=on_days[1],
                    days_coming=on_days[2],
                    booked=people[0],
                    received=people[1],
                )
            )
        return found

    def requests(self, first: date, last: date) -> list[ChannelState]:
        """Booking requests registered in the period, per channel and the state they are in."""
        rows = self.session.execute(
            select(col(ReceptionRequest.channel), col(ReceptionRequest.state), func.count())
            .where(*self._registered(first, last))
            .group_by(col(ReceptionRequest.channel), col(ReceptionRequest.state))
        ).all()
        return [ChannelState(str(channel), str(state), int(n)) for channel, state, n in rows]

    def deadlines(self, first: date, last: date) -> list[DeadlineCount]:
        """Deadlines falling due in the period, counted per (kind, due day, day done): the reply
        of 000 p.29 while one is owed (app.domain.reports.REPLY_OWED) or once it went out, the
        notices of an extension (000 p.30) and of other bodies taking part (000 p.19), and the
        protocol's instructions (000 p.23, p.34)."""
        r = ReceptionRequest
        reply_owed = col(r.replied_on).is_not(None) | col(r.state).in_(REPLY_OWED)
        found = self._due(DeadlineKind.REPLY, r, r.reply_due, r.replied_on, first, last, reply_owed)
        found += self._due(
            DeadlineKind.EXTENSION_NOTICE,
            r,
            r.extension_notice_due,
            r.extension_notified_on,
            first,
            last,
        )
        found += self._due(
            DeadlineKind.OTHER_BODIES_NOTICE,
            r,
            r.other_bodies_notice_due,
            r.other_bodies_notified_on,
            first,
            last,
        )
        found += self._due(
            DeadlineKind.INSTRUCTION, Instruction, Instruction.due, Instruction.done_on, first, last
        )
        return found

    def _due(
        self,
        kind: DeadlineKind,
        table: Any,
        due: Any,
        done: Any,
        first: date,
        last: date,
        *conditions: ColumnElement[bool],
    ) -> list[DeadlineCount]:
        due_on, done_on = col(due), col(done)
        rows = self.session.execute(
            select(due_on, done_on, func.count())
            .select_from(table)
            .where(due_on >= first, due_on <= last, *conditions)
            .group_by(due_on, done_on)
        ).all()
        return [DeadlineCount(kind, day, done_day, int(n)) for day, done_day, n in rows]

    def extensions(self, first: date, last: date) -> dict[str, int]:
        """Reviews extended in the period, per kind (000 p.30)."""
        kind = col(ReceptionRequest.extension_kind)
        extended = col(ReceptionRequest.extended_on)
        rows = self.session.execute(
            select(kind, func.count())
            .where(extended >= first, extended <= last, kind.is_not(None))
            .group_by(kind)
        ).all()
        return {str(k): int(n) for k, n in rows}

    def refusals(self, first: date, last: date) -> dict[str, int]:
        """Bookings refused in the period (the decision's day), per ground of 000 p.15."""
        ground = col(ReceptionRequest.refusal_ground)
        refused = col(ReceptionRequest.refused_on)
        rows = self.session.execute(
            select(ground, func.count())
            .where(
                refused >= first,
                refused <= last,
                col(ReceptionRequest.state) == RequestState.REFUSED,
            )
            .group_by(ground)
        ).all()
        return {str(g): int(n) for g, n in rows}

    def ratings(self, first: date, last: date) -> dict[str, list[int]]:
        """Per zone, how many ratings of each score (lowest first) the visits of the days
        `first`–`last` were given: by the visit's day, as the statistics count them."""
        score = col(Rating.score)
        rows = self.session.execute(
            select(col(Rating.zone), *(count_of(score == n) for n in SCORES))
            .join(Ticket, col(Ticket.id) == col(Rating.ticket_id))
            .where(col(Ticket.service_day) >= first, col(Ticket.service_day) <= last)
            .group_by(col(Rating.zone))
        ).all()
        return {str(zone): [int(n or 0) for n in counts] for zone, *counts in rows}

    def appeals(self, first: date, last: date) -> AppealsControl:
        """Appeals filed at receptions in the period, and how many of them are closed."""
        row = self.session.execute(
            select(func.count(), count_of(col(Appeal.closed_on).is_not(None))).where(
                col(Appeal.registered_on) >= first, col(Appeal.registered_on) <= last
            )
        ).one()
        return AppealsControl(filed=int(row[0]), closed=int(row[1] or 0))

    def _registered(self, first: date, last: date) -> Sequence[ColumnElement[bool]]:
        registered = col(ReceptionRequest.registered_on)
        return (registered >= first, registered <= last)
