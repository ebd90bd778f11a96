"""The load tests' checker catches each kind of fault it is meant to catch: a consistent
history passes, and each corruption of it is reported by the rule it breaks."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from app.config.centre import CentreConfig, load_centre
from app.domain.lifecycle import TicketState
from app.tables.queue import Ticket, TicketEvent
from tests.support.invariants import find_violations
from tests.support.live_server import LOAD_CENTRE
from tests.support.load import Exchange

DAY = date(2026, 11, 24)
START = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


@dataclass
class History:
    exchanges: list[Exchange] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    events: list[TicketEvent] = field(default_factory=list)

    def check(self, centre: CentreConfig) -> list[str]:
        return find_violations(self.exchanges, self.tickets, self.events, centre)


def served_one_by_one(centre: CentreConfig, count: int) -> History:
    """`count` tickets of the 12-number express zone, each issued, called at desk-1 and
    finished before the next is issued: the range wraps, nothing is ever skipped."""
    zone = centre.zone("express")
    assert zone is not None
    history, clock = History(), 0.0
    for position in range(1, count + 1):
        number = zone.numbers.number_at(position)
        ticket = Ticket(
            id=position,
            token=f"t{position}",
            zone="express",
            number_zone="express",
            service_day=DAY,
            position=position,
            number=number,
            display=zone.numbers.display(number),
            language="kk",
            priority=None,
            state=TicketState.DONE,
            issued_at=START + timedelta(minutes=position),
            workplace="desk-1",
        )
        history.tickets.append(ticket)
        body = {
            "id": position,
            "number": number,
            "display": ticket.display,
            "language": "kk",
            "priority": None,
            "zone": "express",
            "workplace": "desk-1",
        }
        for kind, status, ticket_body in (
            ("issue", 201, {**body, "workplace": None}),
            ("call-next", 200, body),
            ("start", 200, body),
            ("finish", 200, body),
        ):
            history.exchanges.append(
                Exchange(
                    kind,
                    clock,
                    clock + 0.5,
                    status,
                    ticket_body,
                    ticket_id=position,
                    zone="express",
                    workplace=None if kind == "issue" else "desk-1",
                )
            )
            clock += 1.0
        for action in ("issue", "call", "start", "finish"):
            history.events.append(
                TicketEvent(
                    ticket_id=position,
                    action=action,
                    at=ticket.issued_at,
                    zone="express",
                    workplace=None if action == "issue" else "desk-1",
                )
            )
    return history


@pytest.fixture(scope="module")
def load_config() -> CentreConfig:
    return load_centre(LOAD_CENTRE)


def test_a_clean_history_passes(load_config: CentreConfig) -> None:
    assert served_one_by_one(load_config, 30).check(load_config) == []


def _lose_a_row(h: History) -> None:
    h.tickets.pop(5)


def _repeat_a_number(h: History) -> None:
    # Ticket 14 gets number 2 while ticket 2, which holds it, is still being served: its
    # "finish" was sent only after ticket 14's issue was answered.
    issued_14 = next(e for e in h.exchanges if e.kind == "issue" and e.ticket_id == 14)
    finish_2 = next(e for e in h.exchanges if e.kind == "finish" and e.ticket_id == 2)
    finish_2.sent, finish_2.received = issued_14.received + 1, issued_14.received + 2


def _skip_a_position_before_the_wrap(h: History) -> None:
    for t in h.tickets[4:]:
        t.position += 1


def _skip_a_free_number_after_the_wrap(h: History) -> None:
    # After ticket 15 (position 15, number 3) the next one takes position 17: number 5 is
    # skipped although its holder (ticket 5) finished long before.
    for t in h.tickets[15:]:
        t.position += 1
        t.number = (t.position - 1) % 12 + 1
        t.display = f"E-{t.number}"
    for e in h.exchanges:
        if e.ticket_id is not None and e.ticket_id > 15 and e.body is not None:
            e.body["number"] = h.tickets[e.ticket_id - 1].number
            e.body["display"] = h.tickets[e.ticket_id - 1].display


def _call_twice(h: History) -> None:
    h.events.append(TicketEvent(ticket_id=7, action="call", at=START, zone="express"))


def _give_one_ticket_to_two_workplaces(h: History) -> None:
    call = next(e for e in h.exchanges if e.kind == "call-next" and e.ticket_id == 9)
    h.exchanges.append(copy.deepcopy(call))


def _answer_what_was_not_stored(h: History) -> None:
    issue = next(e for e in h.exchanges if e.kind == "issue" and e.ticket_id == 3)
    assert issue.body is not None
    issue.body["number"] = 99


def _double_click_twice_served(h: History) -> None:
    calls = [e for e in h.exchanges if e.kind == "call-next"][:2]
    for call in calls:
        call.pair = 1


def _fail_a_request(h: History) -> None:
    h.exchanges.append(Exchange("start", 0.0, 0.1, 500, {"text": "Internal Server Error"}))


def _leave_a_ticket_waiting(h: History) -> None:
    h.tickets[-1].state = TicketState.WAITING


@pytest.mark.parametrize(
    ("corrupt", "rule"),
    [
        (_lose_a_row, "[issued]"),
        (_repeat_a_number, "still held it"),
        (_skip_a_position_before_the_wrap, "before the wrap"),
        (_skip_a_free_number_after_the_wrap, "although the number was free"),
        (_call_twice, "2 call events"),
        (_give_one_ticket_to_two_workplaces, "was given to 2 calls"),
        (_answer_what_was_not_stored, "client got"),
        (_double_click_twice_served, "[double-click]"),
        (_fail_a_request, "got 500"),
        (_leave_a_ticket_waiting, "never served to the end"),
    ],
)
def test_each_corruption_is_reported(
    load_config: CentreConfig, corrupt: Callable[[History], None], rule: str
) -> None:
    history = served_one_by_one(load_config, 30)
    corrupt(history)
    violations = history.check(load_config)
    assert any(rule in v for v in violations), violations
