"""The board never hides a call (12.1), in real Chromium: with every workplace of the demo
centre calling, and with 20 windows of a large centre calling, in landscape (1920×1080) and
portrait (1080×1920), every current call, the last calls and the waiting counts lie within
the screen, and the "enable sound" button covers none of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from tests.browser.conftest import Centre, new_page, screenshot
from tests.support.live_server import LOAD_CENTRE, live_server, provision_staff

SIZES = (("landscape", 1920, 1080), ("portrait", 1080, 1920))
CONTENT = ".clock, .centre, .call, .calls-head, .last li, .waiting li, .side h2"


def call_at(base_url: str, database_url: str, config: Path, count: int | None = None) -> int:
    """A ticket of each workplace's first zone, called there: at every workplace of the centre
    file, or at the first `count` that serve consultation. How many were called."""
    centre = load_centre(config)
    tokens = provision_staff(database_url, centre)
    places = [(w.code, w.zones[0]) for w in centre.workplaces]
    if count is not None:
        places = [(w.code, "consultation") for w in centre.workplaces if "consultation" in w.zones]
        places = places[:count]
        assert len(places) == count
    with httpx2.Client(base_url=base_url, timeout=10) as client:
        for code, zone in places:
            issued = client.post(
                "/api/tickets",
                json={"zone": zone, "language": "kk"},
                headers=tokens.header(tokens.issuer),
            )
            assert issued.status_code == 201, issued.text
            called = client.post(
                f"/api/workplaces/{code}/call-next",
                headers=tokens.header(tokens.workplaces[code]),
            )
            assert called.status_code == 200, (code, called.text)
    return len(places)


def boxes_of(page: Page, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter(e => getComputedStyle(e).display !== 'none')
             .map(e => { const r = e.getBoundingClientRect();
                         return {what: e.className || e.tagName, top: r.top, bottom: r.bottom,
                                 left: r.left, right: r.right}; })""",
        selector,
    )
    return found


def assert_everything_on_screen(page: Page, calls: int, name: str) -> None:
    expect(page.locator(".call")).to_have_count(calls)
    height, width = page.evaluate("[innerHeight, innerWidth]")
    # As when the browser blocks sound: the button shows, and must push nothing off the
    # screen nor cover anything.
    for sound_button in (False, True):
        page.evaluate(
            f"document.getElementById('enable-sound').hidden = {str(not sound_button).lower()}"
        )
        boxes = boxes_of(page, CONTENT)
        off = [b for b in boxes if b["bottom"] > height + 1 or b["right"] > width + 1]
        assert not off, f"{name}, sound button {sound_button}: off the screen: {off[:5]}"
        if sound_button:
            [button] = boxes_of(page, "#enable-sound")
            covered = [
                b
                for b in boxes
                if b["left"] < button["right"]
                and button["left"] < b["right"]
                and b["top"] < button["bottom"]
                and button["top"] < b["bottom"]
            ]
            assert not covered, f"{name}: the sound button covers {covered}"
            screenshot(page, f"{name}-sound-button")
    page.evaluate("document.getElementById('enable-sound').hidden = true")


def assert_headings_read_well(page: Page) -> None:
    """12.13: a heading says a word once when kk and ru agree (not «ТАЛОН ТАЛОН»), no
    heading wraps mid-phrase, and no workplace name breaks at its hyphen."""
    doubled = page.evaluate(
        """() => [...document.querySelectorAll('.calls-head span, .side h2')]
             .filter(h => h.querySelector('small')
                          && h.firstChild.textContent.trim().toLowerCase()
                             === h.querySelector('small').textContent.trim().toLowerCase())
             .map(h => h.textContent)"""
    )
    assert not doubled, doubled
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.call .place .kk, .call .place .ru')]
             .filter(e => /^\\S+$/.test(e.textContent.trim()))
             .filter(e => e.getClientRects().length > 1
                          || e.getBoundingClientRect().height
                             > 1.5 * parseFloat(getComputedStyle(e).lineHeight))
             .map(e => e.textContent)"""
    )
    assert not broken, f"names broken across lines: {broken}"


def open_board(browser: Browser, base_url: str, pairing: str, width: int, height: int) -> Page:
    board = new_page(browser, width, height)
    board.goto(base_url + pairing)
    board.wait_for_function("window.qbBoard && window.qbBoard.refreshes > 0")
    return board


def test_every_demo_workplace_calling(browser: Browser, centre: Centre) -> None:
    count = call_at(centre.url, centre.database_url, DEMO_CENTRE)
    assert count == len(load_centre(DEMO_CENTRE).workplaces)
    for name, width, height in SIZES:
        board = open_board(browser, centre.url, centre.pairing_path("board", name), width, height)
        assert_everything_on_screen(board, count, f"board-all-demo-workplaces-{name}")
        assert_headings_read_well(board)
        screenshot(board, f"board-all-demo-workplaces-{name}")
        board.context.close()


@pytest.fixture
def large_centre(tmp_path: Path) -> Iterator[tuple[str, str, Centre]]:
    url = f"sqlite:///{tmp_path / 'large.sqlite3'}"
    with live_server(url, data_dir=tmp_path, config=LOAD_CENTRE, workers=1) as server:
        yield server.base_url, url, Centre(server, url, tmp_path)


def test_twenty_windows_calling_in_a_large_centre(
    browser: Browser, large_centre: tuple[str, str, Centre]
) -> None:
    base_url, url, centre = large_centre
    call_at(base_url, url, LOAD_CENTRE, 20)
    for name, width, height in SIZES:
        board = open_board(browser, base_url, centre.pairing_path("board", name), width, height)
        assert_everything_on_screen(board, 20, f"board-twenty-calls-{name}")
        assert_headings_read_well(board)
        screenshot(board, f"board-twenty-calls-{name}")
        board.context.close()
