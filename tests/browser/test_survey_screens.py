"""The survey's and the self-service zone's screens in real Chromium against the real server
(issue 14.2, 14.3): the desk takes a phone number with the visitor's consent and forgets it
for the next visitor; a volunteer draws a sample and records a call (000 p.38); the
self-service record in two taps (001 p.11). axe-core at 1366×768 and 1920×1080."""

from __future__ import annotations

import re

import httpx2
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PASSWORD, Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token
from tests.browser.test_screenshots import assert_fits

SIZES = ((1366, 768), (1920, 1080))
PHONE = "8 701 555 01 23"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def consultant_token(centre: Centre, username: str, workplace: str) -> str:
    answer = httpx2.post(
        centre.url + "/api/auth/token",
        data={"username": username, "password": PASSWORD, "workplace": workplace},
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def test_the_desk_takes_a_number_with_consent_and_forgets_it_for_the_next_visitor(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    for width, height in SIZES:
        desk = new_page(browser, width, height)
        sign_in(desk, centre, "desk")
        expect(desk).to_have_url(centre.url + "/desk")
        desk.check('input[name=purpose][value="consultation"]')
        desk.check('input[name=id_document][value="original"]')
        # A number without the consent is refused in place; the form stays to correct it.
        desk.fill("#phone", PHONE)
        desk.click("#issue button[type=submit]")
        expect(desk.locator("#result .error")).to_be_visible()
        expect(desk.locator("[data-issued]")).to_have_count(0)
        expect(desk.locator("#phone")).to_have_value(PHONE)
        desk.check("input[name=survey_consent]")
        desk.locator("#phone").scroll_into_view_if_needed()
        assert_fits(desk)
        screenshot(desk, f"desk-survey-consent-{width}x{height}")
        desk.click("#issue button[type=submit]")
        expect(desk.locator("[data-issued]")).to_be_visible()
        # Nothing of this visitor goes into the next one's ticket (12.2).
        expect(desk.locator("#phone")).to_have_value("")
        expect(desk.locator("input[name=survey_consent]")).not_to_be_checked()
        expect(desk.locator("#result")).not_to_contain_text("555")
        assert_fits(desk)
        screenshot(desk, f"desk-survey-issued-{width}x{height}")
        desk.context.close()
    assert "5550123" not in centre.server.log()
    assert "555 01 23" not in centre.server.log()


def test_a_volunteer_draws_a_sample_and_records_a_call(browser: Browser, centre: Centre) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("ainur", "consultant")
    centre.add_user("aruzhan", "volunteer")
    desk = api_token(centre, "desk")
    window = consultant_token(centre, "ainur", "window-1")
    served = []
    for phone in (PHONE, "+7 702 000 11 22"):
        issued = httpx2.post(
            centre.url + "/desk/tickets",
            data={
                "language": "ru",
                "purpose": "consultation",
                "id_document": "original",
                "phone": phone,
                "survey_consent": "true",
            },
            headers=bearer(desk),
        )
        assert issued.status_code == 200, issued.text
        called = httpx2.post(
            centre.url + "/api/workplaces/window-1/call-next", headers=bearer(window)
        )
        ticket = called.json()
        for action in ("start", "finish"):
            moved = httpx2.post(
                centre.url + f"/api/tickets/{ticket['id']}/{action}", headers=bearer(window)
            )
            assert moved.status_code == 200, moved.text
        served.append(ticket["display"])
    page = new_page(browser, *SIZES[0])
    sign_in(page, centre, "aruzhan")
    expect(page).to_have_url(centre.url + "/assistance")
    expect(page.locator('a[href="/board"]')).to_have_count(0)  # volunteers read no queue
    page.click('a[href="/survey"]')
    expect(page).to_have_url(centre.url + "/survey")
    page.check('input[name=kind][value="consultation"]')
    page.fill("#size", "1")
    page.fill("#seed", "2026")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        screenshot(page, f"survey-draw-{width}x{height}")
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.click("button[data-draw]")
    expect(page).to_have_url(re.compile(r"/survey/samples/\d+$"))
    expect(page.locator("[data-seed]")).to_have_text("2026")
    expect(page.locator("[data-drawn-by]")).to_contain_text("aruzhan")
    call = page.locator("article.call")
    expect(call).to_have_count(1)
    expect(call.locator("[data-phone] a")).to_have_attribute("href", re.compile(r"^tel:\+77"))
    number = call.get_attribute("data-display")
    assert number in served
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        screenshot(page, f"survey-sample-{width}x{height}")
    # Reached, without saying how satisfied: refused on the row, nothing recorded.
    call.locator('input[name=result][value="reached"]').check()
    call.locator("button[data-save]").click()
    expect(page.locator("[data-call-error]")).to_be_visible()
    call = page.locator("article.call")
    call.locator("select[name=satisfied]").select_option("5")
    call.locator("input[name=remarks]").fill("Бәрі жақсы")
    call.locator("button[data-save]").click()
    expect(page.locator("article.call[data-result=reached]")).to_be_visible()
    expect(page.locator("[data-recorded]")).to_contain_text("aruzhan")
    expect(page.locator("[data-progress]")).to_contain_text("1")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        screenshot(page, f"survey-recorded-{width}x{height}")
    page.goto(centre.url + "/survey")
    expect(page.locator("[data-samples] [data-progress]")).to_contain_text("1")
    assert_fits(page)
    screenshot(page, "survey-samples-1920x1080")
    log = centre.server.log()
    assert "5550123" not in log
    assert "0001122" not in log


def test_the_self_service_record_in_two_taps(browser: Browser, centre: Centre) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("dana", "self_service")
    centre.add_user("aruzhan", "volunteer")
    issued = httpx2.post(
        centre.url + "/api/tickets",
        json={"zone": "self_service", "language": "kk"},
        headers=bearer(api_token(centre, "desk")),
    )
    assert issued.status_code == 201, issued.text
    ticket = issued.json()
    assistant = new_page(browser, *SIZES[0])
    sign_in(assistant, centre, "dana", workplace="self-service-1")
    expect(assistant).to_have_url(centre.url + "/workplace")
    assistant.click("button.call-next")
    expect(assistant.locator(".current-number")).to_have_text(ticket["display"])
    assistant.click("a[data-assistance-link]")
    expect(assistant).to_have_url(centre.url + "/assistance")
    offer = assistant.locator("input[name=ticket_id]")
    expect(offer).to_be_checked()
    expect(offer).to_have_attribute("data-offer", ticket["display"])
    for width, height in SIZES:
        assistant.set_viewport_size({"width": width, "height": height})
        assert_fits(assistant)
        screenshot(assistant, f"assistance-{width}x{height}")
    assistant.locator("label.tile", has=assistant.locator('input[value="egov"]')).click()
    assistant.click("button[data-completed=true]")
    expect(assistant.locator("[data-recorded]")).to_be_visible()
    expect(assistant.locator("[data-recorded-ticket]")).to_contain_text(ticket["display"])
    expect(assistant.locator('tr[data-kind="egov"] [data-mine-done]')).to_have_text("1")
    for width, height in SIZES:
        assistant.set_viewport_size({"width": width, "height": height})
        assert_fits(assistant)
        screenshot(assistant, f"assistance-recorded-{width}x{height}")
    # A reload records nothing again (post, then redirect).
    assistant.reload()
    expect(assistant.locator('tr[data-kind="egov"] [data-zone-done]')).to_have_text("1")

    volunteer = new_page(browser, *SIZES[1])
    sign_in(volunteer, centre, "aruzhan")
    expect(volunteer).to_have_url(centre.url + "/assistance")
    expect(volunteer.locator("input[name=ticket_id]")).to_have_count(0)
    volunteer.locator("label.tile", has=volunteer.locator('input[value="printing"]')).click()
    volunteer.click("button[data-completed=false]")
    expect(volunteer.locator('tr[data-kind="printing"] [data-mine-not]')).to_have_text("1")
    expect(volunteer.locator('tr[data-kind="egov"] [data-mine-done]')).to_have_text("0")
    expect(volunteer.locator('tr[data-kind="egov"] [data-zone-done]')).to_have_text("1")
    volunteer.click("button[data-undo]")
    expect(volunteer.locator("[data-undone]")).to_be_visible()
    expect(volunteer.locator('tr[data-kind="printing"] [data-mine-not]')).to_have_text("0")
    assert_fits(volunteer)
    screenshot(volunteer, "assistance-volunteer-1920x1080")
