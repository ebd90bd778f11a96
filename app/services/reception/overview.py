"""What the personal-reception screens read: a month's published schedule, today's bookings
and who receives today, a cabinet's bookings, every request with its deadlines, one request
with its protocol and appeals, the appeals under control."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.schemas.reception import AppealOut, ProtocolOut, RequestOut
from app.services.reception.booking_requests import get
from app.services.reception.context import Reception
from app.services.reception.schedules import month_end
from app.services.reception.views import appeal_out, appeals_out, protocol_out, request_out
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


@dataclass(frozen=True)
class CabinetDay:
    bookings: list[ReceptionRequest]  # today's, by time
    current: RequestCard | None  # the booking of the ticket called to the cabinet now


def cabinet_day(
    reception: Reception, cabinet: str | None, ticket: int | None, now: datetime
) -> CabinetDay:
    """A cabinet's day on the official's monoblock: today's bookings, and the card of the one
    whose applicant holds `ticket`, the ticket called to the cabinet now."""
    bookings = cabinet_bookings(reception, cabinet, now)
    current = next((r for r in bookings if ticket is not None and r.ticket_id == ticket), None)
    card = request_card(reception, current.id, now) if current and current.id else None
    return CabinetDay(bookings, card)


def all_requests(reception: Reception, now: datetime) -> list[RequestOut]:
    """Every request in order of registration, with its open deadlines for today."""
    today = reception.today(now)
    return [request_out(reception, r, today) for r in reception.repo.requests()]


@dataclass(frozen=True)
class RequestCard:
    """One request as its screen shows it: the request with its deadlines, the protocol of
    its reception once recorded, the appeals filed at it."""

    request: RequestOut
    protocol: ProtocolOut | None
    appeals: list[AppealOut]


def request_card(reception: Reception, request_id: int, now: datetime) -> RequestCard:
    today = reception.today(now)
    found = get(reception, request_id)
    entry = reception.repo.protocol(request_id)
    appeals = reception.repo.appeals(request_id=request_id)
    return RequestCard(
        request=request_out(reception, found, today),
        protocol=protocol_out(reception, entry, today) if entry else None,
        appeals=[appeal_out(reception, a, today) for a in appeals],
    )


def officials(reception: Reception) -> list[Official]:
    return list(reception.repo.officials())


def open_appeals(reception: Reception, now: datetime) -> list[AppealOut]:
    """Appeals from receptions still under control (000 p.35)."""
    return appeals_out(reception, open_only=True, today=reception.today(now))
