"""Visitors' ratings of their visit (000 p.38): from the status page or a feedback tablet.

A rating is stored with the zone and the workplace that served the ticket (where it was
finished) and where it came from, never with a name; its comment is personal data, kept
`[feedback] retention_days` (app.services.retention) and never shown on a public screen."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from app.domain import feedback as rules
from app.domain.access.identity import Device, DeviceKind
from app.domain.errors import Refusal, TicketNotFound
from app.domain.feedback import Prompt, RatingSource
from app.repositories.feedback import RatingTaken
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.feedback import Rating
from app.tables.queue import Ticket


@dataclass(frozen=True)
class TabletTicket:
    """The visit a feedback tablet asks about: numbers only."""

    id: int
    display: str
    language: str


class Feedback:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.repo = unit.feedback
        self.site = site

    @property
    def rating_days(self) -> int:
        return self.site.centre.feedback.rating_days

    # rating ----------------------------------------------------------------------------------

    def rate(
        self,
        ticket_id: int,
        *,
        score: int | str | None,
        comment: str | None,
        now: datetime,
        token: str | None = None,
        device: Device | None = None,
    ) -> Rating:
        """Rate ticket `ticket_id`: with its status token (the visitor's phone, or a script
        that has it), or from a paired feedback tablet (`device`), which rates the visits
        finished at its own workplace today and needs no token. A wrong token reads as an
        unknown ticket: the answer never tells whether the id exists."""
        tablet = device if device is not None and device.kind is DeviceKind.FEEDBACK else None
        if tablet is None and token is None:
            raise rules.TokenRequired()
        ticket = self._unit.tickets.get(ticket_id, for_update=True)
        if ticket is None or (token is not None and not _same(token, ticket.token)):
            raise TicketNotFound(key=ticket_id)
        if tablet is not None:
            rules.ensure_at_tablet(
                ticket_workplace=ticket.workplace,
                ticket_day=ticket.service_day,
                tablet_workplace=tablet.workplace,
                today=self.site.today(now),
                finished_at=ticket.finished_at,
                now=now,
            )
        return self._store(ticket, score, comment, now, tablet)

    def rate_by_token(
        self, token: str, *, score: int | str | None, comment: str | None, now: datetime
    ) -> Rating:
        """The status page's form: the token in its address is the key."""
        ticket = self._unit.tickets.by_token(token)
        if ticket is None or ticket.id is None:
            raise TicketNotFound(key=token[:4] + "…")
        return self.rate(ticket.id, score=score, comment=comment, now=now, token=token)

    def _store(
        self,
        ticket: Ticket,
        score: int | str | None,
        comment: str | None,
        now: datetime,
        tablet: Device | None,
    ) -> Rating:
        assert ticket.id is not None
        # The state first: a second rating is told it is a second, whatever it holds.
        refusal = self._refusal(ticket, now)
        if refusal is not None:
            raise refusal
        rating = Rating(
            ticket_id=ticket.id,
            score=rules.score_of(score),
            comment=rules.comment_of(comment),
            zone=ticket.zone,
            workplace=ticket.workplace,  # where it was finished
            source=(RatingSource.TABLET if tablet else RatingSource.STATUS_PAGE).value,
            device_id=tablet.id if tablet else None,
            at=now,
        )
        try:
            return self.repo.add(rating)
        except RatingTaken:
            raise rules.AlreadyRated(display=ticket.display) from None

    # what the screens show -----------------------------------------------------------------

    def prompt_for(self, ticket: Ticket, now: datetime) -> Prompt:
        """Whether the status page asks for a rating now, thanks for one, or neither."""
        return rules.prompt_of(self._refusal(ticket, now))

    def _refusal(self, ticket: Ticket, now: datetime) -> Refusal | None:
        assert ticket.id is not None
        return rules.refusal_of(
            display=ticket.display,
            state=ticket.state,
            finished_at=ticket.finished_at,
            rated=self.repo.rating(ticket.id) is not None,
            now=now,
            rating_days=self.rating_days,
        )

    def for_tablet(
        self, device: Device, now: datetime, ticket_id: int | None = None
    ) -> TabletTicket | None:
        """The visit the tablet asks about: `ticket_id` (just finished, from the live feed)
        if the tablet may rate it now, else None; without an id, the last one finished at its
        workplace within TABLET_RECENT and not yet rated (after a reload or a dropped link)."""
        if device.workplace is None:
            return None
        today = self.site.today(now)
        if ticket_id is None:
            found = self.repo.latest_unrated(device.workplace, today, now - rules.TABLET_RECENT)
        else:
            found = self._unit.tickets.get(ticket_id)
        if found is None or found.id is None:
            return None
        try:
            rules.ensure_at_tablet(
                ticket_workplace=found.workplace,
                ticket_day=found.service_day,
                tablet_workplace=device.workplace,
                today=today,
                finished_at=found.finished_at,
                now=now,
            )
        except Refusal:
            return None
        if self._refusal(found, now) is not None:
            return None
        return TabletTicket(found.id, found.display, found.language)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
