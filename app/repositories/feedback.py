"""Ratings of visits, read and written."""

from __future__ import annotations

from sqlmodel import Session


class FeedbackRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
