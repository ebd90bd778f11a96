"""What a printed ticket says, and the estimated wait."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from app.domain.lifecycle import Action
from app.edge.state import AppState
from app.repositories.estimate import EstimateRepository
from app.services.printing.ticket_text import status_url, ticket_print
from app.tables.queue import Ticket
from tests.conftest import Clock


def issue(
    state: AppState,
    *,
    zone: str = "consultation",
    language: str = "kk",
    priority: str | None = None,
) -> Ticket:
    return state.transactions.write_now(
        lambda s: (
            s.queue.issue(
                zone=zone, language=language, purpose=None, priority=priority, now=state.clock()
            ).ticket
        )
    )


def test_the_ticket_speaks_the_visitors_language(state: AppState) -> None:
    ticket = issue(state, language="kk", priority="disability")
    printed = ticket_print(
        state.centre, ticket, ahead=3, wait_minutes=12, status_url="https://q.kz/t/abc"
    )
    assert printed.centre_name == "Азаматтарды қабылдау орталығы"
    assert printed.zone_name == "Консультация"
    assert printed.display == "100"
    assert printed.priority_label == "Кезектен тыс: Мүгедектігі бар адам"
    assert printed.labels.people_ahead == "Сіздің алдыңызда"  # review B-15
    assert printed.labels.scan_hint == "Кезегіңізді бақылау үшін сканерлеңіз"
    assert (printed.ahead, printed.estimated_wait_minutes) == (3, 12)
    # Centre-local time (UTC+5): issued at 10:00 in Almaty.
    assert printed.issued_at.strftime("%H:%M") == "10:00"
    assert printed.issued_at.utcoffset() == timedelta(hours=5)

    english = ticket_print(
        state.centre,
        issue(state, language="en", zone="self_service"),
        ahead=0,
        wait_minutes=None,
        status_url="https://q.kz/t/abc",
    )
    assert english.zone_name == "Self-service"
    assert english.priority_label is None
    assert english.labels.people_ahead == "People ahead"


def test_status_url_is_absolute() -> None:
    assert status_url("https://queue.example.kz/", "Ab_9") == "https://queue.example.kz/t/Ab_9"


def move(state: AppState, ticket_id: int, action: Action, clock: Clock) -> None:
    state.transactions.write_now(
        lambda s: s.queue.act(ticket_id, action, now=clock(), actor="consultant")
    )


def test_estimate_uses_the_default_until_there_are_visits(state: AppState) -> None:
    """Nobody has called today, so all three windows count, each free now, and a visit takes
    the default 10 minutes: the first three are called at once (0), the next three when the
    first visits end (10), the seventh after two rounds (20). Two cabinets serve personal
    reception: 0, 0, 10, 10."""
    assert state.centre.printing.default_service_minutes == 10
    consultation = [issue(state).estimate_minutes for _ in range(7)]
    assert consultation == [0, 0, 0, 10, 10, 10, 20]
    personal = [issue(state, zone="personal_reception").estimate_minutes for _ in range(4)]
    assert personal == [0, 0, 10, 10]


def test_estimate_follows_todays_visits(state: AppState, clock: Clock) -> None:
    """Window 1 has seen three visitors, 4, 5 and 6 minutes each from call to finish: a visit
    takes 5 minutes on average, and window 1 is the only one serving today (the others have
    called nobody). The eighth in the queue waits 7 × 5 = 35 minutes."""
    day = state.calendar.service_day(clock())
    for minutes in (4, 5, 6):
        issue(state)
        ticket = state.transactions.write_now(
            lambda s: s.queue.call_next("window-1", now=clock(), actor="consultant")
        )
        assert ticket is not None
        assert ticket.id is not None
        for action, at in ((Action.START, 0), (Action.FINISH, minutes)):
            clock.advance(minutes=at)
            move(state, ticket.id, action, clock)
    with Session(state.engine) as session:
        assert EstimateRepository(session).visits("consultation", day, 20) == [6.0, 5.0, 4.0]
    waits = [issue(state).estimate_minutes for _ in range(8)]
    assert waits == [0, 5, 10, 15, 20, 25, 30, 35]
    # Another zone has no visits yet: its default still applies (one desk, one ahead).
    assert [issue(state, zone="self_service").estimate_minutes for _ in range(2)] == [0, 10]


def test_a_rendered_ticket_for_the_record(state: AppState) -> None:
    """58 mm, Kazakh, out of turn, people ahead and an estimate: saved under test-artifacts/
    to be looked at; nothing may be cut off (the layout measures before it draws)."""
    from printer import render_ticket
    from tests.support.browser import PROJECT_ROOT

    for _ in range(4):
        issue(state)
    ticket = issue(state, language="kk", priority="state_award")
    printed = ticket_print(
        state.centre,
        ticket,
        ahead=4,
        wait_minutes=10,  # 4 ahead of 3 free windows, 10 minutes a visit
        status_url="https://queue.example.kz/t/" + ticket.token,
    )
    image = render_ticket(printed, 384)
    assert image.width == 384
    assert 700 < image.height < 1400
    folder = PROJECT_ROOT / "test-artifacts" / "printer"
    folder.mkdir(parents=True, exist_ok=True)
    image.save(folder / "kiosk-sample-kk-58mm.png")
    # The bottom rows are white margin: the scan hint above them was drawn in full.
    bottom = image.crop((0, image.height - 4, image.width, image.height))
    assert bottom.getextrema() == (1, 1)
