"""The self-service zone's work (001 p.11, p.12): each visitor helped is one record of a
kind of help the centre file lists, completed or not, with or without a ticket."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain.errors import Refusal
from app.domain.text import N_

UNDO_WINDOW = timedelta(minutes=1)  # a mistaken tap is taken back at once, not edited later
# After a Finish the assistant may still record the help given to the ticket just served.
OFFER_AFTER_FINISH = timedelta(minutes=10)


class UnknownAssistanceKind(Refusal):
    status_code = 422
    code = "unknown_assistance_kind"
    template = N_("Unknown kind of assistance {value!r}; choose one of: {allowed}.")


class AssistanceNotFound(Refusal):
    status_code = 404
    code = "assistance_not_found"
    template = N_("Assistance record {key} was not found among yours.")


class TooLateToUndoAssistance(Refusal):
    code = "assistance_undo_too_late"
    template = N_("This record was made more than a minute ago: it can no longer be undone.")


class TicketNotServedHere(Refusal):
    status_code = 422
    code = "ticket_not_served_here"
    template = N_(
        "Ticket {key} is not one of today's tickets at your workplace: record the assistance "
        "without it."
    )


def may_undo(at: datetime, now: datetime) -> bool:
    return now - at <= UNDO_WINDOW
