"""Refusals: what the centre says when it will not do what was asked. Each carries the HTTP
status it maps to, a stable code and an English message template: the msgid the edge
translates into the reader's language. One base for the queue's business rules, access
(app.domain.access.errors), personal reception and printing alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from app.domain.text import N_


class Refusal(Exception):
    status_code: ClassVar[int] = 409
    code: str = "conflict"  # an instance may refine it (SignInFailed)
    template: ClassVar[str] = N_("The request conflicts with the current state.")
    # Parameters whose values are themselves English words to translate.
    translated_params: ClassVar[tuple[str, ...]] = ()
    # Anonymous callers of a staff page are sent to the sign-in page instead.
    login_redirect: ClassVar[bool] = False

    def __init__(self, **params: Any) -> None:
        self.params = params
        self.translated: str | None = None  # a message already in the reader's language
        super().__init__(self.template.format(**params))

    @property
    def headers(self) -> dict[str, str]:
        return {}


class TicketNotFound(Refusal):
    status_code = 404
    code = "ticket_not_found"
    template = N_("Ticket {key} was not found.")


class WorkplaceNotFound(Refusal):
    status_code = 404
    code = "workplace_not_found"
    template = N_("Workplace {key} was not found.")


class NumberNotWaiting(Refusal):
    status_code = 404
    code = "number_not_waiting"
    template = N_("No ticket number {number} is waiting for workplace {workplace} today.")


class AmbiguousNumber(Refusal):
    code = "ambiguous_number"
    template = N_("Several tickets have number {number}: {displays}. Call one of them by its id.")


class UnknownZone(Refusal):
    status_code = 422
    code = "unknown_zone"
    template = N_("Unknown zone {value!r}; choose one of: {allowed}.")


class UnknownCategory(Refusal):
    status_code = 422
    code = "unknown_category"
    template = N_("Unknown out-of-turn category {value!r}; choose one of: {allowed}.")


class ZoneNotIssuing(Refusal):
    status_code = 422
    code = "zone_not_issuing"
    template = N_("Zone {zone} does not issue tickets; choose one of: {allowed}.")


class SameZone(Refusal):
    status_code = 422
    code = "same_zone"
    template = N_("Ticket {display} is already in zone {zone}.")


class IllegalTransition(Refusal):
    code = "illegal_transition"
    template = N_("Ticket {display} is {state}; you cannot {action} it.")
    translated_params = ("state", "action")


class TooLateToUndo(Refusal):
    code = "too_late_to_undo"
    template = N_(
        "Ticket {display} was finished more than {seconds} seconds ago: its finish can no "
        "longer be undone."
    )


class BadPeriod(Refusal):
    status_code = 422
    code = "bad_period"
    dates_with_year: ClassVar[bool] = True  # a period may span years: say them
    template = N_(
        "The period runs from {first} to {last}: it must start on or before its end and be "
        "at most {days} days long."
    )


class CentreClosed(Refusal):
    """Closed until a later day: `day` (a date, said in the reader's language) and `time`."""

    code = "centre_closed"
    template = N_("The centre is closed now. It opens on {day} at {time}.")


class ClosedUntilLaterToday(CentreClosed):
    template = N_("The centre is closed now. It opens today at {time}.")


class ClosedUntilTomorrow(CentreClosed):
    template = N_("The centre is closed now. It opens tomorrow at {time}.")


def closed_until(opens: datetime, now: datetime) -> CentreClosed:
    """The refusal that says when the centre opens as a person would: today, tomorrow, or
    the day (12.11: an ISO timestamp on the kiosk was not that). Both in the centre's zone."""
    time = opens.strftime("%H:%M")
    days = (opens.date() - now.date()).days
    if days == 0:
        return ClosedUntilLaterToday(time=time)
    if days == 1:
        return ClosedUntilTomorrow(time=time)
    return CentreClosed(day=opens.date(), time=time)


class ZoneFull(Refusal):
    code = "zone_full"
    template = N_(
        "All numbers of zone {zone} are in use today. Please wait until a visitor is served."
    )


class WorkplaceBusy(Refusal):
    code = "workplace_busy"
    template = N_(
        "Workplace {workplace} still has ticket {display}; finish it or mark a no-show first."
    )


class WorkplacePaused(Refusal):
    code = "workplace_paused"
    template = N_("Workplace {workplace} is paused; resume it to call visitors.")


class CabinetRequired(Refusal):
    status_code = 422
    code = "cabinet_required"
    template = N_("Choose the cabinet: a visitor is sent to zone {zone} to a given official.")


class WrongWorkplace(Refusal):
    status_code = 422
    code = "wrong_workplace"
    template = N_("Workplace {workplace} does not serve zone {zone}.")


class KioskLimitReached(Refusal):
    status_code = 429
    code = "kiosk_limit"
    template = N_(
        "This kiosk has just issued several tickets. Please wait a minute and try again, "
        "or ask at the reception desk."
    )
