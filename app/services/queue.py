"""Issuing, calling and moving tickets."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.config.centre import Workplace, Zone
from app.domain import errors
from app.domain.access.identity import Staff
from app.domain.access.rules import ensure_may_move
from app.domain.calendar import WorkingCalendar
from app.domain.estimate import shown
from app.domain.lifecycle import Action, TicketState, ensure_undoable, next_state
from app.domain.numbering import next_free_position
from app.domain.priority import REGULAR_RANK, consecutive_priority
from app.domain.workplace import Outcome
from app.repositories.unit import Unit
from app.services.estimate import estimate_wait
from app.services.site import Site
from app.services.status_page import TicketStatus
from app.services.ticket_events import EVENT_TYPES, ticket_event
from app.tables.queue import Ticket, VisitorDetail


def closed_now(calendar: WorkingCalendar, now: datetime) -> errors.CentreClosed | None:
    """The refusal of a ticket at `now` outside working hours, saying when the centre opens;
    None while it is open. The one place the rule lives: the queue refuses with it, the kiosk
    shows it before the visitor chooses anything."""
    if calendar.is_open(now):
        return None
    return errors.closed_until(calendar.next_opening(now), calendar.local(now))


@dataclass
class Issued:
    ticket: Ticket
    ahead: int


class QueueService:
    def __init__(self, unit: Unit, site: Site) -> None:
        self.unit = unit
        self.site = site
        self.tickets = unit.tickets
        self.centre = site.centre
        self.calendar = site.calendar
        self._locked: set[int] = set()  # ids of the tickets whose rows this transaction locked

    # issuing -------------------------------------------------------------------------------

    def issue(
        self,
        *,
        zone: str,
        language: str,
        purpose: str | None,
        priority: str | None,
        now: datetime,
        for_workplace: str | None = None,
    ) -> Issued:
        """A new ticket; `for_workplace` binds it to one workplace of the zone (a booked
        visitor's official's cabinet)."""
        target = self._issuing_zone(zone)
        if for_workplace is not None and target.code not in self._workplace(for_workplace).zones:
            raise errors.WrongWorkplace(workplace=for_workplace, zone=target.code)
        rank = self._rank_of(priority)
        self.ensure_open(now)
        day = self.calendar.service_day(now)
        numbers = target.numbers
        position = self.tickets.bump_position(target.code, day)
        if position > numbers.size:  # wrapped: skip numbers whose tickets are still active
            free = next_free_position(
                numbers, position - 1, self.tickets.active_numbers(target.code, day)
            )
            if free is None:
                raise errors.ZoneFull(zone=target.code)
            if free != position:
                self.tickets.set_position(target.code, day, free)
            position = free
        number = numbers.number_at(position)
        ticket = self.tickets.add(
            Ticket(
                token=secrets.token_urlsafe(16),
                zone=target.code,
                number_zone=target.code,
                service_day=day,
                position=position,
                number=number,
                display=numbers.display(number),
                language=language,
                purpose=purpose,
                priority=priority,
                priority_rank=rank,
                issued_at=now,
                for_workplace=for_workplace,
            )
        )
        self._record(ticket, "issue", now)
        ahead = self.tickets.count_ahead(ticket)
        # What the kiosk, the ticket and its status page show, kept with the ticket so that
        # the statistics measure it against the wait (issue 13.8). 0 (called at once) is
        # kept as 0, not as "no estimate": the wait is measured all the same, and leaving
        # out the visitors told "no wait" would flatter or hide the estimate's error.
        estimate = estimate_wait(self.unit, self.site, ticket, ahead, now)
        self.tickets.change(ticket, estimate_minutes=estimate)
        self._emit("ticket.issued", ticket, now)
        return Issued(ticket, ahead)

    def ensure_open(self, now: datetime) -> None:
        """Tickets are issued in working hours only (001 p.4)."""
        closed = closed_now(self.calendar, now)
        if closed is not None:
            raise closed

    def _issuing_zone(self, code: str) -> Zone:
        zone = self.centre.zone(code)
        issuing = [z.code for z in self.centre.zones if z.issues_tickets]
        if zone is None:
            raise errors.UnknownZone(value=code, allowed=", ".join(issuing))
        if not zone.issues_tickets:
            raise errors.ZoneNotIssuing(zone=code, allowed=", ".join(issuing))
        return zone

    def _rank_of(self, priority: str | None) -> int:
        if priority is None:
            return REGULAR_RANK
        category = self.centre.category(priority)
        if category is None:
            allowed = ", ".join(c.code for c in self.centre.categories)
            raise errors.UnknownCategory(value=priority, allowed=allowed)
        return category.rank

    def find_today(self, number: int, now: datetime) -> Sequence[Ticket]:
        """Today's tickets with this number (one per zone range at most, newest first)."""
        return self.tickets.today_by_number(self.calendar.service_day(now), number)

    def waiting_counts(self, now: datetime) -> dict[str, int]:
        """Waiting tickets per zone, now."""
        return self.tickets.waiting_counts(self.calendar.service_day(now))

    def status_of(self, token: str, now: datetime) -> TicketStatus | None:
        """The ticket behind a status page's token, as the visitor sees it now."""
        ticket = self.tickets.by_token(token)
        if ticket is None:
            return None
        ahead = self.ahead_of(ticket)
        stale = ticket.service_day != self.calendar.service_day(now)
        live = ticket.state.is_active and not stale
        # The same estimate as at its issue, made again now: the page follows the queue.
        waiting = live and ticket.state is TicketState.WAITING
        wait = shown(estimate_wait(self.unit, self.site, ticket, ahead, now)) if waiting else None
        return TicketStatus(ticket, ahead, wait, stale, live)

    def ahead_of(self, ticket: Ticket) -> int:
        return self.tickets.count_ahead(ticket) if ticket.state == TicketState.WAITING else 0

    # calling -------------------------------------------------------------------------------

    def call_next(
        self, workplace_code: str, *, now: datetime, actor: str | None = None
    ) -> Ticket | None:
        workplace = self._workplace(workplace_code)
        day = self.calendar.service_day(now)
        self._ensure_free(workplace, day)
        regular_only = False
        limit = self.centre.queue.max_consecutive_priority
        if limit is not None:
            ranks = self.tickets.recent_call_ranks(workplace.zones, day, limit)
            regular_only = self.centre.queue.policy.regular_is_due(consecutive_priority(ranks))
        ticket = self.tickets.next_waiting(
            workplace.zones, day, workplace.code, regular_only=regular_only
        )
        if ticket is None and regular_only:
            ticket = self.tickets.next_waiting(workplace.zones, day, workplace.code)
        if ticket is None:
            return None
        return self._call(ticket, workplace, now, actor)

    def call_number(
        self, workplace_code: str, number: int, *, now: datetime, actor: str | None = None
    ) -> Ticket:
        workplace = self._workplace(workplace_code)
        day = self.calendar.service_day(now)
        self._ensure_free(workplace, day)
        found = self.tickets.find_waiting_by_number(workplace.zones, day, number, workplace.code)
        if not found:
            raise errors.NumberNotWaiting(number=number, workplace=workplace.code)
        if len(found) > 1:
            raise errors.AmbiguousNumber(
                number=number, displays=", ".join(t.display for t in found)
            )
        return self._call(found[0], workplace, now, actor)

    def _call(
        self, ticket: Ticket, workplace: Workplace, now: datetime, actor: str | None
    ) -> Ticket:
        self.tickets.change(
            ticket,
            state=next_state(ticket.state, Action.CALL, display=ticket.display),
            workplace=workplace.code,
            called_by=actor,
            called_at=now,  # the latest call; every call is also kept as an event
        )
        self._record(ticket, "call", now, actor)
        self._emit(EVENT_TYPES[Action.CALL], ticket, now)
        return ticket

    def _ensure_free(self, workplace: Workplace, day: date) -> None:
        # Until commit, no other call at this workplace gets past here: else two clicks of
        # "call next" at once both find the workplace free and take a ticket each.
        self.tickets.lock_workplace(workplace.code)
        if self.tickets.is_paused(workplace.code):
            raise errors.WorkplacePaused(workplace=workplace.code)
        current = self.tickets.current_at(workplace.code, day)
        if current is not None:
            raise errors.WorkplaceBusy(workplace=workplace.code, display=current.display)

    def _ensure_reopenable(self, ticket: Ticket, now: datetime) -> None:
        """A Finish is undone only soon after (UNDO_WINDOW) and while its workplace has
        called nobody since: the workplace is locked as for a call, so a "call next" and an
        undo at once cannot give it two current tickets."""
        ensure_undoable(ticket.finished_at, now, display=ticket.display)
        if ticket.workplace is None:
            raise errors.IllegalTransition(
                display=ticket.display, state=ticket.state.word, action=Action.REOPEN.verb
            )
        self.tickets.lock_workplace(ticket.workplace)
        current = self.tickets.current_at(ticket.workplace, ticket.service_day)
        if current is not None:
            raise errors.WorkplaceBusy(workplace=ticket.workplace, display=current.display)

    def _workplace(self, code: str) -> Workplace:
        workplace = self.centre.workplace(code)
        if workplace is None:
            raise errors.WorkplaceNotFound(key=code)
        return workplace

    def record_visitor(
        self,
        ticket: Ticket,
        *,
        id_document: str,
        iin: str | None,
        representative: str | None,
        needs_escort: bool,
        phone: str | None = None,
    ) -> None:
        """What the desk checked (001 p.7, p.8, p.10); stored apart from the ticket. `phone`:
        left for the telephone survey (000 p.38), only with the visitor's consent."""
        assert ticket.id is not None
        self.tickets.add_visitor_detail(
            VisitorDetail(
                ticket_id=ticket.id,
                id_document=id_document,
                iin=iin,
                representative=representative,
                needs_escort=needs_escort,
                phone=phone,
                survey_consent=phone is not None,
            )
        )

    # moving a ticket along -----------------------------------------------------------------

    def act(
        self,
        ticket_id: int,
        action: Action,
        *,
        now: datetime,
        actor: str | None = None,
        outcome: Outcome | None = None,
    ) -> Ticket:
        ticket = self.get(ticket_id, for_update=True)
        changes: dict[str, Any] = {
            "state": next_state(ticket.state, action, display=ticket.display)
        }
        if action is Action.REOPEN:
            self._ensure_reopenable(ticket, now)
            changes |= {"finished_at": None, "outcome": None}
        if action is Action.FINISH and outcome is not None:
            changes["outcome"] = outcome.value
        if action is Action.RECALL:
            changes["recall_count"] = ticket.recall_count + 1
        elif action is Action.START:
            changes["started_at"] = now
        elif action in (Action.FINISH, Action.NO_SHOW, Action.CANCEL):
            changes["finished_at"] = now
        elif action is Action.RETURN_TO_QUEUE:
            changes["workplace"] = None
        self.tickets.change(ticket, **changes)
        self._record(ticket, action.value, now, actor)
        self._emit(EVENT_TYPES[action], ticket, now)
        return ticket

    def act_for(
        self,
        staff: Staff,
        ticket_id: int,
        action: Action,
        *,
        now: datetime,
        outcome: Outcome | None = None,
    ) -> Ticket:
        """`act` on behalf of a staff member, where they may (app.domain.access.rules)."""
        ticket = self.get(ticket_id, for_update=True)
        ensure_may_move(staff, action, ticket.workplace, ticket.display)
        return self.act(ticket_id, action, now=now, actor=staff.username, outcome=outcome)

    def transfer_for(
        self, staff: Staff, ticket_id: int, zone: str, *, now: datetime, to: str | None = None
    ) -> Ticket:
        """`transfer` on behalf of a staff member, where they may."""
        ticket = self.get(ticket_id, for_update=True)
        ensure_may_move(staff, Action.TRANSFER, ticket.workplace, ticket.display)
        return self.transfer(ticket_id, zone, now=now, actor=staff.username, to=to)

    def transfer(
        self,
        ticket_id: int,
        zone: str,
        *,
        now: datetime,
        actor: str | None = None,
        to: str | None = None,
    ) -> Ticket:
        """Into `zone`'s queue, or to the one workplace `to` of it (a given window, an
        official's cabinet). A cabinet is always given: a visitor without a booking goes to
        the official chosen, not to whichever cabinet calls next."""
        ticket = self.get(ticket_id, for_update=True)
        target = self._issuing_zone(zone)
        if to is not None and target.code not in self._workplace(to).zones:
            raise errors.WrongWorkplace(workplace=to, zone=target.code)
        if to is None and self.centre.cabinets_of(target.code):
            raise errors.CabinetRequired(zone=target.code)
        if target.code == ticket.zone and to in (None, ticket.workplace):
            raise errors.SameZone(display=ticket.display, zone=zone)
        state = next_state(ticket.state, Action.TRANSFER, display=ticket.display)
        self._record(ticket, "transfer", now, actor)  # from where it was
        # It keeps its number, issue time and priority, so it takes its fair place there.
        changes = {"state": state, "zone": target.code, "workplace": None, "for_workplace": to}
        self.tickets.change(ticket, **changes, transfer_count=ticket.transfer_count + 1)
        self._emit(EVENT_TYPES[Action.TRANSFER], ticket, now)
        return ticket

    def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket:
        """`for_update`: lock the row until commit (PostgreSQL); a ticket this transaction
        has locked already is not read again."""
        locked = ticket_id in self._locked
        ticket = self.tickets.get(ticket_id, for_update=for_update and not locked)
        if ticket is None:
            raise errors.TicketNotFound(key=ticket_id)
        if for_update:
            self._locked.add(ticket_id)
        return ticket

    # recording -----------------------------------------------------------------------------

    def _record(self, ticket: Ticket, action: str, now: datetime, actor: str | None = None) -> None:
        assert ticket.id is not None
        if ticket.service_day < self.calendar.service_day(now):
            # A ticket of a day that is over changes (cancelled the next morning): the day's
            # statistics, counted once, are counted again.
            self.unit.statistics.forget_day(ticket.service_day)
        self.tickets.record(
            ticket_id=ticket.id,
            action=action,
            at=now,
            zone=ticket.zone,
            workplace=ticket.workplace,
            actor=actor,
        )

    def _emit(self, kind: str, ticket: Ticket, now: datetime) -> None:
        """Queue an event for after the commit."""
        self.unit.emit(ticket_event(kind, ticket, now))
