"""The statistics page in Chromium (issue 13): the analyst lands on it, changes the period and
the grouping, sees the chart drawn and the table; axe-core at both sizes."""

from __future__ import annotations

import re

import httpx2
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PASSWORD, Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token, issue


def test_the_analyst_reads_the_days_numbers_by_zone_and_by_hour(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("aliya", "analyst")
    token = api_token(centre, "desk")
    issue(centre, token)
    issue(centre, token, zone="self_service", language="ru")
    for width, height in ((1366, 768), (1920, 1080)):
        page = new_page(browser, width, height)
        sign_in(page, centre, "aliya")
        expect(page).to_have_url(centre.url + "/statistics")
        total = page.locator("[data-total]")
        expect(total.locator("td").first).to_have_text("2")  # issued this month
        expect(page.locator('[data-key="consultation"] th')).to_have_text("Консультация")
        expect(page.locator("[data-chart] svg rect.issued")).to_have_count(2)
        expect(page.locator("[data-wait-chart]")).to_have_count(0)  # nobody called yet
        screenshot(page, f"statistics-zone-{width}x{height}")
        page.select_option("#by", "hour")
        page.click("button[data-show]")
        expect(page).to_have_url(re.compile(r"[?&]by=hour"))
        expect(page.locator("tbody tr[data-key]")).to_have_count(1)  # both issued this hour
        expect(page.locator("[data-total] td").first).to_have_text("2")
        screenshot(page, f"statistics-hour-{width}x{height}")
        csv = page.locator("a[data-csv]").get_attribute("href")
        assert csv is not None
        answer = httpx2.get(centre.url + csv, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 403  # the desk does not read the numbers


def test_the_supervisor_view_follows_a_call_live(browser: Browser, centre: Centre) -> None:
    """Issue 13.4: pushed over the live link, no reload and no polling."""
    centre.add_user("desk", "reception")
    centre.add_user("marat", "moderator")
    centre.add_user("ainur", "consultant")
    desk = api_token(centre, "desk")
    first = issue(centre, desk)
    page = new_page(browser, 1920, 1080)
    sign_in(page, centre, "marat")
    expect(page).to_have_url(centre.url + "/supervisor")
    page.wait_for_function("window.qbStaff && window.qbStaff.connected")
    expect(page.locator('[data-zone="consultation"] [data-waiting]')).to_have_text("1")
    expect(page.locator('[data-workplace="window-1"]')).to_have_attribute("data-state", "idle")
    screenshot(page, "supervisor-1920x1080")
    answer = httpx2.post(
        centre.url + "/api/auth/token",
        data={"username": "ainur", "password": PASSWORD, "workplace": "window-1"},
    )
    consultant = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    called = httpx2.post(centre.url + "/api/workplaces/window-1/call-next", headers=consultant)
    assert called.status_code == 200, called.text
    row = page.locator('[data-workplace="window-1"]')
    expect(row).to_have_attribute("data-state", "called", timeout=3000)
    expect(row.locator("[data-display]")).to_have_text(first)
    expect(page.locator('[data-zone="consultation"] [data-waiting]')).to_have_text("0")
    page.set_viewport_size({"width": 1366, "height": 768})
    screenshot(page, "supervisor-1366x768")
