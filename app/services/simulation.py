"""A simulated history (`qabyldau demo simulate`): past working days played through the real
queue, step by step, each step its own transaction as a screen's click would be, with a
virtual clock (the `now=` of every use case).

A discrete-event simulation: a heap of (instant, order, step) — a visitor arrives and takes
a ticket, a workplace calls the next, the visitor comes (or not), is served, is sent on, a
workplace pauses and resumes. Who comes and how long each visit takes are drawn by
app.domain.simulation from a random.Random seeded by the seed and the day, so a seed gives
the same days whatever else the database holds (their tokens aside: secrets).

Visitors who took a ticket in working hours are received even after closing: the
workplaces call until the hall is empty, as a centre does, so no simulated ticket is left
waiting, called or being served. Staff are actors "sim-<workplace>" and "sim-desk" (who
cancels the ticket of a visitor who gave up waiting); nothing personal is made up."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from app.domain import simulation as plan
from app.domain.calendar import WorkingCalendar
from app.domain.lifecycle import Action
from app.domain.workplace import Outcome, PauseReason, outcomes_at
from app.repositories.simulation import SIMULATED_ACTOR
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.queue import Ticket

if TYPE_CHECKING:
    from app.services.catalog import Services
    from app.services.transactions import Transactions

T = TypeVar("T")
DESK = f"{SIMULATED_ACTOR}desk"


@dataclass(frozen=True)
class Readiness:
    """What the database holds that a simulation must not disturb."""

    real_tickets: int  # made by somebody other than a simulation
    taken: set[date]  # of the days asked for, those that hold tickets already
    paused: list[str]  # workplaces paused now: the simulation's resumes would end their pause


class SimulationCheck:
    def __init__(self, unit: Unit, site: Site) -> None:
        self.repo = unit.simulation
        self.site = site

    def readiness(self, days: list[date]) -> Readiness:
        return Readiness(
            real_tickets=self.repo.real_tickets(),
            taken=self.repo.days_with_tickets(days),
            paused=self.repo.paused_workplaces(),
        )


def day_random(seed: int, day: date) -> random.Random:
    """The day's own draws: the same day and seed give the same day, whatever the range."""
    return random.Random(f"qabyldau-simulation:{seed}:{day.isoformat()}")  # noqa: S311 (no secret)


def play_day(tx: Transactions, calendar: WorkingCalendar, day: date, seed: int) -> int:
    """Play one working day through the queue; the number of tickets issued."""
    return _Day(tx, calendar, day, day_random(seed, day)).run()


@dataclass
class _Desk:
    code: str
    kind: str
    zones: tuple[str, ...]
    planned: list[plan.PlannedPause]
    ticket: int | None = None
    paused: bool = False
    idle_since: datetime | None = None  # free with nobody to call: woken by a new ticket

    @property
    def actor(self) -> str:
        return SIMULATED_ACTOR + self.code


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    run: Callable[[], object] = field(compare=False)


