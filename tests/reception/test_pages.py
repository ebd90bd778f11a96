"""The screens of personal reception: the public bilingual schedule (000 p.8), the desk's
bookings with check-in (001 p.15), the official's booking card with the video link (000 p.13)
and the letters in the applicant's language (000 p.21)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from tests.api.helpers import set_clock
from tests.conftest import ClientAs, Clock, almaty
from tests.reception.helpers import HEAD, add_day, add_official, approve, post, register


def schedule_two_officials(client: TestClient) -> None:
    add_official(client)
    add_official(client, HEAD)
    add_day(client, "2026-11-26")
    add_day(client, "2026-11-27", official="head-land", starts="10:00", ends="12:00")
    approve(client, "2026-11")


def test_000_p8_the_public_schedule_names_officials_in_kazakh_and_russian(
    client: TestClient, anonymous_client: TestClient
) -> None:
    schedule_two_officials(client)
    page = anonymous_client.get("/schedule?month=2026-11&lang=en")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="kk">' in html
    for text in (
        "Серіков Асқар Болатұлы",
        "Сериков Аскар Болатович",
        "Аудан әкімінің орынбасары",
        "Заместитель акима района",
        "26.11.2026",
        "бейсенбі",  # Thursday, kk
        "четверг",  # Thursday, ru
        "15:00–16:00",
        "201-кабинет",
        "Кабинет 201",
        "Омарова Бибигуль Кайратовна",
        "27.11.2026",
        "Аудан әкімі Н. Ержанов",  # approved by whom (000 p.7-1)
        "@media print",  # printable for the wall
    ):
        assert text in html, text


def test_000_p16_a_day_the_official_cannot_receive_is_not_said_like_a_cancelled_ticket(
    client: TestClient, anonymous_client: TestClient
) -> None:
    """A ticket is «күші жойылды»; a reception day off the schedule «қабылдау өтпейді» /
    «приём отменён», not «болдырылмады» (did not take place): one English word, two msgctxt."""
    add_official(client)
    day = add_day(client, "2026-11-26")
    approve(client, "2026-11")
    post(client, f"/api/reception-schedule/days/{day['id']}/absence", {"reason": "іссапар"})
    html = anonymous_client.get("/schedule?month=2026-11").text
    assert "— қабылдау өтпейді / приём отменён" in html
    assert "болдырылмады" not in html


def test_000_p8_an_unapproved_schedule_is_not_published(
    client: TestClient, anonymous_client: TestClient
) -> None:
    add_official(client)
    add_day(client, "2026-12-03")
    html = anonymous_client.get("/schedule?month=2026-12").text
    assert "Серіков" not in html
    assert "Бұл айға бекітілген кесте әлі жоқ." in html


def test_001_p15_the_desk_checks_a_booked_applicant_in(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    schedule_two_officials(client)
    request = register(client, applicant_name="Жұмабаев Ерлан", category="disability")
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    set_clock(client, clock, almaty(2026, 11, 26, 14, 55))
    desk = client_as(Role.RECEPTION)
    listing = desk.get("/reception/desk?lang=ru")
    assert listing.status_code == 200
    assert "Жұмабаев Ерлан" in listing.text
    assert "15:00" in listing.text
    assert 'value="disability" selected' in listing.text  # the request's category preselected
    checked = desk.post(f"/reception/desk/{request['id']}/check-in", data={"category": ""})
    assert checked.status_code == 200, checked.text
    assert 'data-booking-ticket="400"' in checked.text
    assert "Кабинет 201" in checked.text
    again = desk.post(f"/reception/desk/{request['id']}/check-in", data={"category": ""})
    assert again.status_code == 409
    assert "error" in again.text


def test_000_p13_the_official_sees_the_booking_and_its_video_link(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    schedule_two_officials(client)
    request = register(
        client,
        language="ru",
        video_consent=True,
        video_link="https://vc.example.kz/room/7",
    )
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    set_clock(client, clock, almaty(2026, 11, 26, 15, 0))
    post(client, f"/api/reception-requests/{request['id']}/check-in")
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    screen = official.get("/workplace")
    assert '/reception/workplace"' in screen.text  # the cabinet's screen loads its bookings
    post(official, "/api/workplaces/cabinet-201/call-next")
    # The cabinet's bookings fragment finds the ticket being served itself and shows its card.
    card = official.get("/reception/workplace?lang=ru")
    assert f'<div class="current-booking" data-booking="{request["id"]}">' in card.text
    assert "data-video-link" in card.text
    assert "https://vc.example.kz/room/7" in card.text
    assert "Жер учаскесін беру мәселесі" in card.text
    # The other cabinet's official sees none of it.
    other = client_as(Role.OFFICIAL, workplace="cabinet-202")
    assert "vc.example.kz" not in other.get("/reception/workplace").text


def test_000_p29_p21_the_reply_letter_in_the_applicants_language(client: TestClient) -> None:
    schedule_two_officials(client)
    kazakh = register(client, language="kk")
    russian = register(client, language="ru", received_at="2026-11-23T10:00:00+05:00")
    for request in (kazakh, russian):
        post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    kk_letter = client.get(f"/reception/requests/{kazakh['id']}/letters/reply?lang=ru").text
    assert '<html lang="kk">' in kk_letter
    assert "Серіков Асқар Болатұлы" in kk_letter
    assert "26.11.2026" in kk_letter
    assert "15:00" in kk_letter
    assert "201-кабинет" in kk_letter
    ru_letter = client.get(f"/reception/requests/{russian['id']}/letters/reply").text
    assert '<html lang="ru">' in ru_letter
    assert "Сериков Аскар Болатович" in ru_letter
    assert "15:20" in ru_letter
    assert "Кабинет 201" in ru_letter
    assert "@media print" in ru_letter


def test_000_p30_p32_extension_and_draft_refusal_letters(client: TestClient) -> None:
    request = register(client, language="ru")
    path = f"/reception/requests/{request['id']}/letters"
    assert client.get(f"{path}/extension").status_code == 409  # nothing extended yet
    post(
        client,
        f"/api/reception-requests/{request['id']}/extend",
        {"kind": "reasoned", "reason": "нужна экспертиза"},
    )
    extension = client.get(f"{path}/extension").text
    assert "25.01.2027" in extension
    assert "нужна экспертиза" in extension
    post(
        client,
        f"/api/reception-requests/{request['id']}/refusal-draft",
        {"ground": "outside_competence"},
    )
    draft = client.get(f"{path}/refusal-draft").text
    assert "27.11.2026" in draft  # decision from: 25, 26, 27 Nov (000 p.32)
    assert "компетенци" in draft  # the ground, in Russian
    assert client.get(f"{path}/reply").status_code == 409  # no date and time to tell


def test_000_p5_the_not_considered_letter(client: TestClient) -> None:
    request = register(client, subject="", language="kk")
    letter = client.get(f"/reception/requests/{request['id']}/letters/not-considered")
    assert letter.status_code == 200
    assert 'data-letter="not-considered"' in letter.text
    assert "23.11.2026" in letter.text


def test_004_p12_6_the_staff_list_shows_each_requests_light_and_letters(
    client: TestClient, client_as: ClientAs
) -> None:
    overdue = register(client, received_at="2026-11-02T10:00:00+05:00")
    blank = register(client, subject="")
    desk = client_as(Role.RECEPTION)
    page = desk.get("/reception?lang=ru")
    assert page.status_code == 200
    html = page.text
    assert f'data-request="{overdue["id"]}"' in html
    assert 'data-light="overdue"' in html
    assert "просрочено" in html
    assert f'href="/reception/requests/{blank["id"]}"' in html  # each row opens its card
    card = desk.get(f"/reception/requests/{blank['id']}?lang=ru").text
    assert f"/reception/requests/{blank['id']}/letters/not-considered" in card  # 000 p.5
    # 001 p.2: an official reads only the requests booked to the cabinet signed in at; a
    # consultant reads none.
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    assert official.get("/reception").status_code == 200
    assert f'data-request="{overdue["id"]}"' not in official.get("/reception").text
    assert official.get(f"/reception/requests/{overdue['id']}").status_code == 403
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    assert consultant.get("/reception").status_code == 403
    assert consultant.get(f"/reception/requests/{overdue['id']}").status_code == 403


def test_001_p15_consultation_screens_show_who_receives_today(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    schedule_two_officials(client)
    set_clock(client, clock, almaty(2026, 11, 26, 10, 0))
    consultant = client_as(Role.CONSULTANT, workplace="window-1")
    part = consultant.get("/reception/today?lang=ru")
    assert part.status_code == 200
    assert "Сериков Аскар Болатович" in part.text
    assert "15:00–16:00" in part.text
    assert "Кабинет 201" in part.text
    assert "Омарова" not in part.text  # she receives tomorrow
    assert 'hx-get="/reception/today"' in consultant.get("/workplace").text


def test_nobody_receives_on_a_day_without_schedule(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    schedule_two_officials(client)
    set_clock(client, clock, almaty(2026, 11, 25, 10, 0))
    part = client_as(Role.CONSULTANT, workplace="window-1").get("/reception/today?lang=en")
    assert "Nobody receives today." in part.text
