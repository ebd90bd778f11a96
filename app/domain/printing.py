"""Print jobs: their states and reasons, and the refusals of the printing use cases
(translated at the edge like the queue's)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import Refusal
from app.domain.text import N_


class JobState(StrEnum):
    QUEUED = "queued"  # waiting for its printer (maybe after a failed attempt: see next_try_at)
    PRINTING = "printing"  # a worker is sending it now
    DONE = "done"  # the printer confirmed it (or accepted it, where it cannot confirm)
    FAILED = "failed"  # not printed and given up: staff may reprint
    UNSURE = "unsure"  # may have printed: never retried blindly, staff decide


FINAL_STATES = frozenset({JobState.DONE, JobState.FAILED})


class JobReason(StrEnum):
    ISSUE = "issue"  # printed as the ticket was issued (kiosk, desk)
    REPRINT = "reprint"  # staff asked for another copy


class NoPrinter(Refusal):
    code = "no_printer"
    template = N_("No ticket printer is set up for this kiosk or desk.")


class UnknownPrinter(Refusal):
    status_code = 422
    code = "unknown_printer"
    template = N_("Unknown printer {value!r}; choose one of: {allowed}.")


class NotToday(Refusal):
    code = "ticket_not_today"
    template = N_("Ticket {display} is not from today; only today's tickets can be printed.")


class PrintJobNotFound(Refusal):
    status_code = 404
    code = "print_job_not_found"
    template = N_("Print job {key} was not found.")


class NothingToDecide(Refusal):
    code = "print_job_settled"
    template = N_("Print job {key} needs no decision: it is {state}.")
