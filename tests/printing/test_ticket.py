"""What a printed ticket says, and the estimated wait."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from app.domain.estimate import average_visit
from app.domain.lifecycle import TicketState
from app.edge.state import AppState
from app.repositories.tickets import TicketRepository
from app.services.estimate import estimate_wait, serving_workplaces
from app.services.printing.ticket_text import status_url, ticket_print
from app.tables.queue import Ticket


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


def test_estimate_uses_the_default_until_there_are_visits(state: AppState) -> None:
    """Three windows serve consultation: 6 ahead x 10 min / 3 = 20 min."""
    assert serving_workplaces(state.centre, "consultation") == 3
    assert state.centre.printing.default_service_minutes == 10
    with Session(state.engine) as session:
        day = state.calendar.service_day(state.clock())
        assert estimate_wait(TicketRepository(session), state.centre, "consultation", day, 6) == 20
        assert (
            estimate_wait(TicketRepository(session), state.centre, "consultation", day, 0) is None
        )
        # One cabinet... two cabinets serve personal reception: ceil(3 x 10 / 2) = 15.
        assert (
            estimate_wait(TicketRepository(session), state.centre, "personal_reception", day, 3)
            == 15
        )


def test_estimate_follows_todays_visits(state: AppState) -> None:
    day = state.calendar.service_day(state.clock())
    tickets = [issue(state) for _ in range(3)]
    with Session(state.engine) as session:
        for index, (ticket, minutes) in enumerate(zip(tickets, (4, 5, 6), strict=True)):
            row = session.get(Ticket, ticket.id)
            assert row is not None
            row.state = TicketState.DONE
            row.started_at = state.clock() + timedelta(minutes=10 * index)
            row.finished_at = row.started_at + timedelta(minutes=minutes)
            session.add(row)
        session.commit()
        assert (
            average_visit(TicketRepository(session).visit_durations("consultation", day, 20), 10.0)
            == 5.0
        )
        assert (
            estimate_wait(TicketRepository(session), state.centre, "consultation", day, 7) == 12
        )  # ceil(35/3)
        # Another zone has no visits yet: its default still applies.
        assert (
            average_visit(TicketRepository(session).visit_durations("self_service", day, 20), 10.0)
            == 10.0
        )


def test_a_rendered_ticket_for_the_record(state: AppState) -> None:
    """58 mm, Kazakh, out of turn, people ahead and an estimate: saved under test-artifacts/
    to be looked at; nothing may be cut off (the layout measures before it draws)."""
    from printer import render_ticket
    from tests.support.browser import PROJECT_ROOT

    for _ in range(4):
        issue(state)
    ticket = issue(state, language="kk", priority="state_award")
    with Session(state.engine) as session:
        day = state.calendar.service_day(state.clock())
        wait = estimate_wait(TicketRepository(session), state.centre, ticket.zone, day, 4)
    printed = ticket_print(
        state.centre,
        ticket,
        ahead=4,
        wait_minutes=wait,
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
