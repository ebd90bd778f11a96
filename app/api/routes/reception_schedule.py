"""Officials and their monthly schedules: the administrator writes, everyone may read the
approved schedule (it is public, 000 p.8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.api.responses import API_RESPONSES
from app.edge.access import Administrator, Issuer
from app.edge.deps import Now, Tx
from app.edge.params import RowId
from app.schemas.reception import (
    AbsenceIn,
    AbsenceOut,
    ApproveIn,
    DayIn,
    DayOut,
    OfficialIn,
    OfficialOut,
    ScheduleOut,
)
from app.services.catalog import Services
from app.services.reception import schedules, views
from app.services.reception.schedules import (
    MONTH_PATTERN,
    month_of,
    parse_month,
)

router = APIRouter(prefix="/api", tags=["personal reception"], responses=API_RESPONSES)
Month = Annotated[str, Path(pattern=MONTH_PATTERN, examples=["2026-12"])]


@router.get("/officials")
async def list_officials(tx: Tx) -> list[OfficialOut]:
    """Who receives (000 p.2, 001 p.15): public, as the schedule is."""
    return await tx.read(lambda s: views.officials_out(s.reception))


@router.post("/officials", status_code=status.HTTP_201_CREATED)
async def add_official(body: OfficialIn, tx: Tx, _: Administrator) -> OfficialOut:
    return await tx.write(lambda s: views.official_out(schedules.add_official(s.reception, body)))


@router.get("/reception-schedule")
async def get_schedule(
    tx: Tx,
    now: Now,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
) -> ScheduleOut:
    """The approved schedule of a month (default: this month), as published (000 p.8)."""
    first = parse_month(month) if month else month_of(tx.site.today(now))
    return await tx.read(lambda s: views.schedule_out(s.reception, first))


@router.post("/reception-schedule/days", status_code=status.HTTP_201_CREATED)
async def add_day(body: DayIn, tx: Tx, now: Now, _: Administrator) -> DayOut:
    """A reception day in the month's schedule, before it is approved."""
    today = tx.site.today(now)

    def add(s: Services) -> DayOut:
        day = schedules.add_day(s.reception, body, today=today)
        return views.reception_day_out(s.reception, day)

    return await tx.write(add)


@router.post("/reception-schedule/{month}/approve")
async def approve(month: Month, body: ApproveIn, tx: Tx, now: Now, _: Administrator) -> ScheduleOut:
    """Approve the month's schedule (000 p.7-1): it is then published and booked."""
    first = parse_month(month)

    def approve(s: Services) -> ScheduleOut:
        schedules.approve(s.reception, first, approved_by=body.approved_by, now=now)
        return views.schedule_out(s.reception, first)

    return await tx.write(approve)


@router.post("/reception-schedule/days/{day_id}/absence")
async def report_absence(day_id: RowId, body: AbsenceIn, tx: Tx, now: Now, _: Issuer) -> AbsenceOut:
    """The official cannot receive that day (000 p.16): the day is cancelled and its booked
    requests go back to be allocated again. `notice` says whether the notice came in time."""

    def report(s: Services) -> AbsenceOut:
        absence = schedules.report_absence(s.reception, day_id, body.reason, now=now)
        unbooked = [r.id for r in absence.unbooked if r.id]
        return AbsenceOut(notice=absence.notice.value, unbooked=unbooked)

    return await tx.write(report)


@router.post("/reception-schedule/days/{day_id}/final-list")
async def final_list_sent(day_id: RowId, tx: Tx, now: Now, _: Issuer) -> DayOut:
    """The final list of those to be received went out (001 p.15)."""

    def sent(s: Services) -> DayOut:
        row = schedules.final_list_sent(s.reception, day_id, now=now)
        return views.reception_day_out(s.reception, row)

    return await tx.write(sent)
