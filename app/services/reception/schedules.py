"""Officials and their monthly reception schedules (000 p.7, 7-1, p.8; 001 p.15), and an
official's notice that they cannot receive (000 p.16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.reception import deadlines, errors, reach
from app.domain.reception.allocation import ReceptionHours
from app.domain.reception.lifecycle import RequestAction
from app.domain.reception.terms import AbsenceNotice
from app.domain.text import dotted
from app.schemas.reception import DayIn, OfficialIn
from app.services.reception.booking_requests import move
from app.services.reception.context import PERSONAL_RECEPTION_ZONE, Reception
from app.tables.reception import Official, ReceptionDay, ReceptionRequest, Schedule

# A calendar month as written in addresses and commands: 2026-12 (this century's months only,
# so that nothing outside the calendar the centre works with gets in).
MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"


def parse_month(value: str) -> date:
    """The first day of a month given as YYYY-MM (checked against MONTH_PATTERN first)."""
    return datetime.strptime(value, "%Y-%m").date()  # a calendar month: no time zone


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_official(reception: Reception, new: OfficialIn) -> Official:
    if reception.repo.official_by_code(new.code) is not None:
        raise errors.OfficialCodeTaken(code=new.code)
    workplace = reception.centre.workplace(new.cabinet)
    if workplace is None or PERSONAL_RECEPTION_ZONE not in workplace.zones:
        raise errors.NotACabinet(workplace=new.cabinet)
    official = Official(
        code=new.code,
        name_kk=new.name_kk.strip(),
        name_ru=new.name_ru.strip(),
        position_kk=new.position_kk.strip(),
        position_ru=new.position_ru.strip(),
        cabinet=new.cabinet,
    )
    reception.repo.add(official)
    return official


def add_day(reception: Reception, new: DayIn, *, today: date) -> ReceptionDay:
    """A reception day in its month's schedule, which must not be approved yet."""
    if not reach.schedulable(new.day, today):
        raise errors.DayOutOfReach(day=dotted(new.day))
    official = reception.repo.official_by_code(new.official)
    if official is None or official.id is None:
        raise errors.OfficialNotFound(key=new.official)
    if not new.allow_day_off and not reception.calendar.is_working_day(new.day):
        raise errors.NotAWorkingDay(day=dotted(new.day))
    hours = ReceptionHours(0, official.id, new.day, new.starts, new.ends, new.slot_minutes)
    if new.starts >= new.ends or not hours.slots():
        raise errors.BadReceptionHours()
    schedule = _schedule_for(reception, month_of(new.day))
    if schedule.approved_on is not None:
        raise errors.ScheduleApproved(month=schedule.month.strftime("%m.%Y"))
    if reception.repo.day_of(official.id, new.day) is not None:
        raise errors.ReceptionDayTaken(official=official.code, day=dotted(new.day))
    assert schedule.id is not None
    row = ReceptionDay(
        schedule_id=schedule.id,
        official_id=official.id,
        day=new.day,
        starts=new.starts,
        ends=new.ends,
        slot_minutes=new.slot_minutes,
    )
    reception.repo.add(row)
    return row


def _schedule_for(reception: Reception, month: date) -> Schedule:
    schedule = reception.repo.schedule(month)
    if schedule is None:
        schedule = Schedule(month=month)
        reception.repo.add(schedule)
    return schedule


def approve(reception: Reception, month: date, *, approved_by: str, now: datetime) -> Schedule:
    """Approve the month's schedule (by the akim, 000 p.7-1, 001 p.15; gap G8 on who): from
    now on it is published (000 p.8) and booked (000 p.28), and it no longer changes."""
    schedule = reception.repo.schedule(month_of(month))
    label = month.strftime("%m.%Y")  # as a person writes it, in the refusals
    if schedule is None or not reception.repo.days(
        month_of(month), month_end(month), approved_only=False
    ):
        raise errors.ScheduleEmpty(month=label)
    if schedule.approved_on is not None:
        raise errors.ScheduleApproved(month=label)
    schedule.approved_by = approved_by.strip()
    schedule.approved_on = reception.today(now)
    reception.repo.save(schedule)
    return schedule


def month_end(month: date) -> date:
    return deadlines.add_months(month_of(month), 1) - timedelta(days=1)


@dataclass(frozen=True)
class Absence:
    day: ReceptionDay
    notice: AbsenceNotice
    unbooked: list[ReceptionRequest]  # to be allocated again, their applicants told at once


def report_absence(reception: Reception, day_id: int, reason: str, *, now: datetime) -> Absence:
    """The official cannot receive on this day (000 p.16). The day is cancelled; its booked
    requests go back to be allocated again, and their replies are due again at once (the
    applicants must learn of the new date)."""
    day = reception.repo.reception_day(day_id)
    if day is None:
        raise errors.ReceptionDayNotFound(key=day_id)
    today = reception.today(now)
    notice = deadlines.absence_notice(today, day.day, reception.calendar)
    day.cancelled_on = today
    day.cancel_reason = reason.strip()
    reception.repo.save(day)
    unbooked = list(reception.repo.booked_on(day_id))
    for request in unbooked:
        move(request, RequestAction.UNBOOK)
        request.reception_day_id = request.appointment_day = request.appointment_time = None
        request.replied_on = None
        reception.repo.save(request)
    return Absence(day, notice, unbooked)


def final_list_sent(reception: Reception, day_id: int, *, now: datetime) -> ReceptionDay:
    """The final list of those to be received went to the responsible body's leadership
    (001 p.15)."""
    day = reception.repo.reception_day(day_id)
    if day is None:
        raise errors.ReceptionDayNotFound(key=day_id)
    day.final_list_sent_on = day.final_list_sent_on or reception.today(now)
    reception.repo.save(day)
    return day
