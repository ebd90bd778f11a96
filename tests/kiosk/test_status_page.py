"""The public status page behind the ticket's QR code: position, then where to go, in the
ticket's language; no sign-in and no personal data."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.domain.access.roles import Role
from app.domain.lifecycle import Action
from app.edge.state import AppState
from app.services.catalog import Services
from app.tables.queue import Ticket
from tests.conftest import Clock
from tests.kiosk.conftest import take_ticket
from tests.support.auth import bearer, staff_token


def token_of(state: AppState, display: str) -> str:
    with Session(state.engine) as session:
        ticket = session.exec(select(Ticket).where(Ticket.display == display)).one()
        return ticket.token


def test_waiting_shows_the_position_and_refreshes(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState
) -> None:
    take_ticket(kiosk, language="ru")
    take_ticket(kiosk, language="ru")
    phone = TestClient(kiosk_app)  # anonymous
    page = phone.get(f"/t/{token_of(state, '101')}")
    assert page.status_code == 200
    assert '<html lang="ru">' in page.text
    assert ">101<" in page.text
    assert "Консультация" in page.text
    assert "Алдында" not in page.text  # nothing in another language
    assert "data-ahead>1<" in page.text
    assert 'hx-trigger="every 10s"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in page.headers["x-robots-tag"]
    english = phone.get(f"/t/{token_of(state, '101')}?lang=en")
    assert "People ahead" in english.text


def test_called_says_where_to_go_and_done_stops_refreshing(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState
) -> None:
    take_ticket(kiosk, language="kk")
    token = token_of(state, "100")
    consultant = TestClient(
        kiosk_app, headers=bearer(staff_token(state, Role.CONSULTANT, workplace="window-2"))
    )
    assert consultant.post("/api/workplaces/window-2/call-next").status_code == 200
    phone = TestClient(kiosk_app)
    live = phone.get(f"/t/{token}/live")
    assert live.status_code == 200
    assert "<html" not in live.text
    assert 'data-state="called"' in live.text
    assert "Сіздің кезегіңіз келді!" in live.text
    assert "Баратын орныңыз: 2-терезе" in live.text  # no imperative before a colon (B-16)
    assert "every 10s" in live.text  # still in the queue: keep following

    with Session(state.engine) as session:
        ticket = session.exec(select(Ticket).where(Ticket.token == token)).one()
    ticket_id = ticket.id
    assert ticket_id is not None

    def serve(s: Services) -> None:
        s.queue.act(ticket_id, Action.START, now=state.clock())
        s.queue.act(ticket_id, Action.FINISH, now=state.clock())

    state.transactions.write_now(serve)
    done = phone.get(f"/t/{token}/live")
    assert "Қабылдау аяқталды. Рақмет!" in done.text
    assert "hx-trigger" not in done.text  # over: no more polling


def test_the_page_carries_no_personal_data(
    kiosk_app: FastAPI, state: AppState, kiosk: TestClient
) -> None:
    desk = TestClient(kiosk_app, headers=bearer(staff_token(state, Role.RECEPTION)))
    answer = desk.post(
        "/desk/tickets",
        data={
            "language": "kk",
            "purpose": "consultation",
            "id_document": "original",
            "iin": "900101300126",
            "representative": "legal",
        },
    )
    assert answer.status_code == 200, answer.text
    page = TestClient(kiosk_app).get(f"/t/{token_of(state, '100')}")
    assert page.status_code == 200
    assert "900101300126" not in page.text
    assert "test-reception" not in page.text


def test_unknown_and_old_tickets(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState, clock: Clock
) -> None:
    phone = TestClient(kiosk_app)
    missing = phone.get("/t/NoSuchTicketToken123", headers={"Accept-Language": "ru"})
    assert missing.status_code == 404
    assert "Талон не найден" in missing.text
    take_ticket(kiosk, language="en")
    clock.advance(days=1)
    old = phone.get(f"/t/{token_of(state, '100')}")
    assert "This ticket was for 24.11.2026." in old.text
    assert "hx-trigger" not in old.text


def test_people_ahead_is_said_to_the_visitor_and_to_staff_in_their_own_words(
    kiosk_app: FastAPI, state: AppState, kiosk: TestClient
) -> None:
    """Review B-15: the visitor reads «Сіздің алдыңызда» («in front of you»); the desk, which
    issued the ticket, reads of the ticket «Алдында күтетіндер»: one msgid, two msgctxt."""
    desk = TestClient(kiosk_app, headers=bearer(staff_token(state, Role.RECEPTION)))
    issued = desk.post(
        "/desk/tickets?lang=kk",
        data={"language": "kk", "purpose": "consultation", "id_document": "original"},
    )
    assert issued.status_code == 200, issued.text
    assert "Алдында күтетіндер: 0" in issued.text
    assert "Сіздің алдыңызда" not in issued.text
    page = TestClient(kiosk_app).get(f"/t/{token_of(state, '100')}")
    assert "Сіздің алдыңызда" in page.text


def test_your_turn_is_near_with_two_or_fewer_ahead(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState
) -> None:
    """Issue 14.4: the page says so prominently and alerts the phone once."""
    for _ in range(4):
        take_ticket(kiosk, language="ru")
    phone = TestClient(kiosk_app)
    token = token_of(state, "103")
    waiting = phone.get(f"/t/{token}/live").text
    assert "data-ahead>3<" in waiting
    assert "data-near" not in waiting  # three ahead: not yet
    consultant = TestClient(
        kiosk_app, headers=bearer(staff_token(state, Role.CONSULTANT, workplace="window-1"))
    )
    assert consultant.post("/api/workplaces/window-1/call-next").status_code == 200
    near = phone.get(f"/t/{token}/live").text
    assert "data-ahead>2<" in near
    assert "data-near" in near
    assert "Ваша очередь скоро подойдёт" in near
    assert f'data-alert="near-{token}"' in near


def test_staff_reading_a_ticket_see_its_status_page(client: TestClient) -> None:
    """Issue 14 (API): to hand the status page over or send it."""
    issued = client.post("/api/tickets", json={"zone": "consultation", "language": "kk"})
    assert issued.status_code == 201
    url = issued.json()["status_url"]
    assert url.startswith("http://testserver/t/")
    read = client.get(f"/api/tickets/{issued.json()['id']}").json()
    assert read["status_url"] == url
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
