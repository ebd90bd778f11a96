"""Ratings in real headless Chromium against the real server (issue 14.1): the status page on
the visitor's phone asks once the visit is finished at the workplace, and the feedback tablet
at a workplace asks the visitor just finished there — and only there — then resets.
Screenshots (checked with axe-core) go to test-artifacts/screens/."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session, select

from app.config.settings import DEMO_CENTRE
from app.db.engine import make_engine
from app.tables.feedback import Rating
from app.tables.staff import RegisteredDevice
from tests.browser.conftest import PASSWORD, QABYLDAU, Centre, new_page, screenshot
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.live_server import live_server

RESET_SECONDS = 5  # the centre file's feedback.tablet_reset_seconds here (the least it takes)
SIZES = {"laptop": (1366, 768), "full-hd": (1920, 1080), "portrait": (800, 1280)}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for this module only (Playwright's sync API keeps an event loop running)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    config = tmp_path / "centre.toml"
    demo = DEMO_CENTRE.read_text(encoding="utf-8")
    assert "tablet_reset_seconds = 45" in demo
    config.write_text(
        demo.replace("tablet_reset_seconds = 45", f"tablet_reset_seconds = {RESET_SECONDS}"),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    with live_server(url, data_dir=tmp_path, config=config, workers=1) as server:
        yield Centre(server, url, tmp_path)


class Hall:
    """The reception desk and the consultants, through the real API."""

    def __init__(self, centre: Centre) -> None:
        self.centre = centre
        centre.add_user("desk", "reception")
        self.desk = self._token("desk")
        self.windows: dict[str, str] = {}

    def _token(self, username: str, workplace: str = "") -> str:
        answer = httpx2.post(
            self.centre.url + "/api/auth/token",
            data={"username": username, "password": PASSWORD, "workplace": workplace},
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])

    def at(self, workplace: str) -> dict[str, str]:
        if workplace not in self.windows:
            username = f"consultant-{workplace}"
            self.centre.add_user(username, "consultant")
            self.windows[workplace] = self._token(username, workplace)
        return {"Authorization": f"Bearer {self.windows[workplace]}"}

    def issue(self, language: str = "en") -> dict[str, str]:
        answer = httpx2.post(
            self.centre.url + "/api/tickets",
            json={"zone": "consultation", "language": language},
            headers={"Authorization": f"Bearer {self.desk}"},
        )
        assert answer.status_code == 201, answer.text
        ticket: dict[str, str] = answer.json()
        return ticket

    def serve(self, workplace: str, *, finish: bool = True) -> None:
        """Call the next visitor at `workplace`, start, and finish (the workplace's API)."""
        headers = self.at(workplace)
        url = self.centre.url
        called = httpx2.post(f"{url}/api/workplaces/{workplace}/call-next", headers=headers)
        assert called.status_code == 200, called.text
        ticket = called.json()["id"]
        assert httpx2.post(f"{url}/api/tickets/{ticket}/start", headers=headers).is_success
        if finish:
            done = httpx2.post(f"{url}/api/tickets/{ticket}/finish", headers=headers)
            assert done.status_code == 200, done.text


def stored(centre: Centre) -> list[Rating]:
    engine = make_engine(centre.database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(Rating)).all())
    finally:
        engine.dispose()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# the status page -----------------------------------------------------------------------------


def test_the_status_page_asks_once_the_visit_is_finished(browser: Browser, centre: Centre) -> None:
    hall = Hall(centre)
    ticket = hall.issue("en")
    phone = new_page(browser, 390, 844)
    phone.goto(ticket["status_url"])
    expect(phone.locator("[data-ahead]")).to_have_text("0")
    assert phone.locator("form.rating").count() == 0

    hall.serve("window-2")  # finished at the workplace while the page is open
    # The page's own poll (every 10 s) brings the form, and then stops polling.
    phone.wait_for_selector("form.rating", timeout=15_000)
    assert phone.locator("#live[hx-trigger]").count() == 0
    stars = phone.get_by_role("group", name="How was your visit? Please rate it")
    for n in range(1, 6):
        expect(stars.get_by_role("radio", name=f"{n} of 5")).to_have_count(1)
    screenshot(phone, "rating-status-page-phone")
    for name, (width, height) in SIZES.items():
        if name == "portrait":
            continue
        phone.set_viewport_size({"width": width, "height": height})
        screenshot(phone, f"rating-status-page-{name}")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.set_viewport_size({"width": 390, "height": 844})

    phone.click("button.send")  # no star chosen: said, nothing stored
    expect(phone.locator("#rating-error")).to_have_text("Choose a score from 1 to 5 stars.")
    assert stored(centre) == []
    screenshot(phone, "rating-status-page-no-star")

    phone.locator("label[for=score-4]").click()
    assert phone.get_by_role("radio", name="4 of 5").is_checked()
    phone.fill("#comment", "Clear answers")
    expect(phone.locator("#comment-count")).to_have_text("13 / 500")
    phone.click("button.send")
    expect(phone.locator("#rated")).to_be_visible()
    assert phone.locator("form.rating").count() == 0
    phone.reload()
    expect(phone.locator("#rated")).to_be_visible()
    assert phone.locator("form.rating").count() == 0
    assert "Clear answers" not in phone.content()  # never shown back on a public page
    screenshot(phone, "rating-status-page-thanks")

    token = ticket["status_url"].rsplit("/t/", 1)[1]
    again = httpx2.post(f"{centre.url}/t/{token}/feedback?lang=en", data={"score": "1"})
    assert again.status_code == 409
    [rating] = stored(centre)
    assert (rating.score, rating.comment, rating.source) == (4, "Clear answers", "status_page")
    assert (rating.zone, rating.workplace) == ("consultation", "window-2")


