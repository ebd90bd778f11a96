"""The kiosk in real headless Chromium against the real server, printing on a TCP printer
on 127.0.0.1 (printer.testing.emulator) set as QABYLDAU_PRINTER_URL — as in the lobby.

Checks what the printer received, byte by byte: initialise, a raster image as wide as the
80 mm paper, a cut; the raster decoded back is exactly the ticket we expect, number and
Kazakh letters drawn. Then the faults: printer off, printer hung — the kiosk still gives
the number, the desk sees the fault, the ticket comes out once when the printer is back.
Screenshots of each language and of the printed ticket go to test-artifacts/."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session, select

from app.config.centre import CentreConfig, load_centre
from app.config.settings import DEMO_CENTRE
from app.db.engine import make_engine
from app.domain.printing import JobState
from app.services.printing.ticket_text import ticket_print
from app.tables.printing import PrintJob
from app.tables.queue import Ticket
from printer import TicketPrint, render_ticket
from printer.testing.decode import decode
from printer.testing.emulator import Behaviour, NetworkPrinterEmulator
from printer.text import KAZAKH_LETTERS
from tests.browser.conftest import Centre, new_page, sign_in
from tests.support.browser import (
    CHROMIUM_ARGS,
    PROJECT_ROOT,
    SCREENSHOTS,
    accessibility_problems,
    chromium_path,
)
from tests.support.live_server import live_server

IDLE_SECONDS = 4  # the centre file's kiosk.idle_seconds for these tests (default 30)
PRINTED = PROJECT_ROOT / "test-artifacts" / "printer"
PORTRAIT = (1080, 1920)  # a lobby kiosk's touchscreen


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for this module only: Playwright's sync API keeps an event loop running in the
    main thread while it is open, which would break later tests that start their own."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def emulator() -> Iterator[NetworkPrinterEmulator]:
    with NetworkPrinterEmulator() as printer:
        yield printer


@pytest.fixture
def kiosk_centre(tmp_path: Path, emulator: NetworkPrinterEmulator) -> Iterator[Centre]:
    config = tmp_path / "centre.toml"
    config.write_text(
        DEMO_CENTRE.read_text(encoding="utf-8") + f"\n[kiosk]\nidle_seconds = {IDLE_SECONDS}\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    printer_env = {
        "QABYLDAU_PRINTER_URL": f"{emulator.url}?timeout=2",
        "QABYLDAU_PRINTER_PAPER": "80",
    }
    with live_server(
        url, data_dir=tmp_path, config=config, workers=1, extra_env=printer_env
    ) as server:
        yield Centre(server, url, tmp_path)


def open_kiosk(browser: Browser, centre: Centre, size: tuple[int, int] = PORTRAIT) -> Page:
    page = new_page(browser, *size)
    page.goto(centre.url + centre.pairing_path("kiosk", "Lobby kiosk"))
    expect(page).to_have_url(centre.url + "/kiosk")
    page.wait_for_function("window.qbKiosk !== undefined && window.htmx !== undefined")
    return page


def shot(page: Page, name: str) -> None:
    """Saved for a person to look at, and checked with axe-core (no serious or critical)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    problems = accessibility_problems(page)
    assert not problems, f"{name}: " + "; ".join(problems)


