"""`/ws/events`: committed calls, recalls, issues and finishes as JSON, numbers only."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from tests.support.auth import device_token, staff_token


def next_event(ws: WebSocketTestSession) -> dict[str, Any]:
    """The next message that is not a heartbeat."""
    while True:
        message: dict[str, Any] = json.loads(ws.receive_text())
        if message["type"] not in {"hello", "ping", "pong"}:
            return message


def issue_with_visitor_details(client: TestClient) -> int:
    answer = client.post(
        "/api/tickets",
        json={"zone": "consultation", "language": "ru", "purpose": "Иванов Иван, жалоба"},
    )
    assert answer.status_code == 201
    return int(answer.json()["id"])


def test_the_feed_carries_issue_call_recall_and_finish(client: TestClient, state: AppState) -> None:
    token = staff_token(state)
    with client.websocket_connect(f"/ws/events?token={token}") as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        ticket_id = issue_with_visitor_details(client)
        issued = next_event(ws)
        assert issued["type"] == "ticket.issued"
        assert issued["ticket"]["id"] == ticket_id

        assert client.post("/api/workplaces/window-3/call-next").status_code == 200
        called = next_event(ws)
        assert called["type"] == "ticket.called"
        assert called["ticket"]["display"] == "100"
        assert called["ticket"]["language"] == "ru"
        assert called["workplace"]["code"] == "window-3"
        assert called["workplace"]["kind"] == "window"
        assert called["workplace"]["number"] == 3
        assert called["workplace"]["name"]["ru"] == "Окно 3"
        # Personal data never rides on the feed (001 p.2): not the purpose text, not a name.
        assert "Иванов" not in json.dumps(called, ensure_ascii=False)

        client.post(f"/api/tickets/{ticket_id}/recall")
        assert next_event(ws)["type"] == "ticket.recalled"
        client.post(f"/api/tickets/{ticket_id}/start")
        assert next_event(ws)["type"] == "ticket.started"
        client.post(f"/api/tickets/{ticket_id}/finish")
        assert next_event(ws)["type"] == "ticket.finished"


def test_a_refused_change_is_never_broadcast(client: TestClient, state: AppState) -> None:
    with client.websocket_connect(f"/ws/events?token={staff_token(state)}") as ws:
        ws.receive_text()  # hello
        refused = client.post("/api/tickets", json={"zone": "nowhere", "language": "kk"})
        assert refused.status_code == 422
        issue_with_visitor_details(client)
        assert next_event(ws)["type"] == "ticket.issued"  # and nothing before it


def test_a_board_device_may_listen(client: TestClient, state: AppState) -> None:
    token = device_token(state, DeviceKind.BOARD)
    with client.websocket_connect(f"/ws/events?token={token}") as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"


def test_an_anonymous_socket_is_refused(client: TestClient) -> None:
    client.headers.pop("Authorization", None)
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws/events") as ws:
        ws.receive_text()


def _closed_by_the_server(ws: WebSocketTestSession, within: float = 12.0) -> int:
    """Read until the server closes the socket (its close code); fail once `within` seconds
    have passed (heartbeats every 5 s keep each read short)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            ws.receive_text()
        except WebSocketDisconnect as closed:
            return int(closed.code)
    raise AssertionError(f"the feed was still open after {within:g} s")


def test_a_revoked_device_loses_its_open_feed_within_seconds(
    client: TestClient, anonymous_client: TestClient, state: AppState
) -> None:
    token = device_token(state, DeviceKind.BOARD)
    [device] = client.get("/api/devices").json()
    with anonymous_client.websocket_connect(f"/ws/events?token={token}") as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        assert client.post(f"/api/devices/{device['id']}/revoke").status_code == 200
        started = time.monotonic()
        assert _closed_by_the_server(ws) == 1008
    assert time.monotonic() - started < 8  # the heartbeat (5 s) keeps reading going


def test_a_signed_out_token_loses_its_open_feed_within_seconds(
    anonymous_client: TestClient, state: AppState, client: TestClient
) -> None:
    token = staff_token(state, Role.ANALYST)
    with anonymous_client.websocket_connect(f"/ws/events?token={token}") as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        signed_out = anonymous_client.post(
            "/api/auth/logout", headers={"Authorization": f"Bearer {token}"}
        )
        assert signed_out.status_code == 204
        assert _closed_by_the_server(ws) == 1008
