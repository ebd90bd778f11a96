"""Feedback's personal data is kept only as long as the centre file says (001 p.2; issue 14.5):
comments of ratings, survey callers' remarks and the phone numbers visitors left for the
survey are deleted after `[feedback] retention_days`; scores, results and counts stay.

The server runs it at start and every few hours (app.main); `qabyldau retention` runs it by
hand. Every run is idempotent: one with nothing due changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.domain.retention import cutoff
from app.repositories.unit import Unit
from app.services.site import Site

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.transactions import Transactions

log = logging.getLogger(__name__)
EVERY_SECONDS = 6 * 3600  # a day's records are gone at most a quarter of a day late


@dataclass(frozen=True)
class Forgotten:
    comments: int
    phones: int
    remarks: int
    before: datetime

    @property
    def total(self) -> int:
        return self.comments + self.phones + self.remarks


class Retention:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._repo = unit.retention
        self.site = site

    def forget(self, now: datetime) -> Forgotten:
        before = cutoff(now, self.site.centre.feedback.retention_days)
        return Forgotten(
            comments=self._repo.forget_comments(before),
            phones=self._repo.forget_phones(before),
            remarks=self._repo.forget_remarks(before),
            before=before,
        )


async def forget_now(transactions: Transactions, clock: Callable[[], datetime]) -> None:
    """One run, for the server's background (app.services.periodic.repeat)."""
    done = await transactions.write(lambda s: s.retention.forget(clock()))
    if done.total:
        log.info(
            "retention: deleted %d comments, %d phone numbers, %d survey remarks older than %s",
            done.comments,
            done.phones,
            done.remarks,
            done.before.date().isoformat(),
        )