def check_screen(page: Page) -> None:
    """Every button is a touch target of at least 60×60 px, nothing runs off the side."""
    small = page.evaluate(
        """() => [...document.querySelectorAll('#screen button')]
              .map(b => [b.textContent.trim().slice(0, 30), b.getBoundingClientRect()])
              .filter(([, r]) => r.height < 60 || r.width < 60)
              .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def step(page: Page, name: str) -> None:
    """The screen `name` is shown and takes taps (a tap within 0.4 s of a new screen is
    taken for a double tap on the one before, and dropped)."""
    page.wait_for_selector(f'#screen [data-step="{name}"]')
    page.wait_for_function("window.qbKiosk.takesTaps()")
    check_screen(page)


def printed_rows(centre: Centre) -> list[tuple[Ticket, PrintJob]]:
    engine = make_engine(centre.database_url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Ticket, PrintJob).join(PrintJob).order_by(PrintJob.id)  # type: ignore[arg-type]
            ).all()
            return [(ticket, job) for ticket, job in rows]
    finally:
        engine.dispose()


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


LANGUAGES = {
    # language: (purpose button, out-of-turn choice, expected zone on the screen)
    "kk": ("appeal_on_paper", "disability", "Консультация"),
    "ru": ("appeal_no_text", "", "Самообслуживание"),
    "en": ("booked_reception", "", "Personal reception"),
}


def test_from_language_to_a_printed_ticket_in_each_language(
    browser: Browser, kiosk_centre: Centre, emulator: NetworkPrinterEmulator
) -> None:
    centre_file: CentreConfig = load_centre(DEMO_CENTRE)
    page = open_kiosk(browser, kiosk_centre)
    step(page, "start")
    shot(page, "kiosk-start")
    numbers: dict[str, str] = {}
    for language, (purpose, priority, zone) in LANGUAGES.items():
        page.click(f'button[data-language="{language}"]')
        step(page, "purpose")
        shot(page, f"kiosk-purpose-{language}")
        page.click(f'button[data-purpose="{purpose}"]')
        step(page, "priority")
        if language == "kk":
            shot(page, "kiosk-priority-kk")
        page.click(f'button[data-priority="{priority}"]')
        step(page, "confirm")
        expect(page.locator(".summary")).to_contain_text(zone)
        shot(page, f"kiosk-confirm-{language}")
        page.click("button.get-ticket")
        step(page, "ticket")
        number = page.locator("[data-number]")
        expect(number).to_be_visible()
        numbers[language] = number.inner_text()
        expect(page.locator("[data-zone]")).to_have_text(zone)
        # The number is the biggest thing on the screen.
        assert number.bounding_box()["height"] >= 140  # type: ignore[index]
        expect(page.locator('[data-printing="done"]')).to_be_visible(timeout=10_000)
        shot(page, f"kiosk-ticket-{language}")
        page.click("button.done")
        step(page, "start")

    assert numbers == {"kk": "100", "ru": "500", "en": "400"}
    jobs = emulator.wait_for_jobs(3)
    assert len(jobs) == 3
    stream = emulator.received()
    commands = decode(stream)  # strict: any text, i.e. anything a code page could garble, fails
    assert not [c for c in commands if c.name == "text"]
    rows = printed_rows(kiosk_centre)
    assert [ticket.display for ticket, _ in rows] == ["100", "500", "400"]
    PRINTED.mkdir(parents=True, exist_ok=True)
    for received, (ticket, job) in zip(jobs, rows, strict=True):
        assert job.state is JobState.DONE
        assert received.raw.startswith(b"\x1b@")  # ESC @: initialise
        assert received.cut is not None  # GS V: cut, the job's last command
        assert received.raw.endswith(received.cut.raw)
        assert received.image is not None
        assert received.width == 576  # the raster is as wide as the 80 mm paper
        expected: TicketPrint = ticket_print(
            centre_file,
            ticket,
            ahead=job.ahead,
            wait_minutes=job.wait_minutes,
            status_url=job.status_url,
        )
        assert job.status_url == f"{kiosk_centre.url}/t/{ticket.token}"
        assert same_pixels(received.image, render_ticket(expected, 576))
        received.image.save(PRINTED / f"kiosk-printed-{ticket.language}-80mm.png")

    kazakh_ticket, kazakh_job = rows[0]
    kazakh = ticket_print(
        centre_file,
        kazakh_ticket,
        ahead=kazakh_job.ahead,
        wait_minutes=kazakh_job.wait_minutes,
        status_url=kazakh_job.status_url,
    )
    assert kazakh.display == "100"
    assert any(letter in kazakh.centre_name + kazakh.zone_name for letter in KAZAKH_LETTERS)
    assert kazakh.priority_label == "Кезектен тыс: Мүгедектігі бар адам"
    # Kazakh letters are drawn as letters: the same ticket with them as "?" looks different.
    question_marks = str.maketrans(dict.fromkeys(KAZAKH_LETTERS, "?"))
    garbled = TicketPrint(
        centre_name=kazakh.centre_name.translate(question_marks),
        zone_name=kazakh.zone_name.translate(question_marks),
        display=kazakh.display,
        issued_at=kazakh.issued_at,
        ahead=kazakh.ahead,
        estimated_wait_minutes=kazakh.estimated_wait_minutes,
        priority_label=(kazakh.priority_label or "").translate(question_marks),
        status_url=kazakh.status_url,
        labels=kazakh.labels,
    )
    assert jobs[0].image is not None
    assert not same_pixels(jobs[0].image, render_ticket(garbled, 576))

    # What the QR code opens, on a visitor's phone (no sign-in), in the ticket's language.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(kazakh_job.status_url)
    expect(phone.locator(".number")).to_have_text("100")
    expect(phone.locator("html")).to_have_attribute("lang", "kk")
    expect(phone.locator("[data-ahead]")).to_have_text("0")
    shot(phone, "status-page-kk-phone")
    phone.context.close()


def test_the_crowded_steps_fit_a_landscape_kiosk(browser: Browser, kiosk_centre: Centre) -> None:
    page = open_kiosk(browser, kiosk_centre, (1280, 1024))
    page.click('button[data-language="ru"]')
    step(page, "purpose")
    shot(page, "kiosk-landscape-purpose-ru")
    page.click('button[data-purpose="booking_or_complaint"]')
    step(page, "priority")
    shot(page, "kiosk-landscape-priority-ru")
    # Every choice can be reached without scrolling.
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")


def test_a_double_tap_acts_only_on_the_screen_it_was_made_on(
    browser: Browser, kiosk_centre: Centre
) -> None:
    """12.3: in landscape, taps on «Русский» 150–300 ms apart chose a purpose the visitor
    never touched (a third, an out-of-turn category). The taps after the first land on the
    purpose screen under the same finger and are dropped: the visitor chooses there."""
    page = open_kiosk(browser, kiosk_centre, (1280, 1024))
    box = page.locator('button[data-language="ru"]').bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    for pause in (0.15, 0.3):
        time.sleep(pause)
        page.mouse.click(x, y)
    time.sleep(0.6)
    assert page.locator('#screen [data-step="purpose"]').count() == 1
    assert page.evaluate("window.qbKiosk.droppedTaps") >= 1
    # A deliberate tap once the screen is read is taken.
    page.click('button[data-purpose="consultation"]')
    step(page, "priority")


def test_back_to_the_start_after_idle(browser: Browser, kiosk_centre: Centre) -> None:
    page = open_kiosk(browser, kiosk_centre)
    page.click('button[data-language="ru"]')
    step(page, "purpose")
    page.click('button[data-purpose="consultation"]')
    step(page, "priority")
    touched = time.monotonic()
    time.sleep(IDLE_SECONDS - 1.5)
    assert page.locator('#screen [data-step="priority"]').count() == 1  # not yet
    page.wait_for_selector('#screen [data-step="start"]', timeout=5000)
    waited = time.monotonic() - touched
    assert IDLE_SECONDS - 0.5 <= waited <= IDLE_SECONDS + 3


def test_printer_off_then_back_no_ticket_lost_printed_once(
    browser: Browser, kiosk_centre: Centre, emulator: NetworkPrinterEmulator
) -> None:
    kiosk_centre.add_user("desk", "reception")
    emulator.stop()  # the kiosk's printer is switched off
    page = open_kiosk(browser, kiosk_centre)
    page.click('button[data-language="en"]')
    step(page, "purpose")
    page.click('button[data-purpose="consultation"]')
    step(page, "priority")
    page.click('button[data-priority=""]')
    step(page, "confirm")
    page.click("button.get-ticket")
    step(page, "ticket")
    expect(page.locator("[data-number]")).to_have_text("100")
    fault = page.locator('[data-printing="fault"]')
    expect(fault).to_be_visible(timeout=10_000)
    expect(fault).to_contain_text("Please write down or remember your number: 100.")
    expect(fault.locator("[data-follow] .qr svg")).to_be_visible()  # 12.8: follow it by phone
    shot(page, "kiosk-printer-fault-en")

    desk = new_page(browser)
    sign_in(desk, kiosk_centre, "desk")
    expect(desk.locator('[data-printer="default"]')).to_have_attribute(
        "data-status", "fault", timeout=10_000
    )
    expect(desk.locator(".fault-detail")).to_be_visible()
    desk.locator("#printers").screenshot(path=str(SCREENSHOTS / "desk-printer-fault-kk.png"))

    emulator.start()  # back on (the kiosk has long gone back to its start screen)
    wait_until(lambda: printed_rows(kiosk_centre)[0][1].state is JobState.DONE)
    time.sleep(1.5)
    assert len(emulator.wait_for_jobs(1)) == 1  # delivered once
    assert sum(b"\x1b@" in stream for stream in emulator.connections) == 1
    desk.reload()
    expect(desk.locator('[data-printer="default"]')).to_have_attribute(
        "data-status", "ok", timeout=10_000
    )


def test_a_hung_printer_delays_nobody_and_prints_once_when_back(
    browser: Browser, kiosk_centre: Centre, emulator: NetworkPrinterEmulator
) -> None:
    emulator.behaviour = Behaviour.HANG  # takes the connection, never answers
    page = open_kiosk(browser, kiosk_centre)
    page.click('button[data-language="kk"]')
    step(page, "purpose")
    page.click('button[data-purpose="consultation"]')
    step(page, "priority")
    page.click('button[data-priority=""]')
    step(page, "confirm")
    clicked = time.monotonic()
    page.click("button.get-ticket")
    step(page, "ticket")
    assert time.monotonic() - clicked < 2.0  # the page never waits for the printer
    expect(page.locator('[data-printing="fault"]')).to_be_visible(timeout=10_000)
    expect(page.locator("[data-number]")).to_have_text("100")

    emulator.behaviour = Behaviour.OK
    wait_until(lambda: printed_rows(kiosk_centre)[0][1].state is JobState.DONE, timeout=20)
    time.sleep(1.5)
    assert len(emulator.wait_for_jobs(1)) == 1
    assert sum(b"\x1b@" in stream for stream in emulator.connections) == 1


def test_the_closed_kiosk_says_when_it_opens_as_a_person_would(
    browser: Browser, tmp_path: Path
) -> None:
    """12.11: on a day off the kiosk says when the centre opens in each language, with no ISO
    date, and a tap leads to that message and back to the start, never to a refused ticket."""
    today = datetime.now(ZoneInfo("Asia/Almaty")).date()
    config = tmp_path / "centre.toml"
    config.write_text(
        DEMO_CENTRE.read_text(encoding="utf-8").replace(
            "extra_days_off = []", f'extra_days_off = ["{today.isoformat()}"]'
        ),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    closed_env = {"QABYLDAU_ALWAYS_OPEN": "0"}
    with live_server(
        url, data_dir=tmp_path, config=config, workers=1, extra_env=closed_env
    ) as server:
        centre = Centre(server, url, tmp_path)
        page = open_kiosk(browser, centre)
        notice = page.locator("[data-closed]")
        expect(notice.locator('p[lang="kk"]')).to_contain_text("Орталық қазір жабық.")
        expect(notice.locator('p[lang="ru"]')).to_contain_text("Центр сейчас закрыт.")
        expect(notice.locator('p[lang="en"]')).to_contain_text("The centre is closed now.")
        shown = notice.inner_text()
        assert "09:00" in shown
        assert not re.search(r"\d{4}-\d{2}-\d{2}", shown), shown  # no ISO date for a visitor
        shot(page, "kiosk-closed-portrait")
        page.click('button[data-language="ru"]')
        step(page, "message")
        expect(page.locator(".message")).to_contain_text("Центр сейчас закрыт.")
        page.click('#screen button[hx-get="/kiosk/start"]')
        page.wait_for_selector("#screen [data-closed]")
