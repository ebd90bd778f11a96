"""Working-day deadlines of personal reception, on the centre's calendar.

Counting: a term of N working days "from" a day starts on the next working day, so the day of
registration (or of sending) is not counted, and the result is the N-th working day after it.
A term "N working days before" a reception is the N-th working day before that day. Every
deadline that would fall on a non-working day moves to the next working day (004 p.12.14);
working-day arithmetic always lands on a working day, calendar-day terms go through
`on_or_after`.

Nothing here reads a clock: `today` and instants are passed in.
"""

from __future__ import annotations

import calendar as gregorian
from datetime import date, datetime, timedelta

from app.domain.calendar import WorkingCalendar
from app.domain.reception.terms import AbsenceNotice, Light

REPLY_WORKING_DAYS = 15  # 000 p.29
PROPOSAL_WORKING_DAYS = 5  # 000 p.26
FINAL_LIST_WORKING_DAYS = 2  # 001 p.15
COMPLEX_EXTENSION_DAYS = 30  # calendar days, 000 p.30
REASONED_EXTENSION_MONTHS = 2  # 000 p.30
EXTENSION_NOTICE_WORKING_DAYS = 3  # 000 p.30
REFUSAL_HEARING_WORKING_DAYS = 3  # 000 p.32
ABSENCE_NOTICE_WORKING_DAYS = 2  # 000 p.16
OTHER_BODIES_NOTICE_WORKING_DAYS = 2  # 000 p.19
REMINDER_WORKING_DAYS = 3  # 004 p.12.6


def registration_day(received_at: datetime, cal: WorkingCalendar) -> date:
    """The day a booking request is registered (000 p.25).

    Received on a working day: that day. Received on a non-working day: the next working day.
    After-hours arrivals (our reading): requests are taken "every working day, during working
    hours" (000 p.4), and by analogy with 004 p.9.10 (mail arriving after hours is registered
    first thing the next working day), a request that arrives on a working day at or after
    closing time is registered the next working day. One that arrives before opening or during
    lunch is registered that same day, as the centre takes it in that day. The real calendar
    is used even when the demo ignores opening hours (`always_open`).
    """
    local = cal.local(received_at)
    day = local.date()
    if cal.is_working_day(day) and local.time() < cal.closes:
        return day
    return cal.next_working_day(day)


def reply_due(registered_on: date, cal: WorkingCalendar) -> date:
    """The applicant gets a reply with the reception's date and time within 15 working days
    of registration (000 p.29)."""
    return cal.add_working_days(registered_on, REPLY_WORKING_DAYS)


def proposal_due(reception_day: date, cal: WorkingCalendar) -> date:
    """The background note proposing a date or a refusal is ready 5 working days before the
    reception (000 p.26)."""
    return cal.subtract_working_days(reception_day, PROPOSAL_WORKING_DAYS)


def final_list_due(reception_day: date, cal: WorkingCalendar) -> date:
    """The final list of those to be received goes out 2 working days before the reception
    (001 p.15)."""
    return cal.subtract_working_days(reception_day, FINAL_LIST_WORKING_DAYS)


def complex_extension_until(registered_on: date, cal: WorkingCalendar) -> date:
    """A complex issue: review extended to at most 30 calendar days from registration
    (000 p.30), moved to the next working day if that is a day off (004 p.12.14)."""
    return cal.on_or_after(registered_on + timedelta(days=COMPLEX_EXTENSION_DAYS))


def reasoned_extension_cap(registered_on: date, cal: WorkingCalendar) -> date:
    """The latest a reasoned decision may extend review to (000 p.30).

    Gap G9 (our reading): the text does not say whether the two months come on top of the 30
    days. We read them as the whole term counted from registration, the stricter reading: the
    applicant never waits more than two months from registration in all. The same day of the
    month two months on (the month's last day when it has no such day), moved to the next
    working day if that is a day off (004 p.12.14).
    """
    return cal.on_or_after(add_months(registered_on, REASONED_EXTENSION_MONTHS))


def extension_notice_due(extended_on: date, cal: WorkingCalendar) -> date:
    """The applicant is told of an extension within 3 working days of it (000 p.30).

    Gap G9: the text gives this term for the reasoned extension; the 30-day letter has none.
    We apply the same 3 working days to both, so every extension has a notice deadline."""
    return cal.add_working_days(extended_on, EXTENSION_NOTICE_WORKING_DAYS)


def earliest_refusal_decision(draft_sent_on: date, cal: WorkingCalendar) -> date:
    """The draft refusal goes to the applicant, for a hearing, no later than 3 working days
    before the refusal decision (000 p.32): so the decision comes at the earliest on the 3rd
    working day after the draft was sent."""
    return cal.add_working_days(draft_sent_on, REFUSAL_HEARING_WORKING_DAYS)


def latest_refusal_draft(decision_on: date, cal: WorkingCalendar) -> date:
    """The same rule the other way round: the last day to send the draft for a decision on
    `decision_on` (000 p.32)."""
    return cal.subtract_working_days(decision_on, REFUSAL_HEARING_WORKING_DAYS)


def absence_notice(notified_on: date, reception_day: date, cal: WorkingCalendar) -> AbsenceNotice:
    """An official who cannot receive (sick leave, business trip…) tells the responsible
    employee no later than 2 working days before the reception, or on its day (000 p.16).

    Gap G9: "on the day" is allowed, so a notice inside the last 2 working days, up to and
    including the day, is SHORT (allowed; the booked applicants must be told at once), not a
    breach; only a notice after the reception day is LATE."""
    if notified_on <= cal.subtract_working_days(reception_day, ABSENCE_NOTICE_WORKING_DAYS):
        return AbsenceNotice.IN_ADVANCE
    if notified_on <= reception_day:
        return AbsenceNotice.SHORT
    return AbsenceNotice.LATE


def other_bodies_notice_due(requested_on: date, cal: WorkingCalendar) -> date:
    """Once other bodies were asked to take part, the applicant is told within 2 working days
    (000 p.19)."""
    return cal.add_working_days(requested_on, OTHER_BODIES_NOTICE_WORKING_DAYS)


def reminder_from(due: date, cal: WorkingCalendar) -> date:
    """Reminders start 3 working days before a deadline (004 p.12.6)."""
    return cal.subtract_working_days(due, REMINDER_WORKING_DAYS)


def light(due: date, today: date, cal: WorkingCalendar) -> Light:
    """The traffic light of an open deadline (004 p.12.6): overdue after its day, due soon from
    the reminder 3 working days ahead up to and including its day, otherwise on time."""
    if today > due:
        return Light.OVERDUE
    if today >= reminder_from(due, cal):
        return Light.DUE_SOON
    return Light.OK


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))
