"""Officials and their monthly schedules: the administrator writes, everyone may read the
approved schedule (it is public, 000 p.8)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.api.deps import Now
from app.api.errors import ERROR_RESPONSES
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Administrator, Issuer
from app.reception import schedules
from app.reception.deps import ReceptionDep
from app.reception.schedules import NewDay, NewOfficial, month_end, month_of
from app.reception.schemas import (
    AbsenceIn,
    AbsenceOut,
    ApproveIn,
    DayIn,
    DayOut,
    OfficialIn,
    OfficialOut,
    ScheduleOut,
)
from app.reception.views import day_out, official_out

router = APIRouter(
    prefix="/api", tags=["personal reception"], responses={**ERROR_RESPONSES, **AUTH_RESPONSES}
)
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Month = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", examples=["2026-12"])]


def parse_month(value: str) -> date:
    return datetime.strptime(value, "%Y-%m").date()  # a calendar month: no time zone


@router.get("/officials")
def list_officials(rx: ReceptionDep) -> list[OfficialOut]:
    """Who receives (000 p.2, 001 p.15): public, as the schedule is."""
    return [official_out(o) for o in rx.repo.officials() if o.active]


@router.post("/officials", status_code=status.HTTP_201_CREATED)
def add_official(body: OfficialIn, rx: ReceptionDep, _: Administrator) -> OfficialOut:
    return official_out(schedules.add_official(rx, NewOfficial(**body.model_dump())))


@router.get("/reception-schedule")
def get_schedule(
    rx: ReceptionDep,
    now: Now,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> ScheduleOut:
    """The approved schedule of a month (default: this month), as published (000 p.8)."""
    first = parse_month(month) if month else month_of(rx.today(now))
    schedule = rx.repo.schedule(first)
    days = rx.repo.days(first, month_end(first)) if schedule and schedule.approved_on else []
    return ScheduleOut(
        month=first.strftime("%Y-%m"),
        approved_by=schedule.approved_by if schedule else None,
        approved_on=schedule.approved_on if schedule else None,
        days=[day_out(rx, d, o) for d, o, _ in days],
    )


@router.post("/reception-schedule/days", status_code=status.HTTP_201_CREATED)
def add_day(body: DayIn, rx: ReceptionDep, _: Administrator) -> DayOut:
    """A reception day in the month's schedule, before it is approved."""
    row = schedules.add_day(rx, NewDay(**body.model_dump()))
    official = rx.repo.official(row.official_id)
    assert official is not None
    return day_out(rx, row, official)


@router.post("/reception-schedule/{month}/approve")
def approve(
    month: Month, body: ApproveIn, rx: ReceptionDep, now: Now, _: Administrator
) -> ScheduleOut:
    """Approve the month's schedule (000 p.7-1): it is then published and booked."""
    schedules.approve(rx, parse_month(month), approved_by=body.approved_by, now=now)
    return get_schedule(rx, now, month)


@router.post("/reception-schedule/days/{day_id}/absence")
def report_absence(
    day_id: Id, body: AbsenceIn, rx: ReceptionDep, now: Now, _: Issuer
) -> AbsenceOut:
    """The official cannot receive that day (000 p.16): the day is cancelled and its booked
    requests go back to be allocated again. `notice` says whether the notice came in time."""
    absence = schedules.report_absence(rx, day_id, body.reason, now=now)
    return AbsenceOut(
        notice=absence.notice.value, unbooked=[r.id for r in absence.unbooked if r.id]
    )


@router.post("/reception-schedule/days/{day_id}/final-list")
def final_list_sent(day_id: Id, rx: ReceptionDep, now: Now, _: Issuer) -> DayOut:
    """The final list of those to be received went out (001 p.15)."""
    row = schedules.final_list_sent(rx, day_id, now=now)
    official = rx.repo.official(row.official_id)
    assert official is not None
    return day_out(rx, row, official)