# the feedback tablet -------------------------------------------------------------------------


def open_tablet(browser: Browser, centre: Centre, path: str, size: tuple[int, int]) -> Page:
    tablet = new_page(browser, *size)
    tablet.goto(centre.url + path)
    expect(tablet).to_have_url(centre.url + "/feedback")
    tablet.wait_for_function("window.qbTablet && window.qbTablet.link.connected")
    return tablet


def step(tablet: Page) -> str:
    return str(tablet.get_attribute("#screen [data-step]", "data-step"))


def check_targets(tablet: Page) -> None:
    """Every star, button and language switch is at least 64×64 px; nothing runs off."""
    small = tablet.evaluate(
        """() => [...document.querySelectorAll('#screen button, #screen label.star')]
              .map(b => [b.textContent.trim().slice(0, 20), b.getBoundingClientRect()])
              .filter(([, r]) => r.height < 64 || r.width < 64)
              .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
    assert tablet.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
        " && document.documentElement.scrollHeight <= window.innerHeight"
    )


def test_the_tablet_asks_the_visitor_finished_at_its_workplace_only(
    browser: Browser, centre: Centre
) -> None:
    hall = Hall(centre)
    output = centre.cli(
        "devices",
        "add",
        "--kind",
        "feedback",
        "--name",
        "Window 1 tablet",
        "--workplace",
        "window-1",
    )
    assert "at window-1" in output
    path = output.split("Pairing link: ", 1)[1].split()[0]
    tablet = open_tablet(browser, centre, path, SIZES["laptop"])
    assert step(tablet) == "idle"
    screenshot(tablet, "rating-tablet-idle")

    hall.issue("ru")
    hall.serve("window-2")  # finished at the next window: not this tablet's visitor
    time.sleep(1.5)
    assert step(tablet) == "idle"

    ticket = hall.issue("ru")
    hall.serve("window-1")
    tablet.wait_for_selector('#screen [data-step="rate"]', timeout=3000)  # live, no reload
    expect(tablet.locator("[data-number]")).to_have_text(ticket["display"])
    assert tablet.get_attribute("#screen [data-step]", "lang") == "ru"  # the ticket's language
    tablet.click('button[data-language="en"]')
    tablet.wait_for_selector('#screen [data-step="rate"][lang="en"]')
    check_targets(tablet)
    screenshot(tablet, "rating-tablet-question")

    tablet.locator('label[data-score="5"]').click()
    screenshot(tablet, "rating-tablet-chosen")
    tablet.click("button.send")
    tablet.wait_for_selector('#screen [data-step="thanks"]')
    screenshot(tablet, "rating-tablet-thanks")
    [rating] = stored(centre)
    assert (rating.ticket_id, rating.score, rating.source) == (int(ticket["id"]), 5, "tablet")
    assert (rating.workplace, rating.comment) == ("window-1", None)
    engine = make_engine(centre.database_url)
    try:
        with Session(engine) as session:
            device = session.exec(select(RegisteredDevice)).one()
    finally:
        engine.dispose()
    assert rating.device_id == device.id
    # Back to the welcome screen by itself after the thanks.
    tablet.wait_for_selector('#screen [data-step="idle"]', timeout=10_000)
    assert len(stored(centre)) == 1

    # Left untouched, the question goes after tablet_reset_seconds.
    hall.issue("kk")
    hall.serve("window-1")
    tablet.wait_for_selector('#screen [data-step="rate"]', timeout=3000)
    asked = time.monotonic()
    tablet.wait_for_selector('#screen [data-step="idle"]', timeout=(RESET_SECONDS + 5) * 1000)
    assert time.monotonic() - asked >= RESET_SECONDS - 0.5
    assert len(stored(centre)) == 1


def test_after_a_reload_the_tablet_still_asks_the_last_visitor(
    browser: Browser, centre: Centre
) -> None:
    """A dropped link or a reload loses no visitor: the page asks about the last visit
    finished at its workplace a moment ago that is not rated yet — at every screen size."""
    hall = Hall(centre)
    refused = subprocess.run(
        [QABYLDAU, "devices", "add", "--kind", "feedback", "--name", "Window 3 tablet"],
        env=centre.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert "A feedback tablet belongs to one workplace" in refused.stderr
    output = centre.cli(
        "devices",
        "add",
        "--kind",
        "feedback",
        "--name",
        "Window 3 tablet",
        "--workplace",
        "window-3",
    )
    path = output.split("Pairing link: ", 1)[1].split()[0]
    ticket = hall.issue("kk")
    hall.serve("window-3")  # before any tablet page is open
    for name, size in SIZES.items():
        tablet = open_tablet(browser, centre, path, size)
        tablet.wait_for_selector('#screen [data-step="rate"]')
        expect(tablet.locator("[data-number]")).to_have_text(ticket["display"])
        check_targets(tablet)
        screenshot(tablet, f"rating-tablet-reload-{name}")
        tablet.context.close()
