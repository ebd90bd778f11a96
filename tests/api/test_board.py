"""The waiting-hall board (001 p.9, p.13) and the centre's read-only routes."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from app.config.centre import CentreConfig
from tests.api.helpers import Json, act, call_next, issue, set_clock
from tests.conftest import Clock, almaty

SECRET_PURPOSE = "жалоба на соседа Иванова"


def board(client: TestClient) -> Json:
    response = client.get("/api/board")
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def test_empty_board(client: TestClient, centre: CentreConfig) -> None:
    shown = board(client)
    assert shown["current"] == []
    assert shown["last_calls"] == []
    assert shown["waiting"] == {z.code: 0 for z in centre.zones if z.issues_tickets}


def test_board_shows_the_call_and_where_to_go(client: TestClient, clock: Clock) -> None:
    """001 p.9, p.13: the visitor goes to the workplace shown with their number."""
    ticket = issue(client, language="ru")
    clock.advance(minutes=2)
    call_next(client, "window-3")
    shown = board(client)
    assert len(shown["current"]) == 1
    call = shown["current"][0]
    assert call["ticket"] == ticket["display"]
    assert call["workplace"] == "window-3"
    assert call["workplace_kind"] == "window"
    assert call["workplace_number"] == 3
    assert call["workplace_name"]["kk"]
    assert call["workplace_name"]["ru"]
    assert call["language"] == "ru"  # for the voice announcement, 001 p.9
    assert datetime.fromisoformat(call["called_at"]) == clock.now
    assert shown["last_calls"] == [call]


def test_board_current_and_last_calls(client: TestClient, clock: Clock) -> None:
    a, b, c = (issue(client) for _ in range(3))
    call_next(client, "window-1")
    clock.advance(minutes=1)
    call_next(client, "window-2")
    clock.advance(minutes=1)
    act(client, a["id"], "recall")
    clock.advance(minutes=1)
    act(client, b["id"], "start")
    act(client, b["id"], "finish")
    shown = board(client)
    assert [x["ticket"] for x in shown["current"]] == [a["display"]]
    # Newest first, each ticket once (12.1): a at its recall, then b.
    assert [(x["ticket"], x["workplace"]) for x in shown["last_calls"]] == [
        (a["display"], "window-1"),
        (b["display"], "window-2"),
    ]
    assert shown["waiting"]["consultation"] == 1
    assert c["display"] not in {x["ticket"] for x in shown["current"]}


def test_board_keeps_only_the_latest_calls(client: TestClient, clock: Clock) -> None:
    displays = []
    for _ in range(12):
        ticket = issue(client)
        called = call_next(client, "window-1")
        assert called is not None
        displays.append(called["display"])
        act(client, ticket["id"], "no-show")
        clock.advance(seconds=20)
    shown = board(client)["last_calls"]
    assert 1 <= len(shown) < 12
    assert [x["ticket"] for x in shown] == displays[::-1][: len(shown)]


def test_board_shows_numbers_only(client: TestClient) -> None:
    """001 p.2: personal data is not disclosed, so the board shows numbers only (digest §42)."""
    issue(client, purpose=SECRET_PURPOSE)
    issue(client, purpose=SECRET_PURPOSE, priority="disability")
    call_next(client, "window-1")
    text = client.get("/api/board").text
    assert "purpose" not in text
    assert "Иванов" not in text
    assert "disability" not in text
    assert "priority" not in text
    assert board(client)["current"]


def test_board_is_per_service_day(client: TestClient, clock: Clock) -> None:
    issue(client)
    call_next(client, "window-1")
    set_clock(client, clock, almaty(2026, 11, 25, 9, 5))
    shown = board(client)
    assert shown["current"] == []
    assert shown["last_calls"] == []
    assert shown["waiting"]["consultation"] == 0


def test_board_after_return_to_queue(client: TestClient) -> None:
    ticket = issue(client)
    call_next(client, "window-1")
    act(client, ticket["id"], "return")
    shown = board(client)
    assert shown["current"] == []
    assert shown["waiting"]["consultation"] == 1


# zones, categories, workplaces, health ------------------------------------------------------


def test_zones_with_waiting_counts(client: TestClient, centre: CentreConfig) -> None:
    issue(client, "consultation")
    issue(client, "consultation")
    issue(client, "self_service")
    called = issue(client, "personal_reception")
    call_next(client, "cabinet-202")
    response = client.get("/api/zones")
    assert response.status_code == 200
    zones = {z["code"]: z for z in response.json()}
    assert list(zones) == [z.code for z in centre.zones]
    assert zones["consultation"]["waiting"] == 2
    assert zones["self_service"]["waiting"] == 1
    assert zones["personal_reception"]["waiting"] == 0
    assert called["zone"] == "personal_reception"
    assert zones["waiting"]["issues_tickets"] is False
    assert zones["waiting"]["range"] is None
    consultation = centre.zone("consultation")
    assert consultation is not None
    assert zones["consultation"]["range"] == {
        "first": consultation.numbers.first,
        "last": consultation.numbers.last,
        "prefix": consultation.prefix,
    }
    assert zones["consultation"]["name"]["kk"] == consultation.name.kk


def test_categories_are_those_of_000_p12(client: TestClient, centre: CentreConfig) -> None:
    """000 p.12: seven out-of-turn categories, each named in kk, ru and en."""
    response = client.get("/api/categories")
    assert response.status_code == 200
    listed = response.json()
    assert [c["code"] for c in listed] == [c.code for c in centre.categories]
    assert len(listed) == 7
    assert all(c["name"]["kk"] and c["name"]["ru"] and c["rank"] >= 1 for c in listed)


def test_workplaces(client: TestClient, centre: CentreConfig) -> None:
    response = client.get("/api/workplaces")
    assert response.status_code == 200
    listed = {w["code"]: w for w in response.json()}
    assert set(listed) == {w.code for w in centre.workplaces}
    assert listed["window-1"] == {
        "code": "window-1",
        "name": listed["window-1"]["name"],
        "kind": "window",
        "number": 1,
        "zones": ["consultation"],
    }


def test_health_when_open(client: TestClient, clock: Clock) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"  # it takes changes
    assert body["engine"] == "sqlite"  # staff only (the client is an administrator)
    assert body["open_now"] is True
    assert datetime.fromisoformat(body["time"]) == clock.now


def test_health_when_closed(client: TestClient, clock: Clock) -> None:
    clock.now = almaty(2026, 11, 24, 13, 45)  # lunch, 001 p.4
    assert client.get("/api/health").json()["open_now"] is False
