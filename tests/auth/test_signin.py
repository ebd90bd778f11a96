"""The sign-in page, its session cookie and sign-out (guessing: tests/auth/test_guessing.py)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import select

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.staff import AuthToken, StaffUser
from tests.conftest import Clock
from tests.support.auth import PASSWORD, add_staff, browser_sign_in, device_token
from tests.support.units import transaction

Post = Callable[..., Response]


@pytest.fixture
def browser(application: FastAPI) -> TestClient:
    return TestClient(application, follow_redirects=False)


def submit(browser: TestClient, username: str, password: str, **fields: str) -> Response:
    if "qb_login" not in browser.cookies:
        browser.get("/login")
    data = {"username": username, "password": password, **fields}
    data.setdefault("csrf_token", browser.cookies.get("qb_login") or "")
    return browser.post("/login", data=data)


def set_cookie_header(response: Response, name: str) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers
    return headers[0]


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("kk", "Қызметкерлердің кіруі", "Кіру"),
        ("ru", "Вход для сотрудников", "Войти"),
        ("en", "Staff sign-in", "Sign in"),
    ],
)
def test_the_sign_in_page_speaks_the_readers_language(
    browser: TestClient, lang: str, title: str, button: str
) -> None:
    page = browser.get(f"/login?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert title in page.text
    assert f">{button}</button>" in page.text
    assert "window-1" in page.text  # the centre's workplaces are offered


def test_signing_in_sets_a_guarded_session_cookie(browser: TestClient, state: AppState) -> None:
    add_staff(state, "aigerim", Role.RECEPTION, full_name="Айгерім")
    response = submit(browser, "Aigerim ", PASSWORD)  # case and spaces do not matter
    assert response.status_code == 303
    assert response.headers["location"] == "/desk"  # reception's home
    cookie = set_cookie_header(response, "qb_session").lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "max-age=43200" in cookie  # 12 hours
    assert "path=/" in cookie
    assert "secure" not in cookie  # plain http here
    me = browser.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json() == {
        "username": "aigerim",
        "full_name": "Айгерім",
        "role": "reception",
        "workplace": None,
        "permissions": ["issue", "manage", "read"],
    }


def test_the_cookie_is_secure_over_https(application: FastAPI, state: AppState) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    browser = TestClient(application, base_url="https://testserver", follow_redirects=False)
    response = submit(browser, "aigerim", PASSWORD)
    assert response.status_code == 303
    assert "secure" in set_cookie_header(response, "qb_session").lower()


def test_a_consultant_signs_in_at_a_workplace(browser: TestClient, state: AppState) -> None:
    add_staff(state, "daulet", Role.CONSULTANT)
    refused = submit(browser, "daulet", PASSWORD, workplace="")
    assert refused.status_code == 422
    assert "Choose the workplace or room" in refused.text  # English says room (review C-40)
    assert "qb_session" not in browser.cookies
    unknown = submit(browser, "daulet", PASSWORD, workplace="window-99")
    assert unknown.status_code == 422
    response = submit(browser, "daulet", PASSWORD, workplace="window-2")
    assert response.status_code == 303
    assert response.headers["location"] == "/workplace"
    assert browser.get("/api/auth/me").json()["workplace"] == "window-2"


def test_wrong_password_and_unknown_user_get_the_same_answer(
    browser: TestClient, state: AppState
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    wrong = submit(browser, "aigerim", "not the password")
    unknown = submit(browser, "nobody", "not the password")
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Wrong username or password." in response.text
        assert "qb_session" not in response.headers.get("set-cookie", "")
    ru = browser.post(
        "/login?lang=ru",
        data={"username": "nobody", "password": "x", "csrf_token": browser.cookies["qb_login"]},
    )
    assert "Неверное имя пользователя или пароль." in ru.text


def test_an_inactive_account_cannot_sign_in(browser: TestClient, state: AppState) -> None:
    add_staff(state, "gone", Role.CONSULTANT)
    with transaction(state.engine) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "gone")).one()
        user.active = False
        session.add(user)
    response = submit(browser, "gone", PASSWORD, workplace="window-1")
    assert response.status_code == 401


def test_the_form_needs_its_own_token(browser: TestClient, state: AppState) -> None:
    """Another site cannot sign the browser in (login CSRF): the form's token must match
    the cookie the sign-in page set."""
    add_staff(state, "aigerim", Role.RECEPTION)
    no_cookie = browser.post(
        "/login", data={"username": "aigerim", "password": PASSWORD, "csrf_token": ""}
    )
    assert no_cookie.status_code == 403
    assert "expired" in no_cookie.text
    wrong = submit(browser, "aigerim", PASSWORD, csrf_token="forged")
    assert wrong.status_code == 403
    assert "qb_session" not in browser.cookies


@pytest.mark.parametrize(
    ("next_path", "lands"),
    [
        ("/admin/devices?x=1", "/admin/devices?x=1"),
        ("//evil.example/", "/desk"),
        ("https://evil.example/", "/desk"),
        ("/\\evil.example", "/desk"),
    ],
)
def test_next_is_followed_only_within_the_site(
    browser: TestClient, state: AppState, next_path: str, lands: str
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    response = submit(browser, "aigerim", PASSWORD, next=next_path)
    assert response.headers["location"] == lands


def test_an_anonymous_page_visit_goes_to_sign_in_and_back(
    browser: TestClient, state: AppState
) -> None:
    add_staff(state, "boss", Role.ADMIN)
    first = browser.get("/admin/devices")
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Fadmin%2Fdevices"
    form = browser.get(first.headers["location"])
    assert 'name="next" value="/admin/devices"' in form.text
    response = submit(browser, "boss", PASSWORD, next="/admin/devices")
    assert response.headers["location"] == "/admin/devices"
    assert browser.get("/admin/devices").status_code == 200


def test_htmx_requests_are_redirected_by_header(browser: TestClient) -> None:
    response = browser.post(
        "/admin/devices",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/admin/devices"},
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=%2Fadmin%2Fdevices"


# sign-out ------------------------------------------------------------------------------------


def test_signing_out_revokes_the_session(browser: TestClient, state: AppState) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    csrf = browser_sign_in(browser, "aigerim")
    cookie = browser.cookies["qb_session"]
    response = browser.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert (
        'qb_session=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    # The old cookie is dead even if a copy of it is replayed.
    replay = TestClient(browser.app, cookies={"qb_session": cookie})
    assert replay.get("/api/auth/me").status_code == 401
    with transaction(state.engine) as session:
        assert all(t.revoked for t in session.exec(select(AuthToken)).all())


def test_signing_out_needs_the_csrf_token(browser: TestClient, state: AppState) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    browser_sign_in(browser, "aigerim")
    refused = browser.post("/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert browser.get("/api/auth/me").status_code == 200  # still signed in


def test_signing_out_without_a_session_just_goes_to_sign_in(browser: TestClient) -> None:
    response = browser.post("/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_a_session_expires_after_twelve_hours(
    browser: TestClient, state: AppState, clock: Clock
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    browser_sign_in(browser, "aigerim")
    clock.advance(hours=11, minutes=59)
    assert browser.get("/api/auth/me").status_code == 200
    clock.advance(minutes=1)
    assert browser.get("/api/auth/me").status_code == 401


def test_signing_in_again_ends_the_browsers_previous_session(
    browser: TestClient, state: AppState
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    add_staff(state, "boss", Role.ADMIN)
    browser_sign_in(browser, "aigerim")
    first = browser.cookies["qb_session"]
    browser_sign_in(browser, "boss")
    replay = TestClient(browser.app, cookies={"qb_session": first})
    assert replay.get("/api/auth/me").status_code == 401
    assert browser.get("/api/auth/me").json()["username"] == "boss"


def test_the_screens_go_on_in_the_sign_in_pages_language(
    browser: TestClient, state: AppState
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    browser.get("/login?lang=kk")
    response = browser.post(
        "/login?lang=kk",
        data={
            "username": "aigerim",
            "password": PASSWORD,
            "csrf_token": browser.cookies["qb_login"],
        },
    )
    assert response.status_code == 303
    assert browser.cookies["qb_lang"] == "kk"


def test_the_desk_names_purposes_as_staff_do(browser: TestClient, state: AppState) -> None:
    """12.13: the desk says what the visitor came for in staff words, not in the visitor's
    own first-person words of the kiosk («мәтінім жоқ», «I have a booked reception»)."""
    add_staff(state, "aigerim", Role.RECEPTION)
    submit(browser, "aigerim", PASSWORD)
    page = {lang: browser.get(f"/desk?lang={lang}").text for lang in ("kk", "ru", "en")}
    assert "Booked personal reception" in page["en"]
    assert "I have a booked reception" not in page["en"]
    assert "Обращение с текстом на бумаге" in page["ru"]
    assert "Мәтіні қағаз жеткізгіште бар жолданым" in page["kk"]  # 001 p.8; review A-9, C-29
    assert "мәтінім" not in page["kk"]


def test_an_ended_session_is_said_on_the_sign_in_page(browser: TestClient) -> None:
    """12.7: a session cookie that no longer signs in (ended, timed out) is sent to the
    sign-in with the reason, which the page says in the reader's language."""
    browser.cookies.set("qb_session", "qbs_ended-long-ago")
    sent = browser.get("/workplace?lang=ru")
    assert sent.status_code == 303
    assert "why=expired" in sent.headers["location"]
    assert "next=%2Fworkplace" in sent.headers["location"]
    page = browser.get(sent.headers["location"] + "&lang=ru")
    assert "Ваш сеанс завершён" in page.text
    browser.cookies.clear()
    fresh = browser.get("/workplace")  # never signed in: no such notice
    assert "why=expired" not in fresh.headers["location"]


def test_a_refused_htmx_click_swaps_no_page_into_the_screen(
    browser: TestClient, state: AppState
) -> None:
    """A refusal of an htmx request (here: no such address) swaps nothing in — a whole page
    inside the fragment's place broke the screen — and hands the message to the screen."""
    add_staff(state, "aigerim", Role.RECEPTION)
    submit(browser, "aigerim", PASSWORD)
    refused = browser.get("/desk/no-such-part?lang=ru", headers={"HX-Request": "true"})
    assert refused.status_code == 404
    assert refused.headers["hx-reswap"] == "none"
    assert refused.text == ""
    said = json.loads(refused.headers["hx-trigger"])["qb-refused"]["message"]
    assert said == "Такой страницы здесь нет."


def test_the_centres_address_leads_a_device_to_its_screen(
    application: FastAPI, state: AppState
) -> None:
    kiosk = TestClient(application, follow_redirects=False)
    kiosk.cookies.set("qb_device", device_token(state, DeviceKind.KIOSK, "Lobby"))
    assert kiosk.get("/").headers["location"] == "/kiosk"
    nobody = TestClient(application, follow_redirects=False)
    assert nobody.get("/").headers["location"] == "/login"
