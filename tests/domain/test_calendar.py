"""The working calendar: hours and lunch (001 p.4), weekends, Kazakhstan's public holidays,
local overrides, the next opening, the service day and working-day arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from app.domain.calendar import WorkingCalendar
from tests.conftest import almaty

ALMATY = ZoneInfo("Asia/Almaty")
KZ_HOLIDAYS = holidays.country_holidays("KZ")


def calendar(
    *,
    days_off: frozenset[date] = frozenset(),
    working: frozenset[date] = frozenset(),
    lunch: tuple[time, time] | None = (time(13, 0), time(14, 30)),
) -> WorkingCalendar:
    return WorkingCalendar(
        tz=ALMATY,
        opens=time(9, 0),
        closes=time(18, 30),
        lunch=lunch,
        public_holidays=KZ_HOLIDAYS,
        extra_days_off=days_off,
        extra_working_days=working,
    )


CAL = calendar()

# 2026-11-24 is a Tuesday with no holiday.
TUE = (2026, 11, 24)


def local(y: int, m: int, d: int, h: int, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, tzinfo=ALMATY)


# hours and lunch --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "second", "is_open"),
    [
        (0, 0, 0, False),
        (8, 59, 59, False),
        (9, 0, 0, True),
        (12, 59, 59, True),
        (13, 0, 0, False),
        (14, 29, 59, False),
        (14, 30, 0, True),
        (18, 29, 59, True),
        (18, 30, 0, False),
        (23, 59, 59, False),
    ],
)
def test_opening_hours_and_lunch_boundaries(
    hour: int, minute: int, second: int, is_open: bool
) -> None:
    """001 p.4: Monday–Friday 09:00–18:30, lunch 13:00–14:30."""
    assert CAL.is_open(local(*TUE, hour, minute, second)) is is_open


def test_is_open_reads_the_instant_in_local_time() -> None:
    # 04:00 UTC is 09:00 in Almaty (UTC+5): open; 03:59 UTC is 08:59: closed.
    assert CAL.is_open(datetime(2026, 11, 24, 4, 0, tzinfo=UTC))
    assert not CAL.is_open(datetime(2026, 11, 24, 3, 59, tzinfo=UTC))
    assert not CAL.is_open(datetime(2026, 11, 24, 13, 30, tzinfo=UTC))  # 18:30 local


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.is_open(datetime(2026, 11, 24, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.service_day(datetime(2026, 11, 24, 10, 0))


def test_without_lunch_the_centre_stays_open_at_midday() -> None:
    assert calendar(lunch=None).is_open(local(*TUE, 13, 30))


@pytest.mark.parametrize("day", [date(2026, 11, 28), date(2026, 11, 29)])
def test_weekends_are_closed(day: date) -> None:
    """001 p.4: Saturday and Sunday are days off."""
    assert not CAL.is_working_day(day)
    assert not CAL.is_open(local(day.year, day.month, day.day, 10))


def test_weekdays_are_working_days() -> None:
    assert all(CAL.is_working_day(date(2026, 11, d)) for d in range(23, 28))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year
        date(2026, 3, 9),  # Women's Day moved from Sunday 8 March
        date(2026, 3, 23),  # Nauryz
        date(2026, 3, 24),
        date(2026, 3, 25),
        date(2026, 12, 16),  # Independence Day
    ],
)
def test_public_holidays_are_closed(day: date) -> None:
    """001 p.4: closed on public holidays (from the `holidays` package)."""
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)
    assert not CAL.is_open(local(day.year, day.month, day.day, 10))


def test_an_extra_day_off_closes_a_weekday() -> None:
    cal = calendar(days_off=frozenset({date(*TUE)}))
    assert not cal.is_working_day(date(*TUE))
    assert not cal.is_open(local(*TUE, 10))
    assert cal.is_working_day(date(2026, 11, 25))


def test_an_extra_working_day_opens_a_saturday() -> None:
    saturday = date(2026, 11, 28)
    cal = calendar(working=frozenset({saturday}))
    assert cal.is_working_day(saturday)
    assert cal.is_open(local(2026, 11, 28, 10))
    assert not cal.is_open(local(2026, 11, 28, 13, 15))  # lunch still applies


def test_an_extra_working_day_overrides_a_public_holiday() -> None:
    cal = calendar(working=frozenset({date(2026, 3, 23)}))
    assert cal.is_working_day(date(2026, 3, 23))


def test_always_open_ignores_hours_and_days_off() -> None:
    cal = WorkingCalendar(
        tz=ALMATY,
        opens=time(9),
        closes=time(18, 30),
        lunch=None,
        public_holidays=KZ_HOLIDAYS,
        always_open=True,
    )
    assert cal.is_open(local(2026, 12, 16, 3))


# next opening -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        (local(*TUE, 7, 45), local(*TUE, 9, 0)),  # before opening
        (local(*TUE, 0, 30), local(*TUE, 9, 0)),  # just after local midnight
        (local(*TUE, 13, 0), local(*TUE, 14, 30)),  # lunch starts
        (local(*TUE, 14, 29), local(*TUE, 14, 30)),  # end of lunch
        (local(*TUE, 18, 30), local(2026, 11, 25, 9, 0)),  # closing time
        (local(*TUE, 21, 0), local(2026, 11, 25, 9, 0)),  # evening
        (local(2026, 11, 27, 19, 0), local(2026, 11, 30, 9, 0)),  # Friday evening → Monday
        (local(2026, 11, 28, 11, 0), local(2026, 11, 30, 9, 0)),  # Saturday
        (local(2026, 12, 16, 10, 0), local(2026, 12, 17, 9, 0)),  # Independence Day
        (local(2026, 12, 15, 19, 0), local(2026, 12, 17, 9, 0)),  # eve of Independence Day
        (local(2026, 3, 20, 18, 45), local(2026, 3, 26, 9, 0)),  # Friday before Nauryz
        (local(2026, 3, 23, 10, 0), local(2026, 3, 26, 9, 0)),  # Nauryz
    ],
)
def test_next_opening(now: datetime, opens: datetime) -> None:
    result = CAL.next_opening(now)
    assert result == opens
    assert result.utcoffset() == timedelta(hours=5)
    assert CAL.is_open(result)
    assert not CAL.is_open(result - timedelta(minutes=1))


def test_next_opening_when_open_is_now() -> None:
    now = almaty(*TUE, 11, 17)
    assert CAL.next_opening(now) == now


def test_next_opening_takes_an_instant_in_any_zone() -> None:
    # 2026-11-24 16:00 UTC is 21:00 in Almaty.
    assert CAL.next_opening(datetime(2026, 11, 24, 16, 0, tzinfo=UTC)) == local(2026, 11, 25, 9)


def test_next_opening_respects_an_extra_day_off() -> None:
    cal = calendar(days_off=frozenset({date(2026, 11, 25)}))
    assert cal.next_opening(local(*TUE, 19)) == local(2026, 11, 26, 9)


# service day ------------------------------------------------------------------------------


def test_service_day_rolls_over_at_local_midnight() -> None:
    """Numbering restarts each centre-local day; Almaty is UTC+5."""
    assert CAL.service_day(datetime(2026, 11, 24, 18, 59, 59, tzinfo=UTC)) == date(2026, 11, 24)
    assert CAL.service_day(datetime(2026, 11, 24, 19, 0, tzinfo=UTC)) == date(2026, 11, 25)


def test_early_local_morning_is_already_the_new_day_in_local_time() -> None:
    # 20:30 UTC on the 24th is 01:30 on the 25th in Almaty.
    assert CAL.service_day(datetime(2026, 11, 24, 20, 30, tzinfo=UTC)) == date(2026, 11, 25)
    assert CAL.service_day(almaty(2026, 11, 25, 0, 0)) == date(2026, 11, 25)


# working-day arithmetic across Nauryz 2026 -------------------------------------------------
# Days off: Sun 8 – Mon 9 March (Women's Day moved), Sat 21 – Wed 25 March (Nauryz).
# Working days around it: … Wed 18, Thu 19, Fri 20 | Thu 26, Fri 27, Mon 30, Tue 31, Wed 1 Apr …


@pytest.mark.parametrize(
    ("start", "count", "result"),
    [
        (date(2026, 3, 20), 1, date(2026, 3, 26)),
        (date(2026, 3, 19), 3, date(2026, 3, 27)),
        (date(2026, 3, 18), 5, date(2026, 3, 30)),
        (date(2026, 3, 23), 1, date(2026, 3, 26)),  # counted from a holiday
        (date(2026, 3, 23), 0, date(2026, 3, 26)),  # 0 moves a day off forward
        (date(2026, 3, 20), 0, date(2026, 3, 20)),
        # 000/002 p.29: a reply within 15 WD of registration on Tue 10 March.
        (date(2026, 3, 10), 15, date(2026, 4, 3)),
        (date(2026, 3, 6), 1, date(2026, 3, 10)),  # Fri 6 → Tue 10 (9 March off)
    ],
)
def test_add_working_days_across_nauryz(start: date, count: int, result: date) -> None:
    assert CAL.add_working_days(start, count) == result


@pytest.mark.parametrize(
    ("start", "count", "result"),
    [
        (date(2026, 3, 26), 1, date(2026, 3, 20)),
        (date(2026, 3, 30), 5, date(2026, 3, 18)),
        # 000/002 p.26: the background note is due 5 WD before a reception on Fri 27 March.
        (date(2026, 3, 27), 5, date(2026, 3, 17)),
        (date(2026, 3, 24), 1, date(2026, 3, 20)),  # from inside the holiday
        (date(2026, 3, 10), 1, date(2026, 3, 6)),
        (date(2026, 3, 26), 0, date(2026, 3, 26)),
    ],
)
def test_subtract_working_days_across_nauryz(start: date, count: int, result: date) -> None:
    assert CAL.subtract_working_days(start, count) == result


def test_negative_add_is_a_subtraction() -> None:
    assert CAL.add_working_days(date(2026, 3, 26), -2) == date(2026, 3, 19)


@pytest.mark.parametrize(
    ("day", "result"),
    [
        (date(2026, 3, 21), date(2026, 3, 26)),
        (date(2026, 3, 25), date(2026, 3, 26)),
        (date(2026, 3, 26), date(2026, 3, 26)),
        (date(2026, 3, 8), date(2026, 3, 10)),
        (date(2026, 12, 16), date(2026, 12, 17)),
    ],
)
def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(day: date, result: date) -> None:
    """004 p.12.14: a deadline on a non-working day moves to the next working day."""
    assert CAL.on_or_after(day) == result


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 19)) == date(2026, 3, 20)
    assert CAL.next_working_day(date(2026, 3, 20)) == date(2026, 3, 26)


def test_a_calendar_without_working_days_says_so() -> None:
    never = WorkingCalendar(
        tz=ALMATY, opens=time(9), closes=time(18), lunch=None, weekdays=frozenset()
    )
    with pytest.raises(ValueError, match="no working day"):
        never.next_working_day(date(2026, 1, 1))
