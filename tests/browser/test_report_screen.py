"""The quarterly report in Chromium (issue 13.5, 000 p.40): the analyst opens it from the
navigation, chooses another quarter, reads the tables in Kazakh and Russian; axe-core at both
sizes; printed, only the document remains, each part on a page of its own, on A4."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from tests.browser.conftest import Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token, issue

ALMATY = ZoneInfo("Asia/Almaty")


def test_the_analyst_chooses_a_quarter_reads_it_and_prints_it(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("aliya", "analyst")
    token = api_token(centre, "desk")
    issue(centre, token)
    issue(centre, token, zone="self_service", language="ru")
    today = datetime.now(ALMATY).date()
    quarter = (today.month - 1) // 3 + 1  # the live server's quarter: today's tickets are in it
    for width, height in ((1366, 768), (1920, 1080)):
        page = new_page(browser, width, height)
        sign_in(page, centre, "aliya")
        page.click('nav a[href="/reports"], .topbar a[href="/reports"]')
        expect(page).to_have_url(centre.url + "/reports")
        screenshot(page, f"reports-index-{width}x{height}")
        page.locator("[data-kind=quarter] a[data-period]").first.click()
        # The last whole quarter: before today's, so none of today's tickets.
        expect(page.locator("[data-report]")).to_be_visible()
        expect(page.locator('[data-key="all|total"] td').nth(1)).to_have_text("0")
        page.fill("#year", str(today.year))
        page.select_option("#number", str(quarter))
        page.click("button[data-show]")
        expect(page).to_have_url(re.compile(rf"year={today.year}&quarter={quarter}"))
        key = f"{today.year}-Q{quarter}"
        expect(page.locator("[data-report]")).to_have_attribute("data-report", key)
        month = today.strftime("%Y-%m")
        consultation = page.locator(f'[data-table=visitors] [data-key="consultation|{month}"]')
        expect(consultation.locator("td").nth(1)).to_have_text("1")  # issued this month
        # The zone is named once, on its group's first row (rowspan), in both languages.
        expect(page.locator("[data-table=visitors] tbody th").first).to_have_text("Консультация")
        expect(page.locator('[data-key="all|total"] td').nth(1)).to_have_text("2")
        expect(
            page.locator('[data-table=requests] th[scope=col] [lang="ru"]').first
        ).to_be_visible()
        expect(page.locator('[data-no-data="ratings"]')).to_be_visible()  # nobody rated yet
        expect(page.locator("a[data-xlsx]")).to_have_attribute(
            "href", f"/api/reports/quarterly.xlsx?year={today.year}&quarter={quarter}"
        )
        screenshot(page, f"report-quarter-{width}x{height}")

        page.emulate_media(media="print")
        expect(page.locator(".topbar")).to_be_hidden()  # no navigation on paper
        expect(page.locator(".report-tools")).to_be_hidden()
        expect(page.locator("[data-report]")).to_be_visible()
        breaks = page.evaluate(
            "[...document.querySelectorAll('.report .part')]"
            ".map(p => getComputedStyle(p).breakBefore)"
        )
        assert breaks == ["auto", "page", "page", "page"]  # the first follows the title
        header_group = page.evaluate(
            "getComputedStyle(document.querySelector('.report thead')).display"
        )
        assert header_group == "table-header-group"  # repeated on every page a table spans
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages >= 4, pages  # visitors, personal reception, deadlines, satisfaction
        page.emulate_media(media="screen")
        expect(page.locator(".topbar")).to_be_visible()
        page.context.close()
