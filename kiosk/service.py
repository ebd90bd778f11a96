"""What the kiosk does inside the issuing transaction: the per-kiosk limit, and noting which
kiosk issued the ticket."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db.models import Ticket
from kiosk.models import KioskIssue

WINDOW = timedelta(minutes=1)


def issued_recently(session: Session, device_id: int, now: datetime) -> int:
    """Tickets this kiosk issued in the minute before `now` (a sliding window).

    Counted in the issuing transaction, which on SQLite holds the write lock from its start:
    two taps at once on one kiosk cannot both slip under the limit. On PostgreSQL they could
    by one ticket, which is harmless for a limit meant against spraying."""
    count = session.exec(
        select(func.count())
        .select_from(KioskIssue)
        .where(col(KioskIssue.device_id) == device_id, col(KioskIssue.issued_at) > now - WINDOW)
    ).one()
    return int(count)


def record_issue(session: Session, ticket: Ticket, device_id: int, now: datetime) -> None:
    assert ticket.id is not None
    session.add(KioskIssue(ticket_id=ticket.id, device_id=device_id, issued_at=now))


def issued_by(session: Session, ticket_id: int) -> int | None:
    """The kiosk (device id) that issued the ticket, if one did."""
    row = session.get(KioskIssue, ticket_id)
    return row.device_id if row else None
