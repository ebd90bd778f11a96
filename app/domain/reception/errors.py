"""Refusals of personal-reception use cases: each a Refusal (status, code, translated
English template), answered like the queue's own."""

from __future__ import annotations

from app.domain.errors import Refusal
from app.domain.text import N_


class RequestNotFound(Refusal):
    status_code = 404
    code = "reception_request_not_found"
    template = N_("Reception request {key} was not found.")


class OfficialNotFound(Refusal):
    status_code = 404
    code = "official_not_found"
    template = N_("Official {key} was not found.")


class AppealNotFound(Refusal):
    status_code = 404
    code = "appeal_not_found"
    template = N_("Appeal {key} was not found.")


class ReceptionDayNotFound(Refusal):
    status_code = 404
    code = "reception_day_not_found"
    template = N_("Reception day {key} was not found.")


class InstructionNotFound(Refusal):
    status_code = 404
    code = "instruction_not_found"
    template = N_("Instruction {key} was not found.")


class OfficialCodeTaken(Refusal):
    code = "official_code_taken"
    template = N_("An official with code {code} already exists.")


class NotACabinet(Refusal):
    status_code = 422
    code = "not_a_cabinet"
    template = N_("Workplace {workplace} is not a cabinet of the personal reception zone.")


class NotAWorkingDay(Refusal):
    status_code = 422
    code = "not_a_working_day"
    template = N_("{day} is not a working day of the centre.")


class BadReceptionHours(Refusal):
    status_code = 422
    code = "bad_reception_hours"
    template = N_("Reception hours must start before they end and hold at least one slot.")


class ReceptionDayTaken(Refusal):
    code = "reception_day_taken"
    template = N_("Official {official} already receives on {day}.")


class ScheduleApproved(Refusal):
    code = "schedule_approved"
    template = N_("The schedule for {month} is already approved; it cannot be changed.")


class ScheduleEmpty(Refusal):
    status_code = 422
    code = "schedule_empty"
    template = N_("The schedule for {month} has no reception days to approve.")


class WrongRequestState(Refusal):
    code = "wrong_request_state"
    template = N_("Reception request {key} is {state}; you cannot {action} it.")
    translated_params = ("state", "action")


class ReceivedLater(Refusal):
    status_code = 422
    code = "received_in_future"
    template = N_("A request cannot have been received later than now.")


class ReceivedLongAgo(Refusal):
    status_code = 422
    code = "received_long_ago"
    template = N_(
        "A request received more than a year ago cannot be registered now: check the date."
    )


class DayOutOfReach(Refusal):
    status_code = 422
    code = "day_out_of_reach"
    template = N_("{day} is too far from today for a reception schedule: check the date.")


class NothingToNotify(Refusal):
    code = "nothing_to_notify"
    template = N_("There is nothing the applicant has to be told of this kind.")


class OfficialRequired(Refusal):
    status_code = 422
    code = "official_required"
    template = N_("Say which official will receive the applicant.")


class RefusalTooEarly(Refusal):
    code = "refusal_too_early"
    template = N_(
        "The applicant has until {earliest} to be heard on the draft refusal; "
        "the refusal can be decided from that day on."
    )


class ExtensionTooLong(Refusal):
    status_code = 422
    code = "extension_too_long"
    template = N_("Review can be extended to {cap} at the latest.")


class ExtensionNotLater(Refusal):
    status_code = 422
    code = "extension_not_later"
    template = N_("The extended term must be later than the current one, {current}.")


class ReasonRequired(Refusal):
    status_code = 422
    code = "reason_required"
    template = N_("A reasoned extension needs its reasons.")


class VideoWithoutConsent(Refusal):
    status_code = 422
    code = "video_without_consent"
    template = N_("A video-conference reception needs the applicant's consent.")


class NotBookedToday(Refusal):
    code = "not_booked_today"
    template = N_("Reception request {key} is not booked for today.")


class SameEmployee(Refusal):
    code = "same_employee"
    template = N_(
        "{employee} handled this appeal before; an appeal from a personal reception must go "
        "to another employee."
    )


class AnswerRequired(Refusal):
    status_code = 422
    code = "answer_required"
    template = N_("An appeal leaves control only with a final reasoned answer to the applicant.")


class AppealClosed(Refusal):
    code = "appeal_closed"
    template = N_("Appeal {key} has its final answer and is no longer under control.")