class _Day:
    def __init__(
        self, tx: Transactions, calendar: WorkingCalendar, day: date, rng: random.Random
    ) -> None:
        centre = tx.site.centre
        self.tx, self.rng = tx, rng
        self.periods = calendar.working_spans(day)
        self.lunch = calendar.lunch_on(day)
        self.closes = self.periods[-1][1] if self.periods else None
        self.issuing = [z.code for z in centre.zones if z.issues_tickets]
        served = {z: [w for w in centre.workplaces if z in w.zones] for z in self.issuing}
        # A zone nobody serves gets no visitors: its tickets would wait for ever.
        self.traffic = {z: plan.traffic_of(z, len(ws)) for z, ws in served.items() if ws}
        self.cabinets = {z: [w.code for w in centre.cabinets_of(z)] for z in self.issuing}
        self.categories = [c.code for c in centre.categories]
        self.desks = [
            _Desk(w.code, w.kind, tuple(w.zones), plan.pauses(rng, self.periods))
            for w in centre.workplaces
            if any(z in self.traffic for z in w.zones)
        ]
        self.steps: list[_Step] = []
        self.order = itertools.count()
        self.now = self.periods[0][0] if self.periods else datetime.min
        self.uncalled: set[int] = set()  # tickets never called yet: their visitors may leave
        self.issued = 0

    def run(self) -> int:
        if not self.periods:
            return 0
        for arrival in plan.arrivals(self.rng, self.periods, self.traffic, self.categories):
            self.at(arrival.at, partial(self.arrive, arrival))
        for desk in self.desks:
            self.at(self.periods[0][0], partial(self.free, desk))
            for pause in desk.planned:
                self.at(pause.at, partial(self.pause_due, desk))
            if self.lunch is not None:
                self.at(self.lunch[0], partial(self.pause_due, desk))
        while self.steps:
            step = heapq.heappop(self.steps)
            self.now = step.at
            step.run()
        # A server running meanwhile may have counted the day half played: count it again.
        self.write(lambda s: s.forget_statistics_day(self.periods[0][0].date()))
        return self.issued

    def at(self, when: datetime, run: Callable[[], object]) -> None:
        heapq.heappush(self.steps, _Step(when, next(self.order), run))

    def after(self, minutes: float, run: Callable[[], object]) -> None:
        self.at(self.now + timedelta(minutes=minutes), run)

    def write(self, use_case: Callable[[Services], T]) -> T:
        return self.tx.write_now(use_case)

    # visitors ------------------------------------------------------------------------------

    def arrive(self, arrival: plan.Arrival) -> None:
        now = self.now
        issued = self.write(
            lambda s: s.queue.issue(
                zone=arrival.zone,
                language=arrival.language,
                purpose=arrival.purpose,
                priority=arrival.priority,
                now=now,
            )
        )
        ticket_id = issued.ticket.id
        assert ticket_id is not None
        self.issued += 1
        self.uncalled.add(ticket_id)
        if arrival.patience is not None:
            self.after(arrival.patience, partial(self.give_up, ticket_id))
        self.wake(arrival.zone)

    def give_up(self, ticket_id: int) -> None:
        """The visitor left before being called: the desk cancels the ticket."""
        if ticket_id not in self.uncalled:
            return
        self.uncalled.discard(ticket_id)
        now = self.now
        self.write(lambda s: s.queue.act(ticket_id, Action.CANCEL, now=now, actor=DESK))

    def wake(self, zone: str) -> None:
        """A new ticket in `zone`: the workplace idle longest calls it."""
        idle = [d for d in self.desks if d.idle_since is not None and zone in d.zones]
        for desk in sorted(idle, key=lambda d: (d.idle_since, d.code)):
            if self.free(desk):
                return

    # workplaces ----------------------------------------------------------------------------

    def free(self, desk: _Desk) -> bool:
        """The workplace has nobody: it pauses if a pause is due, else calls the next; whether
        it called somebody."""
        if desk.paused or desk.ticket is not None:
            return False
        due = self.due_pause(desk)
        if due is not None:
            self.pause(desk, *due)
            return False
        now = self.now
        ticket = self.write(lambda s: s.queue.call_next(desk.code, now=now, actor=desk.actor))
        if ticket is None:
            desk.idle_since = desk.idle_since or now
            return False
        desk.idle_since = None
        self.called(desk, ticket)
        return True

    def due_pause(self, desk: _Desk) -> tuple[PauseReason, datetime] | None:
        if self.lunch is not None and self.lunch[0] <= self.now < self.lunch[1]:
            # Lunch instead of any break planned before its end.
            desk.planned = [p for p in desk.planned if p.at >= self.lunch[1]]
            return PauseReason.BREAK, self.lunch[1]
        if self.closes is not None and self.now >= self.closes:
            desk.planned = []  # after closing they see the hall out, no breaks
        if desk.planned and desk.planned[0].at <= self.now:
            pause = desk.planned.pop(0)
            return PauseReason(pause.reason), self.now + timedelta(minutes=pause.minutes)
        return None

    def pause_due(self, desk: _Desk) -> None:
        if desk.ticket is None and not desk.paused:  # busy: it pauses once the visit ends
            self.free(desk)

    def pause(self, desk: _Desk, reason: PauseReason, until: datetime) -> None:
        now = self.now
        self.write(lambda s: s.pauses.pause(desk.code, reason, now=now, actor=desk.actor))
        desk.paused, desk.idle_since = True, None
        self.at(until, partial(self.resume, desk))

    def resume(self, desk: _Desk) -> None:
        now = self.now
        self.write(lambda s: s.pauses.resume(desk.code, now=now, actor=desk.actor))
        desk.paused = False
        self.free(desk)

    # a visit -------------------------------------------------------------------------------

    def called(self, desk: _Desk, ticket: Ticket) -> None:
        assert ticket.id is not None
        self.uncalled.discard(ticket.id)
        desk.ticket = ticket.id
        target = plan.transfer_target(self.rng, ticket.zone, list(self.traffic))
        fate = plan.fate(self.rng, transferable=ticket.transfer_count == 0 and target is not None)
        if fate is plan.Fate.NO_SHOW:
            recalls = 1 + (self.rng.random() < 0.5)
            for minute in range(1, recalls + 1):
                self.after(minute, partial(self.act, desk, Action.RECALL))
            self.after(recalls + 1, partial(self.leave, desk, Action.NO_SHOW))
            return
        walk = plan.walk_minutes(self.rng)
        if fate is plan.Fate.SLOW:
            self.after(1, partial(self.act, desk, Action.RECALL))
            walk += 1
        visit = plan.visit_minutes(self.rng, self.traffic[ticket.zone])
        self.after(walk, partial(self.act, desk, Action.START))
        if fate is plan.Fate.TRANSFER and target is not None:
            part = visit * self.rng.uniform(0.3, 0.6)
            self.after(walk + part, partial(self.send_on, desk, target))
        else:
            self.after(walk + visit, partial(self.leave, desk, Action.FINISH))

    def act(self, desk: _Desk, action: Action) -> None:
        ticket_id, now = desk.ticket, self.now
        assert ticket_id is not None
        self.write(lambda s: s.queue.act(ticket_id, action, now=now, actor=desk.actor))

    def leave(self, desk: _Desk, action: Action) -> None:
        """The visit ends: finished (with how it ended) or a no-show."""
        ticket_id, now = desk.ticket, self.now
        assert ticket_id is not None
        ended = None
        if action is Action.FINISH:
            offered = [o.value for o in outcomes_at(desk.kind)]
            ended = Outcome(plan.outcome(self.rng, offered))
        self.write(
            lambda s: s.queue.act(ticket_id, action, now=now, actor=desk.actor, outcome=ended)
        )
        self.done_with(desk)

    def send_on(self, desk: _Desk, zone: str) -> None:
        """Transferred to another zone (to one of its cabinets, which must be named)."""
        ticket_id, now = desk.ticket, self.now
        assert ticket_id is not None
        cabinets = self.cabinets.get(zone) or []
        to = self.rng.choice(cabinets) if cabinets else None
        self.write(lambda s: s.queue.transfer(ticket_id, zone, now=now, actor=desk.actor, to=to))
        self.done_with(desk)
        self.wake(zone)

    def done_with(self, desk: _Desk) -> None:
        desk.ticket = None
        self.after(plan.gap_minutes(self.rng), partial(self.free, desk))
