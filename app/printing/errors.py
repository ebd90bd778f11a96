"""Refusals of the printing use cases, translated at the edge like the queue's."""

from __future__ import annotations

from app.domain.errors import DomainError
from app.domain.text import N_


class NoPrinter(DomainError):
    code = "no_printer"
    template = N_("No ticket printer is set up for this kiosk or desk.")


class UnknownPrinter(DomainError):
    status_code = 422
    code = "unknown_printer"
    template = N_("Unknown printer {value!r}; choose one of: {allowed}.")


class NotToday(DomainError):
    code = "ticket_not_today"
    template = N_("Ticket {display} is not from today; only today's tickets can be printed.")


class PrintJobNotFound(DomainError):
    status_code = 404
    code = "print_job_not_found"
    template = N_("Print job {key} was not found.")


class NothingToDecide(DomainError):
    code = "print_job_settled"
    template = N_("Print job {key} needs no decision: it is {state}.")
