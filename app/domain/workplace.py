"""What a workplace records besides calls: how a visit ended, and why it paused."""

from __future__ import annotations

from enum import StrEnum

from app.domain.text import N_


class Outcome(StrEnum):
    """How a visit ended (recorded on Finish)."""

    CONSULTED = "consulted"
    APPEAL_ACCEPTED = "appeal_accepted"  # accepted in e-Otinish (001 p.12)
    SENT_TO_SELF_SERVICE = "sent_to_self_service"
    BOOKING_REQUEST_TAKEN = "booking_request_taken"
    RECEIVED = "received"  # received by the official in the cabinet (000 p.23)
    OTHER = "other"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


def outcomes_at(kind: str) -> list[Outcome]:
    """The outcomes offered at a workplace of `kind`: an official receives in a cabinet (the
    protocol holds the decision); a consultant consults, accepts appeals, takes requests."""
    if kind == "cabinet":
        return [Outcome.RECEIVED, Outcome.OTHER]
    return [o for o in Outcome if o is not Outcome.RECEIVED]


_OUTCOME_LABELS = {
    Outcome.CONSULTED: N_("Consulted"),
    Outcome.APPEAL_ACCEPTED: N_("Appeal accepted in e-Otinish"),
    Outcome.SENT_TO_SELF_SERVICE: N_("Sent to self-service"),
    Outcome.BOOKING_REQUEST_TAKEN: N_("Booking request for personal reception taken"),
    Outcome.RECEIVED: N_("Received by the official"),
    Outcome.OTHER: N_("Other"),
}


class PauseReason(StrEnum):
    BREAK = "break"
    PAPERWORK = "paperwork"
    ESCORTING = "escorting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseReason.BREAK: N_("Break"),
    PauseReason.PAPERWORK: N_("Paperwork"),
    PauseReason.ESCORTING: N_("Escorting a visitor"),
    PauseReason.OTHER: N_("Other"),
}
