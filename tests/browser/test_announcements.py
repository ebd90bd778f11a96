"""The board speaks (issue 5), in real headless Chromium against the real server with the real
espeak-ng: calls in order, one at a time, a chime first; the chime alone when speech is down;
an "enable sound" button when the browser blocks sound.

Playback is observed through `window.qbAnnouncer.log`, which records the board's audio
element's own `play` and `ended` events. Nothing here starts playback from the test: a
Playwright `evaluate` counts as a user gesture and would unlock sound by itself."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

import httpx2
from playwright.sync_api import Browser, Page, Playwright, Route, expect

from tests.browser.conftest import Centre, new_page
from tests.browser.test_live_screens import api_token, issue
from tests.support.browser import CHROMIUM_ARGS, chromium_path

PLAYED = ("play", "ended")


def call_next(centre: Centre, token: str, workplace: str) -> str:
    answer = httpx2.post(
        centre.url + f"/api/workplaces/{workplace}/call-next",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["display"])


def playback(log: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(e["kind"], e["event"], e["display"]) for e in log]


def set_up(centre: Centre) -> tuple[str, str]:
    """An administrator's API token and a board's pairing link. The two `qabyldau` commands
    run side by side: each is a second or more of interpreter start on a busy machine, and
    the playback itself already takes ~15 s of this test's 30."""
    with ThreadPoolExecutor(2) as pool:
        pairing = pool.submit(centre.pairing_path, "board", "Hall board")
        pool.submit(centre.add_user, "admin", "admin").result()
        return api_token(centre, "admin"), pairing.result()


def open_paired_board(browser: Browser, centre: Centre, pairing: str) -> Page:
    board = new_page(browser, 1920, 1080)
    board.goto(centre.url + pairing)
    expect(board).to_have_url(centre.url + "/board")
    board.wait_for_function("window.qbBoard && window.qbBoard.link.connected")
    return board


def test_three_quick_calls_play_in_order_one_at_a_time_each_after_a_chime(
    browser: Browser, centre: Centre
) -> None:
    token, pairing = set_up(centre)
    languages = ("kk", "ru", "kk")
    for language in languages:
        issue(centre, token, language=language)
    board = open_paired_board(browser, centre, pairing)
    fetched: list[str] = []
    board.on("request", lambda r: fetched.append(r.url) if "/announcements/" in r.url else None)

    workplaces = ("window-1", "window-2", "window-3")
    displays = [call_next(centre, token, w) for w in workplaces]  # back to back, ~10 ms apart
    assert displays == ["100", "101", "102"]
    board.wait_for_function("window.qbAnnouncer.announced >= 3", timeout=25_000)
    log = board.evaluate("window.qbAnnouncer.log")

    # Each call: the chime played to its end, then the announcement to its end, and only
    # then the next call: call order, no overlap, nothing dropped.
    expected = [
        (kind, event, display)
        for display in displays
        for kind in ("chime", "speech")
        for event in PLAYED
    ]
    assert playback(log) == expected
    times = [e["at"] for e in log]
    assert times == sorted(times)
    # The speech is real: seconds long, not an instant error.
    for display in displays:
        play, ended = (e["at"] for e in log if e["kind"] == "speech" and e["display"] == display)
        assert ended - play > 1500
    # Text and voice agree: each announcement fetched is the ticket's language and the very
    # display the board's row shows.
    assert [unquote(url.split("/announcements/")[1]) for url in fetched] == [
        f"{language}-window-{n}-{display}.wav"
        for language, n, display in zip(languages, (1, 2, 3), displays, strict=True)
    ]
    for display in displays:
        expect(board.locator(f'.call[data-ticket="{display}"]')).to_have_count(1)


def test_when_speech_is_down_the_chime_still_plays(browser: Browser, centre: Centre) -> None:
    token, pairing = set_up(centre)
    issue(centre, token)
    board = open_paired_board(browser, centre, pairing)

    def speech_down(route: Route) -> None:
        route.fulfill(
            status=503,
            content_type="application/json",
            body='{"detail": "Voice announcements are unavailable", "code": "speech_unavailable"}',
        )

    board.route("**/announcements/**", speech_down)
    display = call_next(centre, token, "window-2")
    board.wait_for_function("window.qbAnnouncer.announced >= 1", timeout=10_000)
    assert playback(board.evaluate("window.qbAnnouncer.log")) == [
        ("chime", "play", display),
        ("chime", "ended", display),
        ("speech", "unavailable", display),
    ]
    expect(board.locator(f'.call[data-ticket="{display}"]')).to_have_count(1)


def test_a_browser_that_blocks_sound_shows_enable_sound_and_plays_after_the_tap(
    playwright: Playwright, centre: Centre
) -> None:
    """Without the kiosk flag Chromium keeps the page silent until a tap: the board shows
    the button (kk · ru), keeps the call meanwhile, and plays it after the tap."""
    args = [a for a in CHROMIUM_ARGS if not a.startswith("--autoplay-policy")]
    strict = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=args)
    try:
        token, pairing = set_up(centre)
        issue(centre, token)
        board = new_page(strict, 1920, 1080)
        board.goto(centre.url + pairing)  # no evaluate before the tap: it would unlock sound
        button = board.locator("#enable-sound")
        expect(button).to_be_visible()
        expect(button).to_have_text("Дыбысты қосу · Включить звук")

        display = call_next(centre, token, "window-1")
        board.wait_for_selector(f'.call[data-ticket="{display}"]')
        board.wait_for_function("window.qbAnnouncer.queue.length === 1")
        assert board.evaluate("window.qbAnnouncer.log") == []  # silent, but kept

        button.click()
        expect(button).to_be_hidden()
        board.wait_for_function("window.qbAnnouncer.announced >= 1", timeout=10_000)
        assert playback(board.evaluate("window.qbAnnouncer.log")) == [
            ("chime", "play", display),
            ("chime", "ended", display),
            ("speech", "play", display),
            ("speech", "ended", display),
        ]
    finally:
        strict.close()
