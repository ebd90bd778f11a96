"""Helpers for the personal-reception API tests: each asserts its status and returns JSON."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

Json = dict[str, Any]

DEPUTY = {
    "code": "deputy",
    "name_kk": "Серіков Асқар Болатұлы",
    "name_ru": "Сериков Аскар Болатович",
    "position_kk": "Аудан әкімінің орынбасары",
    "position_ru": "Заместитель акима района",
    "cabinet": "cabinet-201",
}
HEAD = {
    "code": "head-land",
    "name_kk": "Омарова Бибігүл Қайратқызы",
    "name_ru": "Омарова Бибигуль Кайратовна",
    "position_kk": "Жер қатынастары бөлімінің басшысы",
    "position_ru": "Руководитель отдела земельных отношений",
    "cabinet": "cabinet-202",
}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def add_official(client: TestClient, official: Json = DEPUTY) -> Json:
    return ok(client.post("/api/officials", json=official), 201)  # type: ignore[no-any-return]


def add_day(
    client: TestClient,
    day: str,
    official: str = "deputy",
    starts: str = "15:00",
    ends: str = "16:00",
    **extra: Any,
) -> Json:
    body = {"official": official, "day": day, "starts": starts, "ends": ends, **extra}
    return ok(client.post("/api/reception-schedule/days", json=body), 201)  # type: ignore[no-any-return]


def approve(client: TestClient, month: str, by: str = "Аудан әкімі Н. Ержанов") -> Json:
    response = client.post(f"/api/reception-schedule/{month}/approve", json={"approved_by": by})
    return ok(response)  # type: ignore[no-any-return]


def register(
    client: TestClient, received_at: str = "2026-11-20T19:00:00+05:00", **extra: Any
) -> Json:
    body = {
        "received_at": received_at,
        "channel": "egov",
        "language": "kk",
        "applicant_name": "Жұмабаев Ерлан",
        "contact": "+7 701 000 00 00",
        "subject": "Жер учаскесін беру мәселесі",
        **extra,
    }
    return ok(client.post("/api/reception-requests", json=body), 201)  # type: ignore[no-any-return]


def post(client: TestClient, path: str, body: Json | None = None, status: int = 200) -> Any:
    return ok(client.post(path, json=body or {}), status)


def refused(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"].strip()
    return str(body["detail"])
