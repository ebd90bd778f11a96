"""Workplaces call tickets: next in line, out-of-turn first (000 p.12), or by number; then
the ticket moves along its life: recall, start, finish, no-show, return, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ClientFor
from tests.api.helpers import (
    act,
    call_in_turn,
    call_next,
    call_number,
    error,
    get,
    issue,
    set_clock,
)
from tests.conftest import Clock


def called_ids(client: TestClient, workplace: str, count: int) -> list[int]:
    """Call `count` tickets at `workplace` one after another; their ids in call order."""
    return call_in_turn(client, [workplace], count)


def test_call_next_calls_the_oldest_ticket_to_the_workplace(
    client: TestClient, clock: Clock
) -> None:
    first = issue(client)
    clock.advance(minutes=1)
    issue(client)
    clock.advance(minutes=3)
    called = call_next(client, "window-2")
    assert called is not None
    assert called["id"] == first["id"]
    assert called["state"] == "called"
    assert called["workplace"] == "window-2"
    assert datetime.fromisoformat(called["called_at"]) == clock.now
    assert called["issued_at"] == first["issued_at"]


def test_call_next_with_nobody_waiting_is_204(client: TestClient) -> None:
    assert call_next(client, "window-1") is None


def test_call_next_only_takes_tickets_of_the_workplace_zones(client: TestClient) -> None:
    issue(client, "personal_reception")
    assert call_next(client, "window-1") is None  # windows serve consultation
    called = call_next(client, "cabinet-201")
    assert called is not None
    assert called["zone"] == "personal_reception"


def test_fifo_across_workplaces(client: TestClient, clock: Clock) -> None:
    """000 p.12: reception in the order people applied."""
    ids = []
    for _ in range(4):
        ids.append(issue(client)["id"])
        clock.advance(seconds=30)
    got = [call_next(client, w) for w in ("window-1", "window-2", "window-3")]
    assert [t["id"] for t in got if t] == ids[:3]
    act(client, ids[0], "start")
    act(client, ids[0], "finish")
    fourth = call_next(client, "window-1")
    assert fourth is not None
    assert fourth["id"] == ids[3]


def test_out_of_turn_is_called_first(client: TestClient, clock: Clock) -> None:
    """000 p.12: veterans, persons with disabilities, pregnant women… are received out of turn."""
    regular = [issue(client)["id"] for _ in range(2)]
    clock.advance(minutes=5)
    pregnant = issue(client, priority="pregnant")["id"]
    clock.advance(minutes=1)
    veteran = issue(client, priority="gpw_veteran")["id"]
    assert called_ids(client, "window-1", 4) == [pregnant, veteran, *regular]


def test_higher_rank_is_called_first(client_for: ClientFor, clock: Clock) -> None:
    client = client_for("ranked_centre.toml")  # pregnant 1, disability 2, gpw_veteran 3
    order = []
    for priority in (None, "pregnant", "disability", "gpw_veteran", "pregnant", "gpw_veteran"):
        order.append(issue(client, priority=priority)["id"])
        clock.advance(minutes=1)
    plain, pregnant1, disability, veteran1, pregnant2, veteran2 = order
    expected = [veteran1, veteran2, disability, pregnant1, pregnant2, plain]
    assert called_ids(client, "window-1", 6) == expected


def test_max_consecutive_priority_lets_a_regular_through(
    client_for: ClientFor, clock: Clock
) -> None:
    client = client_for("policy_centre.toml")  # max_consecutive_priority = 2
    regular = []
    for _ in range(2):
        regular.append(issue(client)["id"])
        clock.advance(minutes=1)
    priority = []
    for _ in range(5):
        priority.append(issue(client, priority="pregnant")["id"])
        clock.advance(minutes=1)
    # Both windows of the zone share the run of out-of-turn calls.
    order = call_in_turn(client, ["window-1", "window-2"], 7)
    p = priority
    assert order == [p[0], p[1], regular[0], p[2], p[3], regular[1], p[4]]


def test_policy_falls_back_to_out_of_turn_when_no_regular_waits(
    client_for: ClientFor, clock: Clock
) -> None:
    client = client_for("policy_centre.toml")
    ids = []
    for _ in range(3):
        ids.append(issue(client, priority="pregnant")["id"])
        clock.advance(minutes=1)
    assert called_ids(client, "window-1", 3) == ids


def test_policy_counts_calls_per_zone(client_for: ClientFor, clock: Clock) -> None:
    client = client_for("policy_centre.toml")
    regular = issue(client)["id"]
    clock.advance(minutes=1)
    p = [issue(client, priority="pregnant")["id"] for _ in range(3)]
    # An out-of-turn call in another zone does not count for consultation.
    issue(client, "self_service", priority="pregnant")
    assert called_ids(client, "window-1", 4) == [p[0], p[1], regular, p[2]]


# a workplace has one visitor at a time -----------------------------------------------------


@pytest.mark.parametrize("state_actions", [[], ["start"]])
def test_a_busy_workplace_cannot_call(client: TestClient, state_actions: list[str]) -> None:
    issue(client)
    issue(client)
    current = call_next(client, "window-1")
    assert current is not None
    for action in state_actions:
        act(client, current["id"], action)
    detail = error(client.post("/api/workplaces/window-1/call-next"), 409, "workplace_busy")
    assert "window-1" in detail
    assert current["display"] in detail
    busy = client.post("/api/workplaces/window-1/call", json={"number": current["number"] + 1})
    error(busy, 409, "workplace_busy")
    # Another window is free.
    assert call_next(client, "window-2") is not None


@pytest.mark.parametrize("release", ["finish", "no-show", "return", "cancel"])
def test_the_workplace_is_free_again_after(client: TestClient, release: str) -> None:
    issue(client)
    second = issue(client)
    current = call_next(client, "window-1")
    assert current is not None
    if release == "finish":
        act(client, current["id"], "start")
    act(client, current["id"], release)
    following = call_next(client, "window-1")
    assert following is not None
    expected = current["id"] if release == "return" else second["id"]
    assert following["id"] == expected


# calling by number --------------------------------------------------------------------------


def test_call_by_number(client: TestClient) -> None:
    tickets = [issue(client) for _ in range(3)]
    chosen = call_number(client, "window-2", tickets[2]["number"])
    assert chosen["id"] == tickets[2]["id"]
    assert chosen["state"] == "called"
    assert chosen["workplace"] == "window-2"
    # It is no longer waiting, so it cannot be called again.
    again = client.post("/api/workplaces/window-3/call", json={"number": tickets[2]["number"]})
    detail = error(again, 404, "number_not_waiting")
    assert str(tickets[2]["number"]) in detail
    # The queue goes on without it.
    following = call_next(client, "window-3")
    assert following is not None
    assert following["id"] == tickets[0]["id"]


def test_call_by_number_of_another_zone(client: TestClient) -> None:
    other = issue(client, "personal_reception")
    response = client.post("/api/workplaces/window-1/call", json={"number": other["number"]})
    detail = error(response, 404, "number_not_waiting")
    assert "window-1" in detail


def test_call_by_number_of_yesterday(client: TestClient, clock: Clock) -> None:
    old = issue(client)
    set_clock(client, clock, clock.now + timedelta(days=1))
    response = client.post("/api/workplaces/window-1/call", json={"number": old["number"]})
    error(response, 404, "number_not_waiting")


def test_call_by_a_number_two_zones_share(client_for: ClientFor) -> None:
    client = client_for("tiny_centre.toml")  # "tiny" Т-1… and "twin" Қ-1… share 1–3
    tiny = issue(client, "tiny")
    twin = issue(client, "twin")
    response = client.post("/api/workplaces/desk-both/call", json={"number": 1})
    detail = error(response, 409, "ambiguous_number")
    assert tiny["display"] in detail
    assert twin["display"] in detail
    # A desk serving one of the zones has no doubt.
    assert call_number(client, "desk-1", 1)["id"] == tiny["id"]


# the ticket's life --------------------------------------------------------------------------


def test_start_and_finish_record_times(client: TestClient, clock: Clock) -> None:
    ticket = issue(client)
    call_next(client, "window-1")
    clock.advance(minutes=2)
    started = act(client, ticket["id"], "start")
    assert started["state"] == "serving"
    assert datetime.fromisoformat(started["started_at"]) == clock.now
    clock.advance(minutes=10)
    finished = act(client, ticket["id"], "finish")
    assert finished["state"] == "done"
    assert datetime.fromisoformat(finished["finished_at"]) == clock.now
    assert get(client, ticket["id"])["state"] == "done"


def test_recall_counts(client: TestClient) -> None:
    ticket = issue(client)
    call_next(client, "window-1")
    assert act(client, ticket["id"], "recall")["recall_count"] == 1
    second = act(client, ticket["id"], "recall")
    assert second["recall_count"] == 2
    assert second["state"] == "called"
    assert get(client, ticket["id"])["recall_count"] == 2


def test_no_show(client: TestClient, clock: Clock) -> None:
    ticket = issue(client)
    call_next(client, "window-1")
    clock.advance(minutes=3)
    gone = act(client, ticket["id"], "no-show")
    assert gone["state"] == "no_show"
    assert datetime.fromisoformat(gone["finished_at"]) == clock.now


def test_return_puts_the_ticket_back_at_its_place(client: TestClient, clock: Clock) -> None:
    first = issue(client)
    clock.advance(minutes=1)
    second = issue(client)
    call_next(client, "window-1")
    back = act(client, first["id"], "return")
    assert back["state"] == "waiting"
    assert back["workplace"] is None
    assert get(client, first["id"])["ahead"] == 0
    assert get(client, second["id"])["ahead"] == 1


@pytest.mark.parametrize("called", [False, True])
def test_cancel(client: TestClient, called: bool) -> None:
    ticket = issue(client)
    if called:
        call_next(client, "window-1")
    cancelled = act(client, ticket["id"], "cancel")
    assert cancelled["state"] == "cancelled"
    assert cancelled["finished_at"] is not None
    assert call_next(client, "window-2") is None


@pytest.mark.parametrize(
    ("setup", "action", "state_word"),
    [
        ([], "finish", "waiting"),
        ([], "start", "waiting"),
        ([], "recall", "waiting"),
        ([], "no-show", "waiting"),
        ([], "return", "waiting"),
        (["start"], "cancel", "being served"),
        (["start"], "recall", "being served"),
        (["start"], "no-show", "being served"),
        (["start", "finish"], "start", "done"),
        (["start", "finish"], "cancel", "done"),
        (["no-show"], "recall", "a no-show"),
        (["cancel"], "finish", "cancelled"),
    ],
)
def test_illegal_transition(
    client: TestClient, setup: list[str], action: str, state_word: str
) -> None:
    ticket = issue(client)
    if setup:
        call_next(client, "window-1")
    for step in setup:
        act(client, ticket["id"], step)
    before = get(client, ticket["id"])
    detail = error(client.post(f"/api/tickets/{ticket['id']}/{action}"), 409, "illegal_transition")
    assert ticket["display"] in detail
    assert state_word in detail
    assert get(client, ticket["id"]) == before, "a refused action changes nothing"


def test_illegal_transition_in_kazakh_and_russian(client: TestClient) -> None:
    ticket = issue(client)
    path = f"/api/tickets/{ticket['id']}/finish"
    kk = error(client.post(path, headers={"Accept-Language": "kk-KZ"}), 409, "illegal_transition")
    ru = error(
        client.post(path, headers={"Accept-Language": "ru-RU,ru;q=0.9"}), 409, "illegal_transition"
    )
    en = error(client.post(path), 409, "illegal_transition")
    assert len({kk, ru, en}) == 3
    for detail in (kk, ru):
        assert ticket["display"] in detail
        # The state and the action are translated too, not left in English.
        assert "waiting" not in detail
        assert "finish" not in detail
    assert "ожидает" in ru
    assert "күтуде" in kk
