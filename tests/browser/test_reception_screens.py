"""Personal reception driven from the staff screens only, in real Chromium against the real
server (issue 12): the reception-room staff register a request, accept it, give it a day and
time and print the reply; the applicant checks in at the desk; the official calls them from
the cabinet's monoblock, records the protocol with an instruction and an appeal; the desk
assigns the appeal, refused in the form for an employee who handled the matter before.
Rules: 000 p.23, p.25, p.26, p.28, p.29, p.36, p.37; 001 p.15."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx2
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Centre, new_page, screenshot, sign_in
from tests.browser.test_live_screens import api_token

ALMATY = ZoneInfo("Asia/Almaty")
APPLICANT = "Жумабаев Ерлан"
EARLIER_HANDLER = "Ахметов Болат"


def schedule_today(centre: Centre, official: str, cabinet: str) -> None:
    """The administrator's part, from the shell: the official and today's approved schedule
    (a reception on a day off is asked for: the suite may run at a weekend)."""
    today = datetime.now(ALMATY).date().isoformat()
    centre.cli(
        "officials", "add", official,
        "--name-kk", "Серіков Асқар Болатұлы", "--name-ru", "Сериков Аскар Болатович",
        "--position-kk", "Аудан әкімінің орынбасары",
        "--position-ru", "Заместитель акима района",
        "--cabinet", cabinet,
    )  # fmt: skip
    centre.cli(
        "schedule", "add-day", "--official", official, "--day", today,
        "--starts", "00:00", "--ends", "23:40", "--allow-day-off",
    )  # fmt: skip
    centre.cli("schedule", "approve", today[:7], "--approved-by", "Аудан әкімі")


def both_sizes(page: Page, name: str) -> None:
    """Screenshots (with axe-core) at the monoblocks' 1366×768 and at 1920×1080."""
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}x{height}")


def request_id_of(page: Page) -> int:
    match = re.search(r"/reception/requests/(\d+)", page.url)
    assert match, page.url
    return int(match.group(1))


