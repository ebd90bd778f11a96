"""Personal reception end to end in real Chromium against the real server (issue 6): a request is
registered, accepted and allocated to today's approved schedule; the applicant checks in at the
desk; the official calls them from the cabinet's monoblock; the board shows the cabinet
(000 p.28, 001 p.15)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx2
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Centre, new_page, sign_in
from tests.browser.test_live_screens import api_token, open_board

ALMATY = ZoneInfo("Asia/Almaty")
VIDEO = "https://vc.example.kz/room/201"


def post(centre: Centre, token: str, path: str, body: dict[str, object]) -> object:
    answer = httpx2.post(centre.url + path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def test_a_booked_applicant_goes_from_request_to_the_officials_call(
    browser: Browser, centre: Centre
) -> None:
    now = datetime.now(ALMATY)
    today = now.date().isoformat()
    centre.add_user("desk", "reception")
    centre.add_user("serikov", "official")
    # The administrator's part, from the shell: the official and today's approved schedule.
    # Today may be a weekend when the suite runs: a reception on a day off is asked for.
    centre.cli(
        "officials", "add", "deputy",
        "--name-kk", "Серіков Асқар Болатұлы", "--name-ru", "Сериков Аскар Болатович",
        "--position-kk", "Аудан әкімінің орынбасары",
        "--position-ru", "Заместитель акима района",
        "--cabinet", "cabinet-201",
    )  # fmt: skip
    centre.cli(
        "schedule", "add-day", "--official", "deputy", "--day", today,
        "--starts", "00:00", "--ends", "23:40", "--allow-day-off",
    )  # fmt: skip
    centre.cli("schedule", "approve", today[:7], "--approved-by", "Аудан әкімі")

    # The desk registers a request that came in two weeks ago; it is accepted and allocated
    # to today, the official having agreed to receive sooner than the final list allows (000 p.3).
    token = api_token(centre, "desk")
    request = post(
        centre,
        token,
        "/api/reception-requests",
        {
            "received_at": (now - timedelta(days=14)).isoformat(),
            "channel": "eotinish",
            "language": "ru",
            "applicant_name": "Жумабаев Ерлан",
            "contact": "+7 701 000 00 00",
            "subject": "Выделение земельного участка",
            "official": "deputy",
            "video_consent": True,
            "video_link": VIDEO,
        },
    )
    assert isinstance(request, dict)
    request_id = request["id"]
    post(centre, token, f"/api/reception-requests/{request_id}/accept", {})
    scheduled = post(centre, token, "/api/reception-requests/allocate", {"earliest": today})
    assert isinstance(scheduled, list)
    assert [(r["id"], r["appointment_day"]) for r in scheduled] == [(request_id, today)]

    board = open_board(browser, centre)

    # On the day: the desk sees the booking and checks the applicant in.
    desk = new_page(browser, 1366, 900)
    sign_in(desk, centre, "desk")
    expect(desk).to_have_url(centre.url + "/desk")
    row = desk.locator(f'#bookings [data-booking="{request_id}"]')
    expect(row).to_contain_text("Жумабаев Ерлан")
    row.locator("button.check-in").click()
    expect(desk.locator("[data-booking-ticket]")).to_have_text("400")
    expect(desk.locator("#bookings")).to_contain_text("201")

    # The official calls from the cabinet's monoblock.
    monoblock = new_page(browser)
    sign_in(monoblock, centre, "serikov", workplace="cabinet-201")
    expect(monoblock).to_have_url(centre.url + "/workplace")
    monoblock.wait_for_function("window.qbStaff && window.qbStaff.connected")
    monoblock.click("button.call-next")
    expect(monoblock.locator(".current-number")).to_have_text("400")
    # The booking's card, with the video-conference link (000 p.13).
    expect(monoblock.locator(".current-booking")).to_contain_text("Жумабаев Ерлан")
    expect(monoblock.locator("[data-video-link]")).to_have_attribute("href", VIDEO)

    # The board shows the cabinet, numbers only.
    call = board.locator('.call[data-ticket="400"]')
    expect(call).to_be_visible()
    expect(call.locator(".place .kk")).to_have_text("201\u2011кабинет")  # a non-breaking hyphen
    expect(call.locator(".place .ru")).to_have_text("Кабинет 201")
    assert "Жумабаев" not in board.content()
