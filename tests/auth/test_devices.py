"""Kiosks and boards: registered by the administrator, paired by a link, refused once
revoked; and who may open a websocket."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.websockets import WebSocket

from app.domain.access.identity import Device, DeviceKind, Staff
from app.domain.access.roles import Role
from app.edge.access import authenticate_websocket
from app.edge.state import AppState
from tests.conftest import Clock
from tests.support.auth import add_staff, bearer, browser_sign_in, device_token, staff_token


def register(client: TestClient, kind: str = "board", name: str = "Hall board") -> dict[str, Any]:
    response = client.post("/api/devices", json={"kind": kind, "name": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_administrator_registers_lists_and_revokes(client: TestClient) -> None:
    created = register(client)
    assert created["kind"] == "board"
    assert created["name"] == "Hall board"
    assert created["token"].startswith("qbd_")
    assert created["pairing_url"] == f"http://testserver/pair/{created['token']}"
    listed = client.get("/api/devices").json()
    assert [d["id"] for d in listed] == [created["id"]]
    assert "token" not in listed[0]  # shown once, never again
    revoked = client.post(f"/api/devices/{created['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    missing = client.post("/api/devices/424242/revoke")
    assert missing.status_code == 404
    assert missing.json()["code"] == "device_not_found"


def test_a_device_needs_a_kind_and_a_name(client: TestClient) -> None:
    assert client.post("/api/devices", json={"kind": "phone", "name": "x"}).status_code == 422
    assert client.post("/api/devices", json={"kind": "board", "name": ""}).status_code == 422


@pytest.mark.parametrize("kind", ["board", "kiosk"])
def test_the_pairing_link_remembers_the_device_and_opens_its_screen(
    client: TestClient, anonymous_client: TestClient, kind: str
) -> None:
    created = register(client, kind=kind)
    response = anonymous_client.get(created["pairing_url"])
    assert response.status_code == 303
    assert response.headers["location"] == f"/{kind}"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"qb_device={created['token']}".lower())
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert f"max-age={400 * 24 * 3600}" in cookie


def test_a_paired_board_reads_the_board_and_nothing_else(
    client: TestClient, anonymous_client: TestClient
) -> None:
    anonymous_client.get(register(client)["pairing_url"])  # the cookie is now in the jar
    assert anonymous_client.get("/api/board").status_code == 200
    refused = anonymous_client.get("/api/tickets/1")
    assert refused.status_code == 403
    assert refused.json()["code"] == "device_not_staff"


def test_a_kiosk_may_not_read_the_board_feed(anonymous_client: TestClient, state: AppState) -> None:
    token = device_token(state, DeviceKind.KIOSK)
    response = anonymous_client.get(f"/api/board?token={token}")
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_device"


def test_a_revoked_device_is_shut_out(client: TestClient, anonymous_client: TestClient) -> None:
    created = register(client)
    anonymous_client.get(created["pairing_url"])
    client.post(f"/api/devices/{created['id']}/revoke")
    assert anonymous_client.get("/api/board").status_code == 401
    again = anonymous_client.get(created["pairing_url"])
    assert again.status_code == 401
    assert "unknown or was revoked" in again.text


def test_last_seen_is_noted_at_most_once_a_minute(
    client: TestClient, anonymous_client: TestClient, clock: Clock
) -> None:
    created = register(client)
    assert client.get("/api/devices").json()[0]["last_seen_at"] is None
    anonymous_client.get(f"/api/board?token={created['token']}")
    first = client.get("/api/devices").json()[0]["last_seen_at"]
    assert first is not None
    clock.advance(seconds=30)
    anonymous_client.get(f"/api/board?token={created['token']}")
    assert client.get("/api/devices").json()[0]["last_seen_at"] == first
    clock.advance(seconds=30)
    anonymous_client.get(f"/api/board?token={created['token']}")
    assert client.get("/api/devices").json()[0]["last_seen_at"] != first


def test_the_admin_page_registers_and_revokes(application: FastAPI, state: AppState) -> None:
    add_staff(state, "boss", Role.ADMIN)
    browser = TestClient(application, follow_redirects=False)
    csrf = browser_sign_in(browser, "boss")
    page = browser.get("/admin/devices?lang=ru")
    assert page.status_code == 200
    assert "Киоски и табло" in page.text
    created = browser.post(
        "/admin/devices", data={"kind": "kiosk", "name": "Lobby kiosk", "csrf_token": csrf}
    )
    # Post/redirect/get (12.5): the link is shown once, on the page the redirect leads to;
    # reloading that page registers nothing and shows the link no more.
    assert created.status_code == 303
    shown = browser.get(created.headers["location"])
    assert "http://testserver/pair/qbd_" in shown.text
    again = browser.get(created.headers["location"])
    assert "/pair/" not in again.text
    assert len(browser.get("/api/devices").json()) == 1
    # A forged cookie cannot make the page show a link elsewhere.
    forged = base64.urlsafe_b64encode(
        json.dumps({"name": "x", "kind": "kiosk", "link": "javascript:alert(1)"}).encode()
    ).decode()
    browser.cookies.set("qb_registered", forged, path="/admin/devices")
    assert "javascript:" not in browser.get("/admin/devices").text
    device_id = browser.get("/api/devices").json()[0]["id"]
    revoked = browser.post(f"/admin/devices/{device_id}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303
    assert browser.get("/api/devices").json()[0]["revoked_at"] is not None


# websockets ----------------------------------------------------------------------------------


def socket(
    application: FastAPI,
    *,
    query: str = "",
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    origin: str | None = None,
) -> WebSocket:
    raw = [(b"host", b"testserver")]
    if cookies:
        raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    if origin:
        raw.append((b"origin", origin.encode()))
    raw.extend((k.lower().encode(), v.encode()) for k, v in (headers or {}).items())
    scope = {
        "type": "websocket",
        "path": "/ws/events",
        "query_string": query.encode(),
        "headers": raw,
        "app": application,
    }

    async def never() -> Any:  # pragma: no cover - nothing is received here
        raise AssertionError

    async def ignore(_message: Any) -> None:  # pragma: no cover
        raise AssertionError

    return WebSocket(scope, never, ignore)


def who(websocket: WebSocket) -> Staff | Device | None:
    return asyncio.run(authenticate_websocket(websocket))


def test_websocket_callers(application: FastAPI, state: AppState) -> None:
    api_token = staff_token(state, Role.CONSULTANT, workplace="window-1")
    board = device_token(state, DeviceKind.BOARD)
    add_staff(state, "boss", Role.ADMIN)
    browser = TestClient(application, follow_redirects=False)
    browser_sign_in(browser, "boss")
    session = browser.cookies["qb_session"]

    staff = who(socket(application, query=f"token={api_token}"))
    assert isinstance(staff, Staff)
    assert staff.role is Role.CONSULTANT
    assert staff.workplace == "window-1"
    assert isinstance(who(socket(application, query=f"token={board}")), Device)
    assert isinstance(who(socket(application, headers=bearer(board))), Device)
    assert isinstance(who(socket(application, cookies={"qb_device": board})), Device)
    from_our_page = who(
        socket(application, cookies={"qb_session": session}, origin="http://testserver")
    )
    assert isinstance(from_our_page, Staff)
    assert from_our_page.username == "boss"

    # Refused: nothing, a forged token (even with a good cookie), another site's page.
    assert who(socket(application)) is None
    assert who(socket(application, query="token=qbs_forged", cookies={"qb_device": board})) is None
    assert (
        who(socket(application, cookies={"qb_session": session}, origin="http://evil.example"))
        is None
    )
