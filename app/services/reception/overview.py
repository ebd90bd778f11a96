"""What the personal-reception screens read: a month's published schedule, today's bookings
and who receives today, a cabinet's bookings, every request with its deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.schemas.reception import RequestOut
from app.services.reception.context import Reception
from app.services.reception.schedules import month_end
from app.services.reception.views import request_out
from app.tables.reception import Official, ReceptionDay, ReceptionRequest, Schedule


@dataclass(frozen=True)
class PublishedMonth:
    schedule: Schedule | None  # None until the month's schedule is approved
    rows: list[tuple[Official, list[ReceptionDay]]]  # each official with their days


def published_month(reception: Reception, first: date) -> PublishedMonth:
    """The month's approved schedule, by official (000 p.8): nothing before it is approved."""
    schedule = reception.repo.schedule(first)
    if schedule is None or schedule.approved_on is None:
        return PublishedMonth(None, [])
    rows: dict[int, tuple[Official, list[ReceptionDay]]] = {}
    for day, official, _ in reception.repo.days(first, month_end(first)):
        assert official.id is not None
        rows.setdefault(official.id, (official, []))[1].append(day)
    return PublishedMonth(schedule, list(rows.values()))


@dataclass(frozen=True)
class ReceptionToday:
    today: date
    bookings: list[tuple[ReceptionRequest, Official | None]]
    receiving: list[tuple[ReceptionDay, Official]]  # who receives today (001 p.15)


def reception_today(reception: Reception, now: datetime) -> ReceptionToday:
    today = reception.today(now)
    officials = {o.id: o for o in reception.repo.officials()}
    bookings = [(r, officials.get(r.official_id)) for r in reception.repo.bookings(today)]
    receiving = [(d, o) for d, o, _ in reception.repo.days(today, today) if d.cancelled_on is None]
    return ReceptionToday(today, bookings, receiving)


def cabinet_bookings(
    reception: Reception, cabinet: str | None, now: datetime
) -> list[ReceptionRequest]:
    """Today's bookings at a cabinet, by time."""
    if cabinet is None:
        return []
    return list(reception.repo.bookings(reception.today(now), cabinet=cabinet))


def all_requests(reception: Reception, now: datetime) -> list[RequestOut]:
    """Every request in order of registration, with its open deadlines for today."""
    today = reception.today(now)
    return [request_out(reception, r, today) for r in reception.repo.requests()]
