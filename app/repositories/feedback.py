"""Ratings of visits, read and written."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.domain.lifecycle import TicketState
from app.tables.feedback import Rating
from app.tables.queue import Ticket


class RatingTaken(Exception):
    """Another rating of the ticket was stored first (two taps, two phones at once)."""


class FeedbackRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rating(self, ticket_id: int) -> Rating | None:
        return self.session.get(Rating, ticket_id)

    def add(self, rating: Rating) -> Rating:
        """Store a rating. The ticket is its primary key, so of two ratings of one ticket
        racing past the service's check (PostgreSQL's concurrent transactions) the database
        keeps the first and the second raises RatingTaken. Written in a savepoint, so the
        refusal leaves the transaction usable."""
        try:
            with self.session.begin_nested():
                self.session.add(rating)
        except IntegrityError as exc:
            raise RatingTaken() from exc
        return rating

    def latest_unrated(self, workplace: str, day: date, since: datetime) -> Ticket | None:
        """The ticket the workplace finished last on `day`, at or after `since`, unless it is
        rated already: the visitor before the tablet is the one served last, and once they
        have rated, an earlier visitor (gone by now) is not asked in their place
        (ix_ticket_workplace: workplace, day, state)."""
        rated = exists().where(col(Rating.ticket_id) == col(Ticket.id))
        row = self.session.execute(
            select(Ticket, rated)
            .where(
                col(Ticket.workplace) == workplace,
                col(Ticket.service_day) == day,
                col(Ticket.state) == TicketState.DONE,
                col(Ticket.finished_at) >= since,
            )
            .order_by(col(Ticket.finished_at).desc(), col(Ticket.id).desc())
            .limit(1)
        ).first()
        if row is None or row[1]:
            return None
        ticket: Ticket = row[0]
        return ticket
