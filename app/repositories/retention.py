"""Deleting feedback's personal data once its period is over (app.services.retention).

Bulk updates, each touching only rows that still hold something to delete, so a run with
nothing due writes nothing and every server process may run it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, Update, select, update
from sqlmodel import Session, col

from app.tables.feedback import Rating, SurveyCall
from app.tables.queue import Ticket, VisitorDetail


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def forget_comments(self, before: datetime) -> int:
        """Clear the comments of ratings given before `before`; the scores stay."""
        statement = (
            update(Rating)
            .where(col(Rating.at) < before, col(Rating.comment).is_not(None))
            .values(comment=None)
        )
        return self._count(statement)

    def forget_phones(self, before: datetime) -> int:
        """Clear the survey phone numbers of visitors whose ticket was issued before `before`;
        the consent flag stays, so the counts of who agreed stay right."""
        issued_before = select(col(Ticket.id)).where(col(Ticket.issued_at) < before)
        statement = (
            update(VisitorDetail)
            .where(
                col(VisitorDetail.phone).is_not(None),
                col(VisitorDetail.ticket_id).in_(issued_before),
            )
            .values(phone=None)
        )
        return self._count(statement)

    def forget_remarks(self, before: datetime) -> int:
        """Clear what survey callers noted from calls made before `before`; results stay."""
        statement = (
            update(SurveyCall)
            .where(
                col(SurveyCall.called_at) < before,
                col(SurveyCall.remarks).is_not(None),
            )
            .values(remarks=None)
        )
        return self._count(statement)

    def _count(self, statement: Update) -> int:
        result = self.session.execute(statement)
        assert isinstance(result, CursorResult)
        return int(result.rowcount)
