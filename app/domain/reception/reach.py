"""How far from today the dates staff enter may lie. Beyond these a date is a slip of the
keyboard (0001-01-01, a day in 9999), and accepting it would put a deadline decades away or
a request years in the past on every list."""

from __future__ import annotations

from datetime import date, datetime, timedelta

# A request is registered on the day it arrives or the next working day (000 p.25); one
# entered a year late is a wrong date, not a late registration.
RECEIVED_REACH = timedelta(days=366)
# Receptions are held at least once a month on schedules (000 p.7, p.7-1); a little over a
# year either way
# leaves room to correct last month and to plan a year ahead.
SCHEDULE_REACH = timedelta(days=400)


def received_within_reach(received_at: datetime, now: datetime) -> bool:
    return now - RECEIVED_REACH <= received_at <= now


def schedulable(day: date, today: date) -> bool:
    return abs(day - today) <= SCHEDULE_REACH
