"""Problem-issue monitoring by district in Chromium (issue 13.6, 003 App.2 p.7): the desk
registers a request with its topic and district on the screen; the analyst opens /monitoring,
changes the period and what is counted, and sees the shaded table; axe-core at both sizes."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx2
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token

ALMATY = ZoneInfo("Asia/Almaty")


def test_a_request_filed_on_the_screen_is_counted_by_topic_and_district(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("aliya", "analyst")
    now = datetime.now(ALMATY)

    desk = new_page(browser)
    sign_in(desk, centre, "desk")
    desk.goto(centre.url + "/reception")
    desk.fill("#received_at", (now - timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    desk.select_option("#channel", "paper")
    desk.fill("#applicant_name", "Жумабаев Ерлан")
    desk.fill("#subject", "Нет отопления в доме")
    desk.select_option("#topic", "housing")
    desk.select_option("#district", "almaly")
    desk.click("[data-register]")
    expect(desk).to_have_url(re.compile(r"/reception/requests/\d+\?done=registered"))
    expect(desk.locator('dd[data-topic="housing"]')).to_have_text(
        "Тұрғын үй-коммуналдық шаруашылық"
    )
    expect(desk.locator('dd[data-district="almaly"]')).to_have_text("Алмалы ауданы")
    request_id = int(re.findall(r"/reception/requests/(\d+)", desk.url)[0])
    answer = httpx2.get(
        f"{centre.url}/api/reception-requests/{request_id}",
        headers={"Authorization": f"Bearer {api_token(centre, 'desk')}"},
    )
    registered = date.fromisoformat(answer.json()["registered_on"])
    # A week ending on the day it was registered, and the week before it.
    week = (registered - timedelta(days=6), registered)
    before = (registered - timedelta(days=13), registered - timedelta(days=7))

    for width, height in ((1366, 768), (1920, 1080)):
        page = new_page(browser, width, height)
        sign_in(page, centre, "aliya")
        page.click('a.nav-link[href="/monitoring"]')
        expect(page).to_have_url(centre.url + "/monitoring")
        expect(page.locator("table[data-monitoring]")).to_be_visible()  # this quarter's
        page.fill("#from", week[0].isoformat())
        page.fill("#to", week[1].isoformat())
        page.click("button[data-show]")
        expect(page).to_have_url(re.compile(rf"from={week[0].isoformat()}"))
        row = page.locator('tr[data-topic="housing"]')
        cell = row.locator('td[data-district="almaly"]')
        expect(cell).to_have_text("1")
        expect(cell).to_have_class("heat-5")  # the busiest cell: the darkest shade
        expect(row.locator('td[data-district="medeu"]')).to_have_class("heat-0")
        expect(row.locator("[data-row-total] [data-change]")).to_have_attribute("data-change", "1")
        expect(page.locator("[data-total]")).to_contain_text("1")
        screenshot(page, f"monitoring-{width}x{height}")
        # Appeals alone: none filed.
        page.click('a[data-what="appeals"]')
        expect(page).to_have_url(re.compile(r"what=appeals"))
        expect(page.locator('tr[data-topic="housing"] td[data-district="almaly"]')).to_have_text(
            "0"
        )
        # The week before, requests and appeals: nothing then, and nothing before it.
        page.click('a[data-what="all"]')
        page.fill("#from", before[0].isoformat())
        page.fill("#to", before[1].isoformat())
        page.click("button[data-show]")
        expect(page).to_have_url(re.compile(rf"what=all&from={before[0].isoformat()}"))
        expect(page.locator('tr[data-topic="housing"] td[data-district="almaly"]')).to_have_text(
            "0"
        )
        expect(page.locator("[data-total] [data-change]")).to_have_attribute("data-change", "0")
        screenshot(page, f"monitoring-before-{width}x{height}")
