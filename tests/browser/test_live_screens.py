"""The live screens in real headless Chromium against the real server (issue: live screens)."""

from __future__ import annotations

import time

import httpx2
from playwright.sync_api import Browser, Page, expect

from app.config.settings import DEMO_CENTRE
from tests.browser.conftest import PASSWORD, Centre, new_page, screenshot, sign_in
from tests.support.live_server import live_server


def api_token(centre: Centre, username: str) -> str:
    answer = httpx2.post(
        centre.url + "/api/auth/token", data={"username": username, "password": PASSWORD}
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def issue(centre: Centre, token: str, zone: str = "consultation", language: str = "kk") -> str:
    answer = httpx2.post(
        centre.url + "/api/tickets",
        json={"zone": zone, "language": language},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["display"])


def open_board(browser: Browser, centre: Centre, width: int = 1920, height: int = 1080) -> Page:
    board = new_page(browser, width, height)
    board.goto(centre.url + centre.pairing_path("board", "Hall board"))
    expect(board).to_have_url(centre.url + "/board")
    board.wait_for_function("window.qbBoard && window.qbBoard.link.connected")
    return board


def test_a_call_on_the_monoblock_shows_on_the_board_within_a_second(
    browser: Browser, centre: Centre
) -> None:
    """001 p.9, p.15: the call appears on the board with where to go; numbers only."""
    centre.add_user("desk", "reception")
    centre.add_user("ainur", "consultant")
    token = api_token(centre, "desk")
    first = issue(centre, token)
    issue(centre, token)
    board = open_board(browser, centre)
    monoblock = new_page(browser)
    sign_in(monoblock, centre, "ainur", workplace="window-2")
    expect(monoblock).to_have_url(centre.url + "/workplace")
    monoblock.wait_for_function("window.qbStaff && window.qbStaff.connected")
    expect(monoblock.locator("[data-waiting]")).to_have_text("2")

    clicked = time.monotonic()
    monoblock.click("button.call-next")
    board.wait_for_selector(f'.call[data-ticket="{first}"]', timeout=1000)
    seen_after = time.monotonic() - clicked
    assert seen_after < 1.0

    row = board.locator(f'.call[data-ticket="{first}"]')
    # With a non-breaking hyphen: «2-/терезе» never breaks across two lines (12.13).
    expect(row.locator(".place .kk")).to_have_text("2\u2011терезе")
    expect(row.locator(".place .ru")).to_have_text("Окно 2")
    expect(row).to_have_class("call flash")
    expect(monoblock.locator(".current-number")).to_have_text(first)
    # The other screen's waiting count followed without a reload.
    expect(monoblock.locator("[data-waiting]")).to_have_text("1")
    assert "ainur" not in board.content()


def test_the_board_reconnects_after_a_restart_and_resyncs(browser: Browser, centre: Centre) -> None:
    """A restart loses nobody: the board comes back by itself within 5 s and shows a call made
    while it was cut off."""
    centre.add_user("admin", "admin")
    token = api_token(centre, "admin")
    display = issue(centre, token)
    board = open_board(browser, centre)
    port = int(centre.url.rsplit(":", 1)[1])

    centre.server.stop()
    board.wait_for_selector("#link-lost", state="visible", timeout=5000)
    # Meanwhile the centre goes on elsewhere: a call the board cannot hear about.
    with live_server(
        centre.database_url,
        data_dir=centre.data_dir / "other",
        workers=1,
        config=DEMO_CENTRE,
    ) as other:
        called = httpx2.post(
            other.base_url + "/api/workplaces/window-3/call-next",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert called.status_code == 200, called.text
    with live_server(
        centre.database_url,
        data_dir=centre.data_dir,
        workers=1,
        port=port,
        config=DEMO_CENTRE,
    ):
        restarted = time.monotonic()
        board.wait_for_function("window.qbBoard.link.connected", timeout=5000)
        reconnected_after = time.monotonic() - restarted
        board.wait_for_selector(f'.call[data-ticket="{display}"]', timeout=2000)
        expect(board.locator("#link-lost")).to_be_hidden()
    assert reconnected_after <= 5.0


PURPOSES = {
    # 001 p.8 routing: purpose → (zone name on the desk, in Kazakh; first number of its range)
    "consultation": ("Консультация", "100"),
    "appeal_no_text": ("Өзіне-өзі қызмет көрсету", "500"),
    "appeal_on_paper": ("Консультация", "101"),
    "booking_or_complaint": ("Консультация", "102"),
    "booked_reception": ("Жеке қабылдау", "400"),
}


def test_the_desk_issues_a_ticket_for_each_routing_purpose(
    browser: Browser, centre: Centre
) -> None:
    """001 p.8: reception issues a ticket in the chosen language, routed by purpose."""
    centre.add_user("desk", "reception")
    desk = new_page(browser, 1366, 900)
    sign_in(desk, centre, "desk")
    expect(desk).to_have_url(centre.url + "/desk")
    for purpose, (zone_name, number) in PURPOSES.items():
        desk.check('input[name=language][value="ru"]')
        desk.check(f'input[name=purpose][value="{purpose}"]')
        desk.check('input[name=id_document][value="original"]')
        desk.click("#issue button[type=submit]")
        issued = desk.locator("[data-issued]")
        expect(issued).to_have_text(number)
        expect(desk.locator("#result")).to_contain_text(zone_name)
    # The live zones table followed every issue.
    expect(desk.locator('[data-zone="consultation"] td.num')).to_have_text("3")
    expect(desk.locator('[data-zone="self_service"] td.num')).to_have_text("1")


def test_the_desk_refuses_an_invalid_iin_in_the_staff_language(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    desk = new_page(browser)
    sign_in(desk, centre, "desk")
    desk.goto(centre.url + "/desk?lang=ru")
    desk.check('input[name=purpose][value="consultation"]')
    desk.check('input[name=id_document][value="digital"]')
    desk.fill("#iin", "900101300001")
    desk.click("#issue button[type=submit]")
    expect(desk.locator("#result .error")).to_contain_text("ИИН")
    expect(desk.locator("[data-issued]")).to_have_count(0)


def test_a_mistaken_finish_is_undone_from_the_monoblock(browser: Browser, centre: Centre) -> None:
    """Qmatic-class undo: right after Finish the panel offers to undo it; one click and the
    visitor is being served again, with the timer from the start."""
    centre.add_user("desk", "reception")
    centre.add_user("dana", "consultant")
    first = issue(centre, api_token(centre, "desk"))
    monoblock = new_page(browser, 1366, 768)
    sign_in(monoblock, centre, "dana", workplace="window-3")
    monoblock.wait_for_function("window.qbStaff && window.qbStaff.connected")
    monoblock.click("button.call-next")
    monoblock.click('button[data-key="s"]')
    expect(monoblock.locator(".current .state")).to_have_text("қызмет көрсетілуде")
    monoblock.click('#panel form[hx-post$="/finish"] button[type="submit"]')
    offer = monoblock.locator("[data-undo-left]")
    expect(offer).to_contain_text(first)
    screenshot(monoblock, "workplace-undo-1366x768")
    offer.locator("button").click()
    expect(monoblock.locator(".current-number")).to_have_text(first)
    expect(monoblock.locator(".current .state")).to_have_text("қызмет көрсетілуде")
    expect(monoblock.locator("[data-undo-left]")).to_have_count(0)


def test_the_phone_says_the_turn_is_near_and_vibrates_once(
    browser: Browser, centre: Centre
) -> None:
    """Issue 14.4: with two or fewer ahead the status page says so and vibrates the phone
    where it can; a reload does not vibrate again."""
    centre.add_user("desk", "reception")
    centre.add_user("ainur", "consultant")
    desk = api_token(centre, "desk")
    for _ in range(3):
        issue(centre, desk)
    answer = httpx2.post(
        centre.url + "/api/tickets",
        json={"zone": "consultation", "language": "ru"},
        headers={"Authorization": f"Bearer {desk}"},
    )
    status_url = answer.json()["status_url"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    context.add_init_script(
        "window.__vibrations = 0;"
        "navigator.vibrate = () => { window.__vibrations += 1; return true; };"
    )
    phone = context.new_page()
    phone.goto(status_url)
    expect(phone.locator("[data-ahead]")).to_have_text("3")
    expect(phone.locator("[data-near]")).to_have_count(0)
    consultant = httpx2.post(
        centre.url + "/api/auth/token",
        data={"username": "ainur", "password": PASSWORD, "workplace": "window-1"},
    ).json()["access_token"]
    called = httpx2.post(
        centre.url + "/api/workplaces/window-1/call-next",
        headers={"Authorization": f"Bearer {consultant}"},
    )
    assert called.status_code == 200
    near = phone.locator("[data-near]")
    expect(near).to_contain_text("Ваша очередь скоро подойдёт", timeout=15_000)  # 10 s refresh
    expect(phone.locator("[data-ahead]")).to_have_text("2")
    assert phone.evaluate("window.__vibrations") == 1
    screenshot(phone, "status-near-phone")
    phone.reload()
    expect(phone.locator("[data-near]")).to_be_visible()
    assert phone.evaluate("window.__vibrations") == 0  # once per alert, not per refresh
