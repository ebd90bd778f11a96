"""The self-service zone's work (001 p.11): each visitor helped, by kind and outcome.

A record is tied to a ticket only when it names one of today's tickets at the person's own
workplace (the one served there now, or just finished): a volunteer, signed in at no
workplace, records without a ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.config.centre import Choice
from app.domain.access.identity import Staff
from app.domain.access.roles import SERVED_ZONES, Role
from app.domain.assistance import (
    OFFER_AFTER_FINISH,
    AssistanceNotFound,
    TicketNotServedHere,
    TooLateToUndoAssistance,
    UnknownAssistanceKind,
    may_undo,
)
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.feedback import Assistance
from app.tables.queue import Ticket

SELF_SERVICE_ZONE = SERVED_ZONES[Role.SELF_SERVICE]


@dataclass(frozen=True)
class KindCount:
    kind: Choice
    completed: int = 0
    not_completed: int = 0

    @property
    def total(self) -> int:
        return self.completed + self.not_completed


@dataclass(frozen=True)
class AssistanceDay:
    """Today's counts by kind, in the centre file's order: the person's own and the zone's."""

    mine: list[KindCount]
    zone: list[KindCount]

    @property
    def my_total(self) -> int:
        return sum(k.total for k in self.mine)

    @property
    def zone_total(self) -> int:
        return sum(k.total for k in self.zone)


class Assistances:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.site = site

    def record(
        self,
        staff: Staff,
        kind: str,
        completed: bool,
        *,
        ticket_id: int | None,
        now: datetime,
    ) -> Assistance:
        centre = self.site.centre
        if centre.assistance_kind(kind) is None:
            allowed = ", ".join(k.code for k in centre.assistance_kinds)
            raise UnknownAssistanceKind(value=kind, allowed=allowed)
        day = self.site.today(now)
        if ticket_id is not None:
            ticket = self._unit.tickets.get(ticket_id)
            if (
                ticket is None
                or staff.workplace is None
                or ticket.workplace != staff.workplace
                or ticket.service_day != day
            ):
                raise TicketNotServedHere(key=ticket.display if ticket else ticket_id)
        return self._unit.survey.add_assistance(
            Assistance(
                at=now,
                service_day=day,
                kind=kind,
                completed=completed,
                ticket_id=ticket_id,
                workplace=staff.workplace,
                actor=staff.username,
            )
        )

    def ticket_offer(self, staff: Staff, now: datetime) -> Ticket | None:
        """The ticket a record may be for: the one called or served at the person's
        self-service workplace now, else the one it finished in the last few minutes."""
        place = self.site.centre.workplace(staff.workplace) if staff.workplace else None
        if place is None or SELF_SERVICE_ZONE not in place.zones:
            return None
        day = self.site.today(now)
        current = self._unit.tickets.current_at(place.code, day)
        if current is not None:
            return current
        last = self._unit.tickets.last_finished_at(place.code, day)
        if last is not None and last.finished_at and now - last.finished_at <= OFFER_AFTER_FINISH:
            return last
        return None

    def day(self, staff: Staff, now: datetime) -> AssistanceDay:
        today = self.site.today(now)
        repo = self._unit.survey
        return AssistanceDay(
            mine=self._by_kind(repo.assistance_counts(today, actor=staff.username)),
            zone=self._by_kind(repo.assistance_counts(today)),
        )

    def own(self, staff: Staff, assistance_id: int) -> Assistance:
        """One of the person's own records (a confirmation names no one else's)."""
        found = self._unit.survey.assistance(assistance_id)
        if found is None or found.actor != staff.username:
            raise AssistanceNotFound(key=assistance_id)
        return found

    def confirmation(self, staff: Staff, assistance_id: int) -> tuple[Assistance, str | None]:
        """One's own record, and the number of the ticket it is for (if any)."""
        found = self.own(staff, assistance_id)
        ticket = self._unit.tickets.get(found.ticket_id) if found.ticket_id else None
        return found, ticket.display if ticket else None

    def undo(self, staff: Staff, assistance_id: int, now: datetime) -> Assistance:
        """Take back one's own record made less than a minute ago (a mistaken tap)."""
        found = self.own(staff, assistance_id)
        if not may_undo(found.at, now):
            raise TooLateToUndoAssistance()
        if not self._unit.survey.remove_assistance(assistance_id):
            raise AssistanceNotFound(key=assistance_id)
        return found

    def _by_kind(self, counts: list[tuple[str, bool, int]]) -> list[KindCount]:
        tally: dict[str, dict[bool, int]] = {}
        for kind, completed, n in counts:
            tally.setdefault(kind, {})[completed] = n
        return [
            KindCount(k, tally.get(k.code, {}).get(True, 0), tally.get(k.code, {}).get(False, 0))
            for k in self.site.centre.assistance_kinds
        ]
