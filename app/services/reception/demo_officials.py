"""Two demo officials in the centre's first two cabinets, receiving weekly this month and next,
with both schedules approved (`qabyldau demo seed-officials`). Seeding again adds nothing
twice."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.domain.reception.deadlines import add_months
from app.schemas.reception import DayIn, OfficialIn
from app.services.reception import schedules
from app.services.reception.context import PERSONAL_RECEPTION_ZONE, Reception
from app.services.reception.schedules import month_of

DEMO_OFFICIALS = (
    # (code, name kk, name ru, position kk, position ru, weekday, starts, ends)
    (
        "akim-deputy",
        "Серіков Асқар Болатұлы",
        "Сериков Аскар Болатович",
        "Аудан әкімінің орынбасары",
        "Заместитель акима района",
        3,  # Thursdays
        time(15, 0),
        time(18, 0),
    ),
    (
        "head-land",
        "Омарова Бибігүл Қайратқызы",
        "Омарова Бибигуль Кайратовна",
        "Жер қатынастары бөлімінің басшысы",
        "Руководитель отдела земельных отношений",
        1,  # Tuesdays
        time(10, 0),
        time(12, 30),
    ),
)


def seed(reception: Reception, now: datetime, approved_by: str) -> bool:
    """False when the centre has too few cabinets of the personal reception zone."""
    cabinets = [w.code for w in reception.centre.workplaces if PERSONAL_RECEPTION_ZONE in w.zones]
    if len(cabinets) < len(DEMO_OFFICIALS):
        return False
    for (code, kk, ru, pos_kk, pos_ru, *_), cabinet in zip(
        DEMO_OFFICIALS, cabinets[: len(DEMO_OFFICIALS)], strict=True
    ):
        if reception.repo.official_by_code(code) is None:
            schedules.add_official(
                reception,
                OfficialIn(
                    code=code,
                    name_kk=kk,
                    name_ru=ru,
                    position_kk=pos_kk,
                    position_ru=pos_ru,
                    cabinet=cabinet,
                ),
            )
    today = reception.today(now)
    for month in (month_of(today), add_months(month_of(today), 1)):
        _seed_month(reception, month, approved_by, now)
    return True


def _seed_month(reception: Reception, month: date, approved_by: str, now: datetime) -> None:
    existing = reception.repo.schedule(month)
    if existing is not None and existing.approved_on is not None:
        return
    day = month
    while day.month == month.month:
        for code, *_, weekday, starts, ends in DEMO_OFFICIALS:
            official = reception.repo.official_by_code(code)
            assert official is not None
            assert official.id is not None
            if (
                day.weekday() == weekday
                and reception.calendar.is_working_day(day)
                and reception.repo.day_of(official.id, day) is None
            ):
                schedules.add_day(
                    reception,
                    DayIn(official=code, day=day, starts=starts, ends=ends),
                    today=reception.today(now),
                )
        day += timedelta(days=1)
    schedules.approve(reception, month, approved_by=approved_by, now=now)
