"""Business errors. Each carries the HTTP status it maps to, a stable code and an English
message template: the msgid the edge translates into the reader's language."""

from __future__ import annotations

from typing import Any, ClassVar

from app.domain.text import N_


class DomainError(Exception):
    status_code: ClassVar[int] = 409
    code: ClassVar[str] = "conflict"
    template: ClassVar[str] = N_("The request conflicts with the current state.")
    # Parameters whose values are themselves English words to translate.
    translated_params: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.template.format(**params))


class TicketNotFound(DomainError):
    status_code = 404
    code = "ticket_not_found"
    template = N_("Ticket {key} was not found.")


class WorkplaceNotFound(DomainError):
    status_code = 404
    code = "workplace_not_found"
    template = N_("Workplace {key} was not found.")


class NumberNotWaiting(DomainError):
    status_code = 404
    code = "number_not_waiting"
    template = N_("No ticket number {number} is waiting for workplace {workplace} today.")


class AmbiguousNumber(DomainError):
    code = "ambiguous_number"
    template = N_("Several tickets have number {number}: {displays}. Call one of them by its id.")


class UnknownZone(DomainError):
    status_code = 422
    code = "unknown_zone"
    template = N_("Unknown zone {value!r}; choose one of: {allowed}.")


class UnknownCategory(DomainError):
    status_code = 422
    code = "unknown_category"
    template = N_("Unknown out-of-turn category {value!r}; choose one of: {allowed}.")


class ZoneNotIssuing(DomainError):
    status_code = 422
    code = "zone_not_issuing"
    template = N_("Zone {zone} does not issue tickets; choose one of: {allowed}.")


class SameZone(DomainError):
    status_code = 422
    code = "same_zone"
    template = N_("Ticket {display} is already in zone {zone}.")


class IllegalTransition(DomainError):
    code = "illegal_transition"
    template = N_("Ticket {display} is {state}; you cannot {action} it.")
    translated_params = ("state", "action")


class CentreClosed(DomainError):
    code = "centre_closed"
    template = N_("The centre is closed now. It opens on {opens_at}.")


class ZoneFull(DomainError):
    code = "zone_full"
    template = N_(
        "All numbers of zone {zone} are in use today. Please wait until a visitor is served."
    )


class WorkplaceBusy(DomainError):
    code = "workplace_busy"
    template = N_(
        "Workplace {workplace} still has ticket {display}; finish it or mark a no-show first."
    )


class WorkplacePaused(DomainError):
    code = "workplace_paused"
    template = N_("Workplace {workplace} is paused; resume it to call visitors.")


class WrongWorkplace(DomainError):
    status_code = 422
    code = "wrong_workplace"
    template = N_("Workplace {workplace} does not serve zone {zone}.")
