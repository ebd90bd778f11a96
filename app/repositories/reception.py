"""Queries on officials, schedules, requests and their protocol."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from sqlmodel import Session, col, select

from app.domain.reception.terms import RequestState
from app.tables.reception import (
    Appeal,
    AppealHandler,
    Instruction,
    Official,
    OralRecord,
    ProtocolEntry,
    ReceptionDay,
    ReceptionRequest,
    Schedule,
)

# Requests holding a time of the schedule.
BOOKED = (RequestState.SCHEDULED, RequestState.CHECKED_IN, RequestState.RECEIVED)


class ReceptionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # officials and schedules -----------------------------------------------------------------

    def official(self, official_id: int) -> Official | None:
        return self.session.get(Official, official_id)

    def official_by_code(self, code: str) -> Official | None:
        return self.session.exec(select(Official).where(col(Official.code) == code)).first()

    def officials(self) -> Sequence[Official]:
        return self.session.exec(select(Official).order_by(col(Official.id))).all()

    def schedule(self, month: date) -> Schedule | None:
        return self.session.exec(select(Schedule).where(col(Schedule.month) == month)).first()

    def lock_days(self, first: date) -> None:
        """Lock the reception days from `first` on, so that allocations run one at a time
        (SQLite serialises every write transaction anyway)."""
        self.session.exec(
            select(ReceptionDay.id).where(col(ReceptionDay.day) >= first).with_for_update()
        ).all()

    def reception_day(self, day_id: int) -> ReceptionDay | None:
        return self.session.get(ReceptionDay, day_id)

    def day_of(self, official_id: int, day: date) -> ReceptionDay | None:
        return self.session.exec(
            select(ReceptionDay).where(
                col(ReceptionDay.official_id) == official_id, col(ReceptionDay.day) == day
            )
        ).first()

    def days(
        self, first: date, last: date | None = None, *, approved_only: bool = True
    ) -> Sequence[tuple[ReceptionDay, Official, Schedule]]:
        """Reception days from `first` (to `last`), in order of day and hours."""
        stmt = (
            select(ReceptionDay, Official, Schedule)
            .join(Official, col(Official.id) == col(ReceptionDay.official_id))
            .join(Schedule, col(Schedule.id) == col(ReceptionDay.schedule_id))
            .where(col(ReceptionDay.day) >= first)
            .order_by(col(ReceptionDay.day), col(ReceptionDay.starts), col(Official.id))
        )
        if last is not None:
            stmt = stmt.where(col(ReceptionDay.day) <= last)
        if approved_only:
            stmt = stmt.where(col(Schedule.approved_on).is_not(None))
        return self.session.exec(stmt).all()

    # requests --------------------------------------------------------------------------------

    def request(self, request_id: int, *, for_update: bool = False) -> ReceptionRequest | None:
        stmt = select(ReceptionRequest).where(col(ReceptionRequest.id) == request_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.exec(stmt).first()

    def requests(self, states: Sequence[RequestState] | None = None) -> Sequence[ReceptionRequest]:
        stmt = select(ReceptionRequest).order_by(
            col(ReceptionRequest.registered_on),
            col(ReceptionRequest.received_at),
            col(ReceptionRequest.id),
        )
        if states is not None:
            stmt = stmt.where(col(ReceptionRequest.state).in_(states))
        return self.session.exec(stmt).all()

    def booked_times(self) -> list[tuple[int, time]]:
        rows = self.session.exec(
            select(
                col(ReceptionRequest.reception_day_id), col(ReceptionRequest.appointment_time)
            ).where(col(ReceptionRequest.state).in_(BOOKED))
        ).all()
        return [(day_id, at) for day_id, at in rows if day_id is not None and at is not None]

    def booked_on(self, day_id: int) -> Sequence[ReceptionRequest]:
        return self.session.exec(
            select(ReceptionRequest).where(
                col(ReceptionRequest.reception_day_id) == day_id,
                col(ReceptionRequest.state) == RequestState.SCHEDULED,
            )
        ).all()

    def bookings(self, day: date, cabinet: str | None = None) -> Sequence[ReceptionRequest]:
        """The day's booked applicants, by time (for the desk and the official's screen)."""
        stmt = (
            select(ReceptionRequest)
            .where(
                col(ReceptionRequest.appointment_day) == day,
                col(ReceptionRequest.state).in_(BOOKED),
            )
            .order_by(col(ReceptionRequest.appointment_time), col(ReceptionRequest.id))
        )
        if cabinet is not None:
            stmt = stmt.join(Official, col(Official.id) == col(ReceptionRequest.official_id)).where(
                col(Official.cabinet) == cabinet
            )
        return self.session.exec(stmt).all()

    def request_for_ticket(self, ticket_id: int) -> ReceptionRequest | None:
        return self.session.exec(
            select(ReceptionRequest).where(col(ReceptionRequest.ticket_id) == ticket_id)
        ).first()

    def oral_record(self, request_id: int) -> OralRecord | None:
        return self.session.exec(
            select(OralRecord).where(col(OralRecord.request_id) == request_id)
        ).first()

    # protocol and control --------------------------------------------------------------------

    def protocol(self, request_id: int) -> ProtocolEntry | None:
        return self.session.exec(
            select(ProtocolEntry).where(col(ProtocolEntry.request_id) == request_id)
        ).first()

    def instructions(self, request_id: int | None = None) -> Sequence[Instruction]:
        stmt = select(Instruction).order_by(col(Instruction.due), col(Instruction.id))
        if request_id is not None:
            stmt = stmt.where(col(Instruction.request_id) == request_id)
        return self.session.exec(stmt).all()

    def instruction(self, instruction_id: int) -> Instruction | None:
        return self.session.get(Instruction, instruction_id)

    def appeal(self, appeal_id: int, *, for_update: bool = False) -> Appeal | None:
        stmt = select(Appeal).where(col(Appeal.id) == appeal_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.exec(stmt).first()

    def appeals(
        self, *, request_id: int | None = None, open_only: bool = False
    ) -> Sequence[Appeal]:
        stmt = select(Appeal).order_by(col(Appeal.id))
        if request_id is not None:
            stmt = stmt.where(col(Appeal.request_id) == request_id)
        if open_only:
            stmt = stmt.where(col(Appeal.closed_on).is_(None))
        return self.session.exec(stmt).all()

    def handlers(self, appeal_id: int) -> list[str]:
        rows = self.session.exec(
            select(AppealHandler.employee)
            .where(col(AppealHandler.appeal_id) == appeal_id)
            .order_by(col(AppealHandler.id))
        ).all()
        return list(rows)

    def add(self, row: object) -> None:
        """Insert a row and give it its id."""
        self.session.add(row)
        self.session.flush()

    def save(self, row: object) -> None:
        """Write the changes of a row read in this transaction."""
        self.session.add(row)
