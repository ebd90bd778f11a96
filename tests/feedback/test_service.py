"""The ratings' use cases on a real SQLite file: the one-per-ticket rule held by the primary
key when two ratings race past the check, and which visit a feedback tablet asks about."""

from __future__ import annotations

import pytest

from app.domain.access.identity import Device, DeviceKind
from app.domain.feedback import TABLET_RECENT, AlreadyRated
from app.edge.state import AppState
from app.repositories.feedback import FeedbackRepository
from app.services.catalog import Services
from tests.conftest import Clock
from tests.feedback.conftest import Serve, ratings


def test_a_race_past_the_check_is_the_409_refusal_not_a_500(
    serve: Serve, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two phones send at once (PostgreSQL runs both transactions side by side): each finds no
    rating yet, and the database's primary key keeps the first."""
    visit = serve()
    now = state.clock()

    def rate(score: int) -> object:
        return state.transactions.write_now(
            lambda s: s.feedback.rate(
                visit.id, score=score, comment=None, now=now, token=visit.token
            )
        )

    rate(5)
    monkeypatch.setattr(FeedbackRepository, "rating", lambda self, ticket_id: None)
    with pytest.raises(AlreadyRated):
        rate(1)
    assert [(r.ticket_id, r.score) for r in ratings(state)] == [(visit.id, 5)]


def tablet(workplace: str | None) -> Device:
    return Device(id=1, kind=DeviceKind.FEEDBACK, name="Tablet", workplace=workplace)


def asks(state: AppState, device: Device, ticket_id: int | None = None) -> int | None:
    def look(s: Services) -> int | None:
        found = s.feedback.for_tablet(device, state.clock(), ticket_id)
        return None if found is None else found.id

    return state.transactions.read_now(look)


def test_after_a_reload_the_tablet_asks_the_last_visitor_of_its_workplace(
    serve: Serve, state: AppState, clock: Clock
) -> None:
    first = serve(at="window-1")
    clock.advance(minutes=1)
    serve(at="window-2")  # finished later, but at the next window
    here = tablet("window-1")
    assert asks(state, here) == first.id
    clock.advance(minutes=1)
    last = serve(at="window-1")
    assert asks(state, here) == last.id  # the one served last is the one standing there
    assert asks(state, tablet("window-3")) is None
    assert asks(state, tablet(None)) is None


def test_a_rated_or_old_visit_is_not_asked_about_again(
    serve: Serve, state: AppState, clock: Clock
) -> None:
    earlier = serve(at="window-1")
    clock.advance(minutes=1)
    last = serve(at="window-1")
    now = state.clock()
    state.transactions.write_now(
        lambda s: s.feedback.rate(last.id, score=4, comment=None, now=now, token=last.token)
    )
    here = tablet("window-1")
    # The last visitor has rated: the one before them has left the desk, and is not asked.
    assert asks(state, here) is None
    assert asks(state, here, earlier.id) == earlier.id  # though the feed may still name them
    assert asks(state, here, last.id) is None
    clock.advance(seconds=TABLET_RECENT.total_seconds() + 1)
    assert asks(state, here) is None
    # A while later the visitor has left: the tablet no longer asks for them, nor takes a
    # rating of their visit (someone at the desk rating the visitors who left).
    assert asks(state, here, earlier.id) is None


def test_the_tablet_asks_only_about_finished_visits_of_its_workplace_today(
    serve: Serve, state: AppState, clock: Clock
) -> None:
    serving = serve(at="window-1", finish=False)
    here = tablet("window-1")
    assert asks(state, here, serving.id) is None
    assert asks(state, here) is None
    elsewhere = serve(at="window-2")
    assert asks(state, here, elsewhere.id) is None
    assert asks(state, here, 999_999) is None
    clock.advance(days=1)
    assert asks(state, tablet("window-2"), elsewhere.id) is None