def test_a_request_goes_from_registration_to_the_appeal_on_the_staff_screens(
    browser: Browser, centre: Centre
) -> None:
    centre.add_user("desk", "reception")
    centre.add_user("serikov", "official")
    schedule_today(centre, "deputy", "cabinet-201")
    now = datetime.now(ALMATY)

    # The desk registers a request that came on paper two weeks ago (000 p.25).
    desk = new_page(browser)
    sign_in(desk, centre, "desk")
    desk.goto(centre.url + "/reception")
    desk.fill("#received_at", (now - timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    desk.select_option("#channel", "paper")
    desk.fill("#applicant_name", APPLICANT)
    desk.fill("#contact", "+7 701 000 00 00")
    desk.fill("#subject", "Выделение земельного участка")
    desk.select_option("#topic", "land")  # problem-issue monitoring (003 App.2 p.7)
    desk.select_option("#district", "medeu")
    desk.select_option("#language", "ru")
    desk.select_option("#official", "deputy")
    both_sizes(desk, "reception-requests")
    desk.click("[data-register]")
    expect(desk).to_have_url(re.compile(r"/reception/requests/\d+\?done=registered"))
    request_id = request_id_of(desk)
    expect(desk.locator("[data-state]")).to_have_attribute("data-state", "registered")
    # The reply is owed within the term of 000 p.29, shown with its traffic light.
    expect(desk.locator('[data-deadline="reply"]')).to_be_visible()
    # Post/redirect/get: a reload registers nothing again.
    desk.reload()
    desk.goto(centre.url + "/reception")
    expect(desk.locator("tr[data-request]")).to_have_count(1)

    # Accepted for the official (000 p.26), then given today's time (000 p.28): the official
    # agreed to receive sooner than the final list allows (000 p.3).
    desk.goto(f"{centre.url}/reception/requests/{request_id}")
    both_sizes(desk, "reception-request-card")
    desk.click("[data-accept]")
    expect(desk.locator("[data-state]")).to_have_attribute("data-state", "accepted")
    desk.goto(centre.url + "/reception")
    desk.fill("#earliest", now.date().isoformat())
    desk.click("[data-allocate]")
    expect(desk.locator("[data-done]")).to_contain_text("1")
    row = desk.locator(f'tr[data-request="{request_id}"]')
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "scheduled")

    # The reply letter, in the applicant's language (000 p.21, p.29).
    desk.goto(f"{centre.url}/reception/requests/{request_id}")
    href = desk.locator('[data-letter="reply"]').get_attribute("href")
    assert href
    letter = desk.context.new_page()  # the link opens a tab of the same browser
    letter.goto(centre.url + href)
    expect(letter.locator('[data-letter="reply"]')).to_contain_text("Сериков Аскар Болатович")
    expect(letter.locator("html")).to_have_attribute("lang", "ru")
    letter.close()

    # On the day the applicant checks in at the desk: a ticket to the cabinet (001 p.15).
    desk.goto(centre.url + "/desk")
    desk.locator(f'#bookings [data-booking="{request_id}"] button.check-in').click()
    expect(desk.locator("[data-booking-ticket]")).to_have_text("400")

    # The official reads the requests, and cannot decide on them.
    monoblock = new_page(browser)
    sign_in(monoblock, centre, "serikov", workplace="cabinet-201")
    monoblock.goto(centre.url + "/reception")
    expect(monoblock.locator(f'tr[data-request="{request_id}"]')).to_be_visible()
    expect(monoblock.locator("#register")).to_have_count(0)
    expect(monoblock.locator("[data-allocate]")).to_have_count(0)

    # The official calls the applicant and records the protocol: the decision and an
    # instruction with its executor and deadline (000 p.23).
    monoblock.goto(centre.url + "/workplace")
    monoblock.wait_for_function("window.qbStaff && window.qbStaff.connected")
    monoblock.click("button.call-next")
    expect(monoblock.locator(".current-number")).to_have_text("400")
    card = monoblock.locator(f'.current-booking[data-booking="{request_id}"]')
    expect(card).to_contain_text(APPLICANT)
    due = (now + timedelta(days=10)).date().isoformat()
    card.locator("textarea[name=decision]").fill("Рассмотреть выделение участка")
    card.locator("[data-protocol-text]").first.fill("Подготовить ответ о выделении участка")
    card.locator("[data-protocol-executor]").first.fill("Отдел земельных отношений")
    card.locator("[data-protocol-due]").first.fill(due)
    both_sizes(monoblock, "cabinet-booking")
    card.locator("[data-record-protocol]").click()
    expect(monoblock).to_have_url(re.compile(r"/workplace\?done=protocol"))
    card = monoblock.locator(f'.current-booking[data-booking="{request_id}"]')
    expect(card.locator("[data-protocol]")).to_contain_text("Рассмотреть выделение участка")
    # The applicant came in; a cabinet's outcomes are the official's, not the consultant's.
    monoblock.click("[data-key=s]")
    expect(monoblock.locator("#outcome option")).to_have_count(2)
    outcomes = [o.get_attribute("value") for o in monoblock.locator("#outcome option").all()]
    assert outcomes == ["received", "other"]
    expect(monoblock.locator("[data-timer-since]")).to_be_visible()  # the service timer

    # An appeal filed at the reception, naming who handled the matter before (000 p.36–37).
    card.locator("details summary").click()
    card.locator("textarea[name=summary]").fill("Жалоба на отказ в выделении участка")
    card.locator("textarea[name=handled_before]").fill(EARLIER_HANDLER)
    card.locator("[data-file-appeal]").click()
    expect(monoblock).to_have_url(re.compile(r"/workplace\?done=appeal"))
    expect(monoblock.locator(".current-booking [data-appeal]")).to_contain_text("жеке қабылдаудан")

    # The desk sees the protocol, the instruction's deadline and the marked appeal.
    desk.goto(f"{centre.url}/reception/requests/{request_id}")
    expect(desk.locator("[data-protocol]")).to_contain_text("Отдел земельных отношений")
    appeal = desk.locator("[data-appeal]")
    expect(appeal.locator("[data-mark]")).to_have_text("«жеке қабылдаудан»")
    # Not to the employee who handled it before: refused in the form itself (000 p.37).
    appeal.locator("input[name=employee]").fill(EARLIER_HANDLER)
    appeal.locator("[data-assign]").click()
    expect(desk.locator("[data-error]")).to_contain_text(EARLIER_HANDLER)
    both_sizes(desk, "reception-appeal-refused")
    appeal = desk.locator("[data-appeal]")
    appeal.locator("input[name=employee]").fill("Иванова Алия")
    appeal.locator("[data-assign]").click()
    expect(desk.locator("[data-assignee]")).to_have_text("Иванова Алия")
    # Under control until a reasoned answer (000 p.35): the list says so.
    desk.goto(centre.url + "/reception")
    expect(desk.locator(".appeals [data-appeal]")).to_contain_text("Иванова Алия")


def test_a_visitor_sent_to_personal_reception_goes_to_the_cabinet_chosen(
    browser: Browser, centre: Centre
) -> None:
    """From the consultant's screen a visitor without a booking is sent to a named official's
    cabinet; the other cabinet's "call next" does not take them (issue 12; 001 p.15)."""
    centre.add_user("desk", "reception")
    centre.add_user("ainur", "consultant")
    centre.add_user("first", "official")
    centre.add_user("second", "official")
    token = api_token(centre, "desk")
    answer = httpx2.post(
        centre.url + "/api/tickets",
        json={"zone": "consultation", "language": "kk"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text
    display = answer.json()["display"]

    window = new_page(browser)
    sign_in(window, centre, "ainur", workplace="window-1")
    window.click("button.call-next")
    expect(window.locator(".current-number")).to_have_text(display)
    # A zone of cabinets is offered by cabinet only, never as "the queue".
    values = [o.get_attribute("value") for o in window.locator("#target option").all()]
    assert "personal_reception:cabinet-202" in values
    assert "personal_reception" not in values
    window.select_option("#target", "personal_reception:cabinet-202")
    window.once("dialog", lambda dialog: dialog.accept())  # "it leaves this workplace?"
    window.click("[data-key=t]")
    expect(window.locator("button.call-next")).to_be_visible()

    other = new_page(browser)
    sign_in(other, centre, "first", workplace="cabinet-201")
    other.wait_for_function("window.qbStaff && window.qbStaff.connected")
    other.click("button.call-next")
    expect(other.locator("#panel .error")).to_be_visible()  # nobody waiting for this cabinet
    expect(other.locator(".current-number")).to_have_count(0)

    chosen = new_page(browser)
    sign_in(chosen, centre, "second", workplace="cabinet-202")
    chosen.wait_for_function("window.qbStaff && window.qbStaff.connected")
    chosen.click("button.call-next")
    expect(chosen.locator(".current-number")).to_have_text(display)
