"""Every screen in Kazakh and Russian, photographed for a person to look at
(test-artifacts/screens/), and checked for content that spills out of the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token, issue


def assert_fits(page: Page) -> None:
    """Nothing wider than the window, nothing hidden off its right edge."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_screen_in_kazakh_and_russian(browser: Browser, centre: Centre, lang: str) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("ainur", "consultant")
    token = api_token(centre, "desk")
    for _ in range(3):
        issue(centre, token, language=lang)
    issue(centre, token, zone="personal_reception", language=lang)

    login = new_page(browser)
    login.goto(centre.url + f"/login?lang={lang}")
    assert_fits(login)
    screenshot(login, f"login-{lang}")

    desk = new_page(browser, 1366, 900)
    sign_in(desk, centre, "desk")
    desk.goto(centre.url + f"/desk?lang={lang}")
    desk.check('input[name=purpose][value="booked_reception"]')
    desk.check('input[name=id_document][value="original"]')
    desk.click("#issue button[type=submit]")
    expect(desk.locator("[data-issued]")).to_be_visible()
    assert_fits(desk)
    screenshot(desk, f"desk-{lang}")

    monoblock = new_page(browser, 1366, 768)
    sign_in(monoblock, centre, "ainur", workplace="window-1")
    monoblock.goto(centre.url + f"/workplace?lang={lang}")
    screenshot(monoblock, f"workplace-idle-{lang}")
    monoblock.click("button.call-next")
    expect(monoblock.locator(".current-number")).to_be_visible()
    assert_fits(monoblock)
    screenshot(monoblock, f"workplace-called-{lang}")
    monoblock.click("[data-key=s]")
    expect(monoblock.locator("#outcome")).to_be_visible()
    screenshot(monoblock, f"workplace-serving-{lang}")

    for name, width, height in (("landscape", 1920, 1080), ("portrait", 1080, 1920)):
        board = new_page(browser, width, height)
        board.goto(centre.url + centre.pairing_path("board", f"Board {name} {lang}"))
        board.wait_for_function("window.qbBoard && window.qbBoard.refreshes > 0")
        expect(board.locator(".call")).to_have_count(1)
        assert_fits(board)
        screenshot(board, f"board-{name}")


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_administrators_and_reception_pages(
    browser: Browser, centre: Centre, width: int, height: int
) -> None:
    """The pages around the queue, at both monoblock sizes, photographed and checked with
    axe-core: devices, the published schedule, the reception requests."""
    centre.add_user("boss", "admin")
    centre.add_user("desk", "reception")
    admin = new_page(browser, width, height)
    sign_in(admin, centre, "boss")
    for path, name in (
        ("/admin/devices?lang=ru", "admin-devices"),
        ("/schedule?lang=kk", "schedule"),
    ):
        admin.goto(centre.url + path)
        assert_fits(admin)
        screenshot(admin, f"{name}-{width}")
    desk = new_page(browser, width, height)
    sign_in(desk, centre, "desk")
    answer = desk.goto(centre.url + "/reception?lang=kk")
    assert answer is not None
    assert answer.status == 200
    assert_fits(desk)
    screenshot(desk, f"reception-{width}")
