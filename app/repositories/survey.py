"""The telephone survey's samples and calls, and the self-service zone's assistance."""

from __future__ import annotations

from sqlmodel import Session


class SurveyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
