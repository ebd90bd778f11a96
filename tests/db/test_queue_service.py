"""The queue service on a real (migrated SQLite) database, without HTTP: what it stores,
how numbers are kept unique, and what it records and announces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.domain import errors
from app.domain.events import RecordingSink
from app.domain.lifecycle import Action, TicketState
from app.edge.state import AppState
from app.services.catalog import Services
from app.services.transactions import Transactions
from app.tables.queue import Ticket, TicketEvent, ZoneCounter
from tests.api.helpers import FIXTURES, copy_database, migrate_template
from tests.conftest import Clock, almaty, make_state

NOW = almaty(2026, 11, 24, 10, 0)


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_template: Path) -> str:
    return copy_database(migrated_template, tmp_path)


class Desk:
    """Runs each service call in its own committed transaction, like one request, through
    the app's one transaction path; the events it publishes after each commit are kept."""

    def __init__(self, state: AppState) -> None:
        self.engine = state.engine
        self.sink = RecordingSink()
        self.tx = Transactions(state.database, state.site, self.sink)

    @property
    def events(self) -> list[str]:
        return [e.type for e in self.sink.events]

    def issue(
        self,
        zone: str = "consultation",
        *,
        now: datetime = NOW,
        priority: str | None = None,
        purpose: str | None = None,
    ) -> Ticket:
        return self.tx.write_now(
            lambda s: (
                s.queue.issue(
                    zone=zone, language="kk", purpose=purpose, priority=priority, now=now
                ).ticket
            )
        )

    def call_next(self, workplace: str, now: datetime = NOW) -> Ticket | None:
        return self.tx.write_now(
            lambda s: s.queue.call_next(workplace, now=now, actor="operator-1")
        )

    def act(self, ticket_id: int, action: Action, now: datetime = NOW) -> Ticket:
        return self.tx.write_now(lambda s: s.queue.act(ticket_id, action, now=now))

    def transfer(self, ticket_id: int, zone: str, now: datetime = NOW) -> Ticket:
        return self.tx.write_now(lambda s: s.queue.transfer(ticket_id, zone, now=now))

    def serve_next(self, workplace: str, now: datetime = NOW) -> Ticket:
        ticket = self.call_next(workplace, now)
        assert ticket is not None
        assert ticket.id is not None
        self.act(ticket.id, Action.START, now)
        return self.act(ticket.id, Action.FINISH, now)

    def tickets(self) -> list[Ticket]:
        with Session(self.engine) as session:
            return list(session.execute(select(Ticket).order_by(col(Ticket.id))).scalars())

    def ticket_events(self, ticket_id: int) -> list[TicketEvent]:
        with Session(self.engine) as session:
            stmt = (
                select(TicketEvent)
                .where(col(TicketEvent.ticket_id) == ticket_id)
                .order_by(col(TicketEvent.id))
            )
            return list(session.execute(stmt).scalars())

    def counter(self, zone: str, day: date) -> int | None:
        with Session(self.engine) as session:
            row = session.get(ZoneCounter, (zone, day))
            return None if row is None else row.position


@pytest.fixture
def desk(state: AppState) -> Desk:
    return Desk(state)


@pytest.fixture
def tiny(sqlite_url: str, clock: Clock) -> Iterator[Desk]:
    """The tiny centre: zone "tiny" numbers 1–3 (Т-), zone "twin" numbers 1–3 (Қ-)."""
    state = make_state(sqlite_url, clock, config=FIXTURES / "tiny_centre.toml")
    yield Desk(state)
    state.close()


def test_issue_stores_the_ticket(desk: Desk) -> None:
    ticket = desk.issue(purpose="appeal on paper")
    [stored] = desk.tickets()
    assert stored.id == ticket.id
    assert stored.state is TicketState.WAITING
    assert stored.zone == stored.number_zone == "consultation"
    assert stored.service_day == date(2026, 11, 24)
    assert stored.position == 1
    assert stored.issued_at == NOW
    assert stored.issued_at.tzinfo is not None
    assert len(stored.token) >= 16
    assert desk.events == ["ticket.issued"]
    assert [e.action for e in desk.ticket_events(stored.id or 0)] == ["issue"]


