"""The lobby kiosk step by step, in-process: language, purpose, out-of-turn category,
confirm, the ticket — routing, printing, the per-kiosk limit and closed hours."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.domain.access.identity import DeviceKind
from app.domain.printing import JobState
from app.domain.routing import Purpose
from app.edge.state import AppState
from app.services.printing.printers import PrinterRegistry
from app.tables.kiosk import KioskIssue
from app.tables.printing import PrintJob
from app.tables.queue import Ticket
from kiosk.qr import qr_svg
from printer import FakePrinter, PrinterOfflineError
from tests.conftest import Clock, almaty, rebuilt
from tests.kiosk.conftest import HTMX, KIOSK, kiosk_on, take_ticket, wait_for
from tests.support.auth import device_token


def tickets(state: AppState) -> list[Ticket]:
    with Session(state.engine) as session:
        return list(session.exec(select(Ticket).order_by(Ticket.id)).all())  # type: ignore[arg-type]


def test_the_start_screen_asks_for_the_language_in_all_three(kiosk: TestClient) -> None:
    page = kiosk.get("/kiosk")
    assert page.status_code == 200
    for prompt in ("Тілді таңдаңыз", "Выберите язык", "Choose your language"):
        assert prompt in page.text
    assert re.findall(r'data-language="(\w+)"', page.text) == ["kk", "ru", "en"]
    assert "/static/vendor/htmx-2.0.11.min.js" in page.text  # served by us: no internet
    assert 'data-idle-seconds="30' in page.text
    assert "data-closed" not in page.text


@pytest.mark.parametrize(
    ("language", "title", "why"),
    [
        ("kk", "Консультация алу", "Қандай мәселемен келдіңіз?"),
        ("ru", "Получить консультацию", "По какому вопросу вы пришли?"),
        ("en", "Get a consultation", "Why have you come?"),
    ],
)
def test_purposes_in_plain_words_in_the_chosen_language(
    kiosk: TestClient, language: str, title: str, why: str
) -> None:
    step = kiosk.get(f"/kiosk/purpose?language={language}", headers=HTMX)
    assert step.status_code == 200
    assert "<html" not in step.text  # a fragment for htmx to swap in
    assert why in step.text
    assert title in step.text
    assert re.findall(r'data-purpose="(\w+)"', step.text) == [
        "consultation",
        "appeal_on_paper",
        "appeal_no_text",
        "booking_or_complaint",
        "booked_reception",
    ]


def test_the_out_of_turn_step_lists_the_categories_and_the_check(kiosk: TestClient) -> None:
    step = kiosk.get("/kiosk/priority?language=ru&purpose=consultation", headers=HTMX)
    assert "Имеете ли вы право на обслуживание вне очереди?" in step.text
    # The document will be checked in the «Ресепшн» zone (its name, not a common noun: C-27).
    assert "в зоне «Ресепшн» для проверки" in step.text
    codes = re.findall(r'data-priority="(\w*)"', step.text)
    assert codes[0] == ""  # "No" first
    assert "disability" in codes
    assert "Лицо с инвалидностью" in step.text


def test_confirm_shows_the_service_zone(kiosk: TestClient) -> None:
    step = kiosk.get(
        "/kiosk/confirm?language=en&purpose=appeal_no_text&priority=pregnant", headers=HTMX
    )
    assert step.status_code == 200
    # The zone that serves, not where to wait: visitors wait in the waiting hall (001 p.9;
    # review A-6).
    assert "<dt>Service zone</dt><dd>Self-service</dd>" in step.text  # 001 p.8: no text
    kazakh = kiosk.get("/kiosk/confirm?language=kk&purpose=consultation", headers=HTMX)
    assert "<dt>Қызмет көрсету аймағы</dt><dd>Консультация</dd>" in kazakh.text
    assert "Күтетін орын" not in kazakh.text
    assert "Pregnant woman" in step.text
    assert "The document will be checked at the desk." in step.text
    unknown = kiosk.get(
        "/kiosk/confirm?language=en&purpose=consultation&priority=astronaut", headers=HTMX
    )
    assert unknown.status_code == 422
    assert "Please start again." in unknown.text


def test_a_ticket_from_language_to_print(
    kiosk: TestClient, state: AppState, fake: FakePrinter
) -> None:
    page = take_ticket(kiosk, language="kk", purpose="consultation", priority="disability")
    assert "data-number>100<" in page
    assert "Консультация" in page
    assert "Кезектен тыс: Мүгедектігі бар адам" in page
    assert "data-ahead>0<" in page
    # The board, a window or a cabinet (review A-7): what the hall calls «табло».
    assert "Залдағы таблоны бақылаңыз: нөміріңізбен бірге қай терезеге немесе кабинетке" in page
    [ticket] = tickets(state)
    assert (ticket.zone, ticket.language, ticket.priority) == ("consultation", "kk", "disability")
    assert ticket.purpose == "consultation"
    with Session(state.engine) as session:
        issue = session.get(KioskIssue, ticket.id)
        [job] = session.exec(select(PrintJob)).all()
    assert issue is not None
    assert job.requested_by == f"kiosk:{KIOSK}"
    assert job.status_url == f"http://testserver/t/{ticket.token}"

    wait_for(lambda: len(fake.jobs) == 1)
    printing = kiosk.get(f"/kiosk/tickets/{ticket.id}/printing?poll=1", headers=HTMX)
    assert 'data-printing="done"' in printing.text
    assert "Талоныңызды принтерден алыңыз." in printing.text
    assert "hx-trigger" not in printing.text  # done: stop asking


def test_the_qr_code_uses_the_public_address(kiosk_state: AppState) -> None:
    kiosk_state.settings.public_url = "https://queue.example.kz"
    with kiosk_on(rebuilt(kiosk_state, printers=kiosk_state.printers)) as kiosk:
        take_ticket(kiosk)
    with Session(kiosk_state.engine) as session:
        [job] = session.exec(select(PrintJob)).all()
    assert job.status_url.startswith("https://queue.example.kz/t/")


@pytest.mark.parametrize("purpose", list(Purpose))
def test_each_purpose_gets_a_ticket_of_its_zone(
    kiosk: TestClient, state: AppState, purpose: Purpose
) -> None:
    take_ticket(kiosk, language="ru", purpose=purpose.value)
    [ticket] = tickets(state)
    assert ticket.zone == purpose.zone


def test_the_per_kiosk_limit_refuses_kindly_and_passes(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState, clock: Clock
) -> None:
    limit = state.centre.kiosk.tickets_per_minute
    for _ in range(limit):
        take_ticket(kiosk)
        clock.advance(seconds=2)
    refused = take_ticket(kiosk, language="ru", status=429)
    assert "Этот киоск только что выдал несколько талонов" in refused
    assert len(tickets(state)) == limit

    # Another kiosk is not held back by this one.
    other = TestClient(kiosk_app)
    other.cookies.set("qb_device", device_token(state, DeviceKind.KIOSK, "Upstairs kiosk"))
    take_ticket(other)

    clock.advance(seconds=60 - 2 * (limit - 1))  # the first ticket is a minute old
    take_ticket(kiosk)
    assert len(tickets(state)) == limit + 2


def test_the_morning_rush_is_never_refused_and_a_child_is_stopped(
    kiosk: TestClient, state: AppState, clock: Clock
) -> None:
    """12.12: at 09:00 visitors take tickets one after another, each in some 6 s (three taps
    and the printing): ten minutes of that at one kiosk are all served. A child pressing
    every second is stopped after 12 in the minute."""
    for _ in range(100):
        take_ticket(kiosk)
        clock.advance(seconds=6)
    assert len(tickets(state)) == 100
    clock.advance(minutes=2)
    for _ in range(12):
        take_ticket(kiosk)
        clock.advance(seconds=1)
    take_ticket(kiosk, status=429)
    assert len(tickets(state)) == 112


def test_when_closed_the_kiosk_says_when_the_centre_opens(
    kiosk: TestClient, state: AppState, clock: Clock
) -> None:
    clock.now = almaty(2026, 11, 24, 19, 0)  # Tuesday evening, after 18:30
    start = kiosk.get("/kiosk")
    assert "data-closed" in start.text
    assert "Орталық қазір жабық. Ашылуы: ертең, сағат 09:00." in start.text
    assert "Центр сейчас закрыт. Откроется завтра в 09:00." in start.text
    assert "2026-11-25" not in start.text  # 12.11: no ISO date for a visitor

    step = kiosk.get("/kiosk/purpose?language=ru", headers=HTMX)
    assert 'data-step="message"' in step.text
    assert "Центр сейчас закрыт. Откроется завтра в 09:00." in step.text

    refused = take_ticket(kiosk, language="en", status=409)
    assert "The centre is closed now. It opens tomorrow at 09:00." in refused
    assert tickets(state) == []


def test_without_a_printer_the_visitor_is_asked_to_note_the_number(state: AppState) -> None:
    """12.8: and the screen shows the estimated wait and the QR code of the ticket's status
    page, which a printed ticket would have carried."""
    with kiosk_on(rebuilt(state, printers=PrinterRegistry({}))) as kiosk:
        # Three ahead of the three free windows, so that there is a wait to estimate.
        for _ in range(3):
            take_ticket(kiosk, language="en")
        page = take_ticket(kiosk, language="en")
    assert 'data-printing="none"' in page
    assert "Please write down or remember your number: 103." in page
    assert re.search(r"data-wait>~\d+ min<", page), page
    assert "data-follow" in page
    [fourth] = [t for t in tickets(state) if t.display == "103"]
    assert str(qr_svg(f"http://testserver/t/{fourth.token}")) in page  # its own page
    assert "Scan it with your phone to follow your turn there." in page
    with Session(state.engine) as session:
        assert session.exec(select(PrintJob)).all() == []


def test_a_broken_printer_loses_no_ticket(
    kiosk: TestClient, state: AppState, fake: FakePrinter
) -> None:
    fake.fail_with = PrinterOfflineError("connection refused")
    take_ticket(kiosk, language="ru")
    [ticket] = tickets(state)

    def line() -> str:
        answer = kiosk.get(f"/kiosk/tickets/{ticket.id}/printing?poll=2", headers=HTMX)
        return answer.text

    wait_for(lambda: 'data-printing="fault"' in line())
    text = line()
    assert "Принтер сейчас не работает." in text
    assert "Запишите или запомните ваш номер: 100." in text
    assert "hx-trigger" in text  # still watching: a retry may yet print it
    # 12.8: no paper is coming, so the screen shows the QR code of the ticket's own page.
    assert str(qr_svg(f"http://testserver/t/{ticket.token}")) in text

    fake.fail_with = None
    wait_for(lambda: 'data-printing="done"' in line(), timeout=10)
    assert "data-follow" not in line()  # the paper came: it carries the QR
    assert len(fake.jobs) == 1
    with Session(state.engine) as session:
        [job] = session.exec(select(PrintJob)).all()
    assert job.state is JobState.DONE


def test_a_kiosk_sees_only_its_own_tickets_printing(
    kiosk: TestClient, kiosk_app: FastAPI, state: AppState
) -> None:
    take_ticket(kiosk)
    [ticket] = tickets(state)
    other = TestClient(kiosk_app)
    other.cookies.set("qb_device", device_token(state, DeviceKind.KIOSK, "Upstairs kiosk"))
    assert other.get(f"/kiosk/tickets/{ticket.id}/printing").status_code == 404


def test_only_a_kiosk_opens_the_kiosk(kiosk_app: FastAPI, state: AppState) -> None:
    board = TestClient(kiosk_app)
    board.cookies.set("qb_device", device_token(state, DeviceKind.BOARD, "Hall board"))
    assert board.get("/kiosk").status_code == 403
    assert TestClient(kiosk_app).get("/kiosk").status_code == 401


def test_the_idle_timeout_comes_from_the_centre_file(state: AppState) -> None:
    centre = state.centre.model_copy(
        update={"kiosk": state.centre.kiosk.model_copy(update={"idle_seconds": 7.5})}
    )
    slow = replace(state, centre=centre)
    with kiosk_on(slow) as kiosk:
        assert 'data-idle-seconds="7.5"' in kiosk.get("/kiosk").text


def test_the_pairing_link_opens_the_kiosk(kiosk_app: FastAPI, state: AppState) -> None:
    client = TestClient(kiosk_app, follow_redirects=False)
    token = device_token(state, DeviceKind.KIOSK, "New kiosk")
    paired = client.get(f"/pair/{token}")
    assert paired.status_code == 303
    assert paired.headers["location"] == "/kiosk"
    assert client.get("/kiosk").status_code == 200
    assert timedelta(0) == timedelta(0)
