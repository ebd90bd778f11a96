"""The telephone survey's samples and calls, and the self-service zone's assistance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, Select, delete, func, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain.lifecycle import TicketState
from app.domain.survey import REFUSED_STATES, SurveyKind
from app.repositories.ticket_statements import lock_key
from app.tables.feedback import Assistance, SurveyCall, SurveySample
from app.tables.queue import Ticket, VisitorDetail
from app.tables.reception import Official, ReceptionRequest

ConsultationRow = tuple[SurveyCall, Ticket, VisitorDetail | None]
RequestRow = tuple[SurveyCall, ReceptionRequest, Official | None]


def decision_day() -> ColumnElement[date]:
    """The day a request was refused (000 p.15, p.32) or, not considered, registered: a blank
    subject is not considered from its registration on (000 p.5) and has no refusal day."""
    return func.coalesce(col(ReceptionRequest.refused_on), col(ReceptionRequest.registered_on))


class SurveyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_draws(self, kind: SurveyKind) -> None:
        """Serialise the draws of one kind until this transaction ends, so that two at once
        cannot both take a person neither sees in an earlier sample. SQLite's write lock does
        it already; PostgreSQL takes an advisory lock."""
        if self.session.get_bind().dialect.name == "postgresql":
            key = lock_key("survey-draw", kind.value)
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    # who may be drawn --------------------------------------------------------------------------

    def _sampled(self, kind: SurveyKind, column: Any, before: int | None) -> Select[Any]:
        """The ids already in a sample of `kind` (of those drawn before sample `before`, when
        given): nobody is called twice for the same survey. NULLs are left out, or NOT IN
        would match nothing."""
        query = (
            select(column)
            .join(SurveySample, col(SurveySample.id) == col(SurveyCall.sample_id))
            .where(col(SurveySample.kind) == kind.value, column.is_not(None))
        )
        if before is not None:
            query = query.where(col(SurveySample.id) < before)
        return query

    def consulted(
        self, zone: str, first: date, last: date, *, before: int | None = None
    ) -> list[int]:
        """Tickets finished in `zone` on the days `first`–`last` whose visitor left a phone
        number with their consent, and that no earlier sample of the kind holds."""
        sampled = self._sampled(SurveyKind.CONSULTATION, col(SurveyCall.ticket_id), before)
        rows = self.session.execute(
            select(col(Ticket.id))
            .join(VisitorDetail, col(VisitorDetail.ticket_id) == col(Ticket.id))
            .where(
                col(Ticket.state) == TicketState.DONE,
                col(Ticket.zone) == zone,
                col(Ticket.service_day) >= first,
                col(Ticket.service_day) <= last,
                col(VisitorDetail.phone).is_not(None),
                col(VisitorDetail.survey_consent).is_(True),
                col(Ticket.id).not_in(sampled),
            )
        )
        return [int(i) for i in rows.scalars()]

    def refused_requests(self, first: date, last: date, *, before: int | None = None) -> list[int]:
        """Booking requests refused or not considered on the days `first`–`last`
        (decision_day), with a contact to call, that no earlier sample of the kind holds."""
        sampled = self._sampled(SurveyKind.REFUSED_REQUEST, col(SurveyCall.request_id), before)
        day = decision_day()
        rows = self.session.execute(
            select(col(ReceptionRequest.id)).where(
                col(ReceptionRequest.state).in_(REFUSED_STATES),
                day >= first,
                day <= last,
                func.trim(col(ReceptionRequest.contact)) != "",
                col(ReceptionRequest.id).not_in(sampled),
            )
        )
        return [int(i) for i in rows.scalars()]

    # samples and calls -------------------------------------------------------------------------

    def add_sample(
        self, sample: SurveySample, drawn: Sequence[int], *, of_tickets: bool
    ) -> SurveySample:
        """The sample and a call for each ticket (or request) id drawn, in the order drawn:
        the calls' ids keep it."""
        self.session.add(sample)
        self.session.flush()
        assert sample.id is not None
        for drawn_id in drawn:
            if of_tickets:
                self.session.add(SurveyCall(sample_id=sample.id, ticket_id=drawn_id))
            else:
                self.session.add(SurveyCall(sample_id=sample.id, request_id=drawn_id))
        self.session.flush()
        return sample

    def sample(self, sample_id: int) -> SurveySample | None:
        return self.session.get(SurveySample, sample_id)

    def samples(self, limit: int) -> list[tuple[SurveySample, int, int]]:
        """The latest samples first, each with its calls and how many have a result."""
        rows = self.session.execute(
            select(SurveySample, func.count(col(SurveyCall.id)), func.count(col(SurveyCall.result)))
            .outerjoin(SurveyCall, col(SurveyCall.sample_id) == col(SurveySample.id))
            .group_by(col(SurveySample.id))
            .order_by(col(SurveySample.id).desc())
            .limit(limit)
        ).all()
        return [(sample, int(total), int(done)) for sample, total, done in rows]

    def drawn_ids(self, sample_id: int) -> list[int]:
        """The ticket or request ids of a sample, in the order drawn."""
        rows = self.session.execute(
            select(func.coalesce(col(SurveyCall.ticket_id), col(SurveyCall.request_id)))
            .where(col(SurveyCall.sample_id) == sample_id)
            .order_by(col(SurveyCall.id))
        )
        return [int(i) for i in rows.scalars()]

    def consultation_rows(self, sample_id: int) -> list[ConsultationRow]:
        """A consultation sample's calls with their ticket and the visitor's record (its phone
        may be gone: app.services.retention)."""
        rows = self.session.execute(
            select(SurveyCall, Ticket, VisitorDetail)
            .join(Ticket, col(Ticket.id) == col(SurveyCall.ticket_id))
            .outerjoin(VisitorDetail, col(VisitorDetail.ticket_id) == col(Ticket.id))
            .where(col(SurveyCall.sample_id) == sample_id)
            .order_by(col(SurveyCall.id))
        ).all()
        return [(call, ticket, detail) for call, ticket, detail in rows]

    def request_rows(self, sample_id: int) -> list[RequestRow]:
        """A refused-requests sample's calls with their request and its official, if any."""
        rows = self.session.execute(
            select(SurveyCall, ReceptionRequest, Official)
            .join(ReceptionRequest, col(ReceptionRequest.id) == col(SurveyCall.request_id))
            .outerjoin(Official, col(Official.id) == col(ReceptionRequest.official_id))
            .where(col(SurveyCall.sample_id) == sample_id)
            .order_by(col(SurveyCall.id))
        ).all()
        return [(call, request, official) for call, request, official in rows]

    def call(self, call_id: int) -> SurveyCall | None:
        return self.session.get(SurveyCall, call_id)

    def save_call(self, call: SurveyCall) -> None:
        self.session.add(call)
        self.session.flush()

    # the self-service zone's assistance --------------------------------------------------------

    def add_assistance(self, assistance: Assistance) -> Assistance:
        self.session.add(assistance)
        self.session.flush()
        return assistance

    def assistance(self, assistance_id: int) -> Assistance | None:
        return self.session.get(Assistance, assistance_id)

    def remove_assistance(self, assistance_id: int) -> bool:
        """Delete the record; False when it is gone already (two Undo taps at once)."""
        result = self.session.execute(delete(Assistance).where(col(Assistance.id) == assistance_id))
        assert isinstance(result, CursorResult)
        return bool(result.rowcount)

    def assistance_counts(
        self, day: date, *, actor: str | None = None
    ) -> list[tuple[str, bool, int]]:
        """(kind, completed, how many) of the day's assistance, of `actor` only when given."""
        query = (
            select(col(Assistance.kind), col(Assistance.completed), func.count())
            .where(col(Assistance.service_day) == day)
            .group_by(col(Assistance.kind), col(Assistance.completed))
        )
        if actor is not None:
            query = query.where(col(Assistance.actor) == actor)
        return [(str(k), bool(c), int(n)) for k, c, n in self.session.execute(query).all()]
