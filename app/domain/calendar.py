"""The centre's working calendar: opening hours, lunch, days off and working-day arithmetic.

Local days and hours are in the centre's time zone; instants come in as aware datetimes.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WorkingCalendar:
    tz: ZoneInfo
    opens: time
    closes: time
    lunch: tuple[time, time] | None
    weekdays: frozenset[int] = frozenset(range(5))  # Monday=0 … Friday=4 (001 p.4)
    public_holidays: Container[date] = field(default_factory=frozenset)
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    always_open: bool = False

    def local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return now.astimezone(self.tz)

    def service_day(self, now: datetime) -> date:
        """The centre-local date; ticket numbering starts again on each one."""
        return self.local(now).date()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day in self.public_holidays:
            return False
        return day.weekday() in self.weekdays

    def _open_at_local_time(self, moment: time) -> bool:
        if not self.opens <= moment < self.closes:
            return False
        return self.lunch is None or not self.lunch[0] <= moment < self.lunch[1]

    def is_open(self, now: datetime) -> bool:
        if self.always_open:
            return True
        local = self.local(now)
        return self.is_working_day(local.date()) and self._open_at_local_time(local.time())

    def next_opening(self, now: datetime) -> datetime:
        """`now` (local) if the centre is open, else the next local instant it opens."""
        local = self.local(now)
        if self.is_open(now):
            return local
        day = local.date()
        if self.is_working_day(day):
            if local.time() < self.opens:
                return self._at(day, self.opens)
            if self.lunch is not None and self.lunch[0] <= local.time() < self.lunch[1]:
                return self._at(day, self.lunch[1])
        return self._at(self.next_working_day(day), self.opens)

    def open_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's opening hours as instants: before and after lunch. By the hours alone,
        whether or not it is a working day (a workplace that worked on a day off worked its
        hours)."""
        if self.lunch is None or not self.opens < self.lunch[0] < self.lunch[1] < self.closes:
            return [(self._at(day, self.opens), self._at(day, self.closes))]
        return [
            (self._at(day, self.opens), self._at(day, self.lunch[0])),
            (self._at(day, self.lunch[1]), self._at(day, self.closes)),
        ]

    def working_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """When the centre takes visitors on `day` (001 p.4): its opening hours on a working
        day, none on a day off."""
        return self.open_spans(day) if self.is_working_day(day) else []

    def lunch_on(self, day: date) -> tuple[datetime, datetime] | None:
        """The lunch break of `day` as local instants; None for a centre without one."""
        if self.lunch is None:
            return None
        return self._at(day, self.lunch[0]), self._at(day, self.lunch[1])

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day + timedelta(days=1)
        for _ in range(366):
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise ValueError(f"no working day within a year after {day}")

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one (a deadline that falls on a day off
        moves to the next working day, 004 p.12.14)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 0; 0 gives `on_or_after(day)`)."""
        if count < 0:
            return self.subtract_working_days(day, -count)
        result = self.on_or_after(day) if count == 0 else day
        for _ in range(count):
            result = self.next_working_day(result)
        return result

    def subtract_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day before `day`."""
        result = day
        for _ in range(count):
            result -= timedelta(days=1)
            while not self.is_working_day(result):
                result -= timedelta(days=1)
        return result
