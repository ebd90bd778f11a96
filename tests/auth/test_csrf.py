"""A request the session cookie authorises must carry the session's CSRF token when it
changes something: header X-CSRF-Token (htmx) or form field csrf_token. Bearer tokens are
exempt: a browser never adds them by itself."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from app.edge.state import AppState
from tests.support.auth import add_staff, bearer, browser_sign_in, session_csrf, staff_token

TICKET = {"zone": "consultation", "language": "kk"}


@pytest.fixture
def browser(application: FastAPI, state: AppState) -> TestClient:
    """Signed in as an administrator through the sign-in page (session cookie only)."""
    add_staff(state, "boss", Role.ADMIN)
    client = TestClient(application, follow_redirects=False)
    browser_sign_in(client, "boss")
    return client


@pytest.mark.parametrize("header", [None, "", "forged-token"])
def test_a_cookie_post_without_the_right_token_is_refused(
    browser: TestClient, header: str | None
) -> None:
    headers = {} if header is None else {"X-CSRF-Token": header}
    response = browser.post("/api/tickets", json=TICKET, headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "The form's security token is missing or out of date. "
        "Reload the page and try again.",
        "code": "csrf",
    }


def test_the_refusal_in_russian(browser: TestClient) -> None:
    response = browser.post("/api/tickets?lang=ru", json=TICKET)
    assert response.status_code == 403
    assert "Обновите страницу" in response.json()["detail"]


def test_a_cookie_post_with_the_header_passes(browser: TestClient) -> None:
    response = browser.post(
        "/api/tickets", json=TICKET, headers={"X-CSRF-Token": session_csrf(browser)}
    )
    assert response.status_code == 201, response.text


def test_a_form_post_carries_the_token_as_a_field(browser: TestClient) -> None:
    token = session_csrf(browser)
    forged = browser.post(
        "/admin/devices", data={"kind": "board", "name": "Hall", "csrf_token": "x"}
    )
    assert forged.status_code == 403
    assert "security token" in forged.text  # a page, in words
    missing = browser.post("/admin/devices", data={"kind": "board", "name": "Hall"})
    assert missing.status_code == 403
    created = browser.post(
        "/admin/devices", data={"kind": "board", "name": "Hall", "csrf_token": token}
    )
    assert created.status_code == 303  # post/redirect/get
    assert "/pair/qbd_" in browser.get(created.headers["location"]).text


def test_reading_needs_no_token(browser: TestClient) -> None:
    assert browser.get("/api/board").status_code == 200
    assert browser.get("/admin/devices").status_code == 200


def test_the_token_belongs_to_its_session(
    application: FastAPI, state: AppState, browser: TestClient
) -> None:
    """Another session's CSRF token does not open this one."""
    add_staff(state, "other", Role.ADMIN)
    other = TestClient(application, follow_redirects=False)
    other_token = browser_sign_in(other, "other")
    response = browser.post("/api/tickets", json=TICKET, headers={"X-CSRF-Token": other_token})
    assert response.status_code == 403


def test_bearer_requests_are_exempt(anonymous_client: TestClient, state: AppState) -> None:
    response = anonymous_client.post(
        "/api/tickets", json=TICKET, headers=bearer(staff_token(state, Role.RECEPTION))
    )
    assert response.status_code == 201, response.text


def test_a_bearer_header_wins_over_a_cookie(browser: TestClient, state: AppState) -> None:
    """With both, the explicit header decides (and so no CSRF check applies)."""
    response = browser.post(
        "/api/tickets", json=TICKET, headers=bearer(staff_token(state, Role.RECEPTION))
    )
    assert response.status_code == 201
    analyst = browser.post(
        "/api/tickets", json=TICKET, headers=bearer(staff_token(state, Role.ANALYST))
    )
    assert analyst.status_code == 403
