"""A day that is over is counted once and read back (issue 13, speed): the figures stay the
hand-computed ones of the scripted morning (tests/statistics/test_api.py), a late change of
one of its tickets or of the target waits counts it again, and ratings given after the day
still count."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.config.settings import DEMO_CENTRE
from app.db.migrate import upgrade
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.main import create_app
from app.tables.feedback import Rating
from app.tables.queue import Ticket
from app.tables.statistics import StatisticsDay
from tests.api.helpers import act, issue
from tests.conftest import ClientAs, Clock, almaty, make_state
from tests.statistics.test_api import Q, get, play_morning
from tests.support.auth import bearer, staff_token

DAY = date(2026, 11, 24)
NEXT_MORNING = almaty(2026, 11, 25, 9, 30)


def _close(state: AppState) -> list[date]:
    return state.transactions.write_now(lambda s: s.close_statistics_days(NEXT_MORNING, 10))


def _stored(state: AppState) -> set[tuple[date, str]]:
    with Session(state.engine) as session:
        return {(r.day, r.grouping) for r in session.exec(select(StatisticsDay)).all()}


def _next_morning(client: TestClient, clock: Clock, state: AppState) -> None:
    clock.now = NEXT_MORNING
    client.headers.update(bearer(staff_token(state)))


def _assert_the_mornings_figures(client: TestClient) -> None:
    total = get(client, Q)["total"]
    counts = {k: total[k] for k in ("issued", "called", "served", "no_show", "cancelled")}
    assert counts == {"issued": 6, "called": 5, "served": 4, "no_show": 1, "cancelled": 1}
    assert total["recalls"] == 1
    assert total["wait_minutes"] == {"median": 10.0, "p90": 20.0, "max": 20.0}
    assert total["walk_minutes"]["median"] == 1.5
    assert total["service_minutes"] == {"median": 8.0, "p90": 18.0, "max": 18.0}
    assert total["within_target"] == 0.6
    zones = {r["key"]: (r["issued"], r["served"]) for r in get(client, Q + "&by=zone")["rows"]}
    assert zones == {"consultation": (5, 3), "self_service": (1, 1)}
    hours = [r["key"] for r in get(client, Q + "&by=hour")["rows"]]
    assert hours == ["09"]


def test_a_closed_day_reads_back_the_hand_computed_figures(
    client: TestClient, clock: Clock, state: AppState
) -> None:
    play_morning(client, clock)
    _next_morning(client, clock, state)
    assert _close(state) == [DAY]
    groupings = ("zone", "workplace", "staff", "hour", "day", "language", "category")
    assert _stored(state) == {(DAY, by) for by in (*groupings, "serving")}
    assert _close(state) == []  # counted once
    _assert_the_mornings_figures(client)
    places = {r["workplace"]: r["serving"] for r in get(client, Q)["workplaces"]}
    assert places == {"window-1": 28.0, "window-2": 6.0, "self-service-1": 5.0}


def test_today_is_never_stored(client: TestClient, clock: Clock, state: AppState) -> None:
    play_morning(client, clock)
    closed = state.transactions.write_now(lambda s: s.close_statistics_days(clock.now, 10))
    assert closed == []
    assert _stored(state) == set()


def test_a_late_change_of_a_days_ticket_counts_it_again(
    client: TestClient, clock: Clock, state: AppState
) -> None:
    play_morning(client, clock)
    clock.now = almaty(2026, 11, 24, 18, 0)
    late = issue(client)  # still waiting when the day ends
    _next_morning(client, clock, state)
    _close(state)
    before = get(client, Q)["total"]
    assert (before["issued"], before["cancelled"]) == (7, 1)
    act(client, late["id"], "cancel")  # the desk clears it the next morning
    assert _stored(state) == set()
    after = get(client, Q)["total"]
    assert (after["issued"], after["cancelled"]) == (7, 2)


def test_ratings_given_after_the_day_still_count(
    client: TestClient, clock: Clock, state: AppState
) -> None:
    play_morning(client, clock)
    _next_morning(client, clock, state)
    _close(state)
    with Session(state.engine) as session:
        first = session.exec(select(Ticket).order_by(col(Ticket.issued_at))).first()
        assert first is not None
        assert first.id is not None
        session.add(
            Rating(
                ticket_id=first.id,
                score=5,
                zone=first.zone,
                workplace=first.workplace,
                source="status_page",
                at=NEXT_MORNING,
            )
        )
        session.commit()
    rows = {r["key"]: r["satisfaction"]["count"] for r in get(client, Q + "&by=zone")["rows"]}
    assert rows == {"consultation": 1, "self_service": 0}


def test_other_target_waits_count_the_day_again(
    client: TestClient, clock: Clock, state: AppState, tmp_path: Path
) -> None:
    """The morning's waits are 10, 20, 10, 20 (consultation) and 5 (self-service). With a
    consultation target of 25 minutes every wait is within it."""
    play_morning(client, clock)
    _next_morning(client, clock, state)
    _close(state)
    demo = DEMO_CENTRE.read_text(encoding="utf-8")
    marker = "range = [100, 399]\n"
    assert marker in demo
    wider = tmp_path / "centre.toml"
    wider.write_text(demo.replace(marker, marker + "target_wait_minutes = 25\n"), "utf-8")
    other = make_state(state.engine.url.render_as_string(hide_password=False), clock, wider)
    try:
        # Not started: its background counting does not run, so the stored day is there to
        # be (wrongly) read back.
        again = TestClient(create_app(other), headers=bearer(staff_token(other)))
        assert get(again, Q)["total"]["within_target"] == 1.0
    finally:
        other.close()


def test_the_server_counts_the_days_that_are_over(
    application: FastAPI, client_as: ClientAs, clock: Clock, state: AppState
) -> None:
    play_morning(client_as(Role.ADMIN), clock)
    clock.now = NEXT_MORNING
    with TestClient(application):  # the server starts
        deadline = time.monotonic() + 10
        while (DAY, "zone") not in _stored(state) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert (DAY, "zone") in _stored(state)


@pytest.mark.postgres
def test_a_closed_day_on_postgres(postgres_url: str, clock: Clock) -> None:
    """The upsert of a counted day, the day's lock and its JSON read back, in PostgreSQL."""
    upgrade(postgres_url)
    state = make_state(postgres_url, clock)
    try:
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            play_morning(client, clock)
            clock.now = almaty(2026, 11, 24, 18, 0)
            late = issue(client)
            _next_morning(client, clock, state)
            assert _close(state) == [DAY]
            assert _close(state) == []
            _assert_the_mornings_figures_with(client, issued=7)
            act(client, late["id"], "cancel")  # counted again
            assert _stored(state) == set()
            assert get(client, Q)["total"]["cancelled"] == 2
            assert _close(state) == [DAY]  # and stored again, over nothing
            assert get(client, Q)["total"]["cancelled"] == 2
    finally:
        state.close()


def _assert_the_mornings_figures_with(client: TestClient, *, issued: int) -> None:
    total = get(client, Q)["total"]
    assert (total["issued"], total["served"], total["no_show"]) == (issued, 4, 1)
    assert total["wait_minutes"] == {"median": 10.0, "p90": 20.0, "max": 20.0}
    assert total["service_minutes"] == {"median": 8.0, "p90": 18.0, "max": 18.0}
