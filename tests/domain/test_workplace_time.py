"""The pure arithmetic of a workplace's time (issue 13.1): pauses clipped to the opening
hours, and idle as the rest of the hours of the days it worked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.calendar import WorkingCalendar
from app.domain.workplace_time import Pause, paused_by_day, workplace_times

TZ = ZoneInfo("Asia/Almaty")
CALENDAR = WorkingCalendar(tz=TZ, opens=time(9), closes=time(18), lunch=(time(13), time(14)))
MONDAY = date(2026, 11, 23)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def test_the_opening_hours_are_two_spans_around_lunch() -> None:
    assert CALENDAR.open_spans(MONDAY) == [
        (at(MONDAY, 9), at(MONDAY, 13)),
        (at(MONDAY, 14), at(MONDAY, 18)),
    ]
    no_lunch = WorkingCalendar(tz=TZ, opens=time(9), closes=time(18), lunch=None)
    assert no_lunch.open_spans(MONDAY) == [(at(MONDAY, 9), at(MONDAY, 18))]


def test_a_pause_counts_only_within_the_hours_and_the_period() -> None:
    tuesday = MONDAY + timedelta(days=1)
    pauses = [
        Pause("w1", at(MONDAY, 12, 30), at(MONDAY, 14, 15)),  # 30 + 15 min, lunch left out
        Pause("w2", at(MONDAY, 17, 0), at(tuesday, 10, 0)),  # 60 on Monday, 60 on Tuesday
        Pause("w3", at(tuesday, 16, 0), None),  # still paused: to `now`
    ]
    now = at(tuesday, 17, 0).astimezone(UTC)
    minutes = paused_by_day(pauses, CALENDAR.open_spans, CALENDAR.service_day, now, MONDAY, tuesday)
    assert dict(minutes) == {
        ("w1", MONDAY): 45.0,
        ("w2", MONDAY): 60.0,
        ("w2", tuesday): 60.0,
        ("w3", tuesday): 60.0,
    }
    only_monday = paused_by_day(
        pauses, CALENDAR.open_spans, CALENDAR.service_day, now, MONDAY, MONDAY
    )
    assert ("w2", tuesday) not in only_monday


def test_idle_is_the_rest_of_the_days_it_worked() -> None:
    tuesday = MONDAY + timedelta(days=1)
    serving = {("w1", MONDAY): 300.0, ("w1", tuesday): 100.0}
    paused = {("w1", MONDAY): 60.0, ("w2", tuesday): 30.0}
    times = workplace_times(serving, paused, CALENDAR.open_spans)
    # 480 minutes a day: Monday 480 − 300 − 60 = 120, Tuesday 480 − 100 = 380.
    assert [(t.workplace, t.days, t.serving, t.paused, t.idle) for t in times] == [
        ("w1", 2, 400.0, 60.0, 500.0),
        ("w2", 1, 0.0, 30.0, 450.0),
    ]
    # Overtime (more served than the hours) is never negative idle.
    assert workplace_times({("w1", MONDAY): 600.0}, {}, CALENDAR.open_spans)[0].idle == 0.0


def test_a_pause_left_on_over_a_weekend_counts_only_the_working_hours() -> None:
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    pauses = [Pause("w1", at(friday, 17, 0), at(monday, 10, 0))]
    now = at(monday, 12, 0).astimezone(UTC)
    minutes = paused_by_day(
        pauses, CALENDAR.working_spans, CALENDAR.service_day, now, friday, monday
    )
    # Friday 17–18 and Monday 9–10; Saturday and Sunday had no opening hours.
    assert dict(minutes) == {("w1", friday): 60.0, ("w1", monday): 60.0}