def test_tokens_are_unguessable_and_distinct(desk: Desk) -> None:
    tokens = {desk.issue().token for _ in range(20)}
    assert len(tokens) == 20


def test_instants_come_back_in_utc(desk: Desk) -> None:
    ticket = desk.issue()
    assert ticket.id is not None
    desk.call_next("window-1", now=almaty(2026, 11, 24, 10, 7))
    [stored] = desk.tickets()
    assert stored.called_at == datetime(2026, 11, 24, 5, 7, tzinfo=UTC)
    assert stored.called_at is not None
    assert stored.called_at.utcoffset() is not None


def test_service_day_rolls_over_at_local_midnight(state: AppState) -> None:
    """Numbering restarts at Almaty midnight (UTC+5), not at UTC midnight."""
    state.site = replace(state.site, calendar=state.centre.calendar(always_open=True))
    desk = Desk(state)
    late = desk.issue(now=datetime(2026, 11, 24, 18, 59, tzinfo=UTC))  # 23:59 local
    after = desk.issue(now=datetime(2026, 11, 24, 19, 0, tzinfo=UTC))  # 00:00 local
    again = desk.issue(now=datetime(2026, 11, 24, 23, 0, tzinfo=UTC))  # 04:00 local
    assert late.service_day == date(2026, 11, 24)
    assert after.service_day == date(2026, 11, 25)
    assert after.number == late.number - late.position + 1
    assert again.number == after.number + 1


def test_closed_centre_refuses_and_stores_nothing(desk: Desk) -> None:
    with pytest.raises(errors.CentreClosed) as caught:
        desk.issue(now=almaty(2026, 11, 24, 13, 30))
    assert caught.value.params == {"time": "14:30"}
    assert isinstance(caught.value, errors.ClosedUntilLaterToday)
    assert desk.tickets() == []
    assert desk.counter("consultation", date(2026, 11, 24)) is None


def test_wrap_skips_active_numbers_and_moves_the_counter(tiny: Desk) -> None:
    t1, t2, t3 = (tiny.issue("tiny") for _ in range(3))
    assert [t.display for t in (t1, t2, t3)] == ["Т-1", "Т-2", "Т-3"]
    assert t2.id is not None
    tiny.call_next("desk-1")  # Т-1 called, still active
    # Only Т-2 leaves the queue.
    tiny.act(t2.id, Action.CANCEL)
    fourth = tiny.issue("tiny")
    assert (fourth.number, fourth.position) == (2, 5)  # position 4 (number 1) was skipped
    assert tiny.counter("tiny", date(2026, 11, 24)) == 5
    with pytest.raises(errors.ZoneFull):
        tiny.issue("tiny")
    # The refused issue left the counter as it was.
    assert tiny.counter("tiny", date(2026, 11, 24)) == 5
    assert len(tiny.tickets()) == 4


def test_after_a_full_zone_the_next_freed_number_is_used(tiny: Desk) -> None:
    for _ in range(3):
        tiny.issue("tiny")
    for _ in range(2):
        with pytest.raises(errors.ZoneFull):
            tiny.issue("tiny")
    served = tiny.serve_next("desk-2")
    assert served.display == "Т-1"
    fourth = tiny.issue("tiny")
    assert (fourth.display, fourth.position) == ("Т-1", 4)


def test_the_database_refuses_two_active_tickets_with_one_number(tiny: Desk) -> None:
    first = tiny.issue("tiny")
    with Session(tiny.engine) as session:
        duplicate = Ticket(
            token="duplicate-token",
            zone="tiny",
            number_zone="tiny",
            service_day=first.service_day,
            position=99,
            number=first.number,
            display=first.display,
            language="ru",
            issued_at=NOW,
        )
        session.add(duplicate)
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_finished_number_may_be_reused_in_the_database(tiny: Desk) -> None:
    first = tiny.issue("tiny")
    tiny.serve_next("desk-1")
    with Session(tiny.engine) as session:
        session.add(
            Ticket(
                token="reuse-token",
                zone="tiny",
                number_zone="tiny",
                service_day=first.service_day,
                position=4,
                number=first.number,
                display=first.display,
                language="ru",
                issued_at=NOW,
            )
        )
        session.commit()


