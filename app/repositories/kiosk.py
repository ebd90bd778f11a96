"""Which kiosk issued which ticket: the per-kiosk limit counts these, and a kiosk may ask only
after its own tickets' printing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.tables.kiosk import KioskIssue


class KioskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def issued_since(self, device_id: int, since: datetime) -> int:
        """Tickets the kiosk issued after `since`. Counted in the issuing transaction, which
        on SQLite holds the write lock from its start, so two taps at once on one kiosk cannot
        both slip under a limit (on PostgreSQL by one ticket at most: harmless for a limit
        meant against spraying)."""
        count = self.session.exec(
            select(func.count())
            .select_from(KioskIssue)
            .where(col(KioskIssue.device_id) == device_id, col(KioskIssue.issued_at) > since)
        ).one()
        return int(count)

    def record(self, ticket_id: int, device_id: int, at: datetime) -> None:
        self.session.add(KioskIssue(ticket_id=ticket_id, device_id=device_id, issued_at=at))

    def issuer(self, ticket_id: int) -> int | None:
        """The kiosk (device id) that issued the ticket, if one did."""
        row = self.session.get(KioskIssue, ticket_id)
        return row.device_id if row else None