def test_every_change_is_recorded_with_its_workplace(desk: Desk) -> None:
    ticket = desk.issue()
    assert ticket.id is not None
    desk.call_next("window-2")
    for action in (Action.RECALL, Action.START, Action.FINISH):
        desk.act(ticket.id, action)
    events = desk.ticket_events(ticket.id)
    assert [e.action for e in events] == ["issue", "call", "recall", "start", "finish"]
    assert [e.workplace for e in events] == [None, "window-2", "window-2", "window-2", "window-2"]
    assert events[1].actor == "operator-1"
    assert desk.events == [
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.started",
        "ticket.finished",
    ]


def test_transfer_is_recorded_in_the_zone_it_left(desk: Desk) -> None:
    ticket = desk.issue()
    assert ticket.id is not None
    moved = desk.transfer(ticket.id, "self_service")
    assert moved.zone == "self_service"
    assert moved.number_zone == "consultation"
    assert moved.transfer_count == 1
    events = desk.ticket_events(ticket.id)
    assert [(e.action, e.zone) for e in events] == [
        ("issue", "consultation"),
        ("transfer", "consultation"),
    ]


def test_events_carry_no_personal_data(desk: Desk) -> None:
    desk.tx.write_now(
        lambda s: s.queue.issue(
            zone="consultation",
            language="ru",
            purpose="жалоба Иванова",
            priority="pregnant",
            now=NOW,
        )
    )
    [event] = desk.sink.events
    assert "Иванова" not in repr(event)
    assert "pregnant" not in repr(event)


def test_a_refusal_rolls_back_with_the_request(desk: Desk) -> None:
    """A refusal after a change leaves nothing behind, and nothing is published: the one
    transaction path rolls the whole use case back."""

    def issue_twice(s: Services) -> None:
        s.queue.issue(zone="consultation", language="kk", purpose=None, priority=None, now=NOW)
        s.queue.issue(zone="consultation", language="kk", purpose=None, priority="vip", now=NOW)

    with pytest.raises(errors.UnknownCategory):
        desk.tx.write_now(issue_twice)
    assert desk.tickets() == []
    assert desk.sink.events == []


def test_call_next_with_equal_issue_times_keeps_the_order_of_issue(desk: Desk) -> None:
    ids = [desk.issue().id for _ in range(4)]  # the same instant for all
    called = [desk.serve_next("window-1").id for _ in range(4)]
    assert called == ids


def test_policy_run_is_counted_in_call_order_not_ticket_order(
    sqlite_url: str, clock: Clock
) -> None:
    """With max_consecutive_priority = 2: two out-of-turn calls, then one regular. All calls
    happen at one clock reading, so only the order of the calls tells the run apart."""
    state = make_state(sqlite_url, clock, config=FIXTURES / "policy_centre.toml")
    desk = Desk(state)
    try:
        r1, r2 = (desk.issue(now=almaty(2026, 11, 24, 10, m)) for m in (0, 1))
        p1, p2, p3 = (
            desk.issue(priority="pregnant", now=almaty(2026, 11, 24, 10, m)) for m in (2, 3, 4)
        )
        order = [desk.serve_next("window-1").id for _ in range(5)]
        assert order == [p1.id, p2.id, r1.id, p3.id, r2.id]
    finally:
        state.close()


def test_unknown_workplace_and_ticket(desk: Desk) -> None:
    with pytest.raises(errors.WorkplaceNotFound):
        desk.call_next("window-42")
    with pytest.raises(errors.TicketNotFound):
        desk.act(42, Action.START)
