"""Input an outsider or a slip of the keyboard sends: every one is a 4xx that says what is
wrong, in the reader's language, and never a 500 nor something stored that should not be.

The clock is Tue 24 Nov 2026, 10:00 in Almaty (tests/conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from app.db.migrate import upgrade
from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.main import create_app
from tests.conftest import ClientAs, Clock, make_state
from tests.reception.helpers import DEPUTY, add_day, add_official, refused, register
from tests.support.auth import bearer, staff_token

BEYOND_INT64 = "9223372036854775808"
BEYOND_INT32 = "2147483648"


# months, ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "1999-12", "26-11", "2026-1"])
def test_a_month_that_is_not_one(
    client: TestClient, anonymous_client: TestClient, month: str
) -> None:
    """The published schedule (000 p.8) of a month that does not exist: a clear 422, for the
    API, for the public page and for approving it."""
    detail = refused(
        anonymous_client.get(f"/api/reception-schedule?month={month}"), 422, "invalid_request"
    )
    assert "month" in detail
    page = anonymous_client.get(f"/schedule?month={month}")
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "month" in page.text
    approve = client.post(f"/api/reception-schedule/{month}/approve", json={"approved_by": "X"})
    assert approve.status_code == 422, approve.text


def int_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route with an integer in its path, its ids filled in
    (included routers are resolved lazily by FastAPI: `iter_route_contexts` walks them)."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not context.path:
            continue
        params = [p.name for p in route.dependant.path_params if p.field_info.annotation is int]
        if params:
            path = context.path
            for name in params:
                path = path.replace("{" + name + "}", "{id}")
            found += [(method, path) for method in sorted((context.methods or set()) - {"HEAD"})]
    return found


def test_every_integer_in_a_path_is_bounded(
    application: FastAPI, client: TestClient, device_client: Callable[[DeviceKind], TestClient]
) -> None:
    """Ids beyond what the database holds (a 64-bit overflow, PostgreSQL's int4) are not ours:
    404 or 422, never a 500, on every route that takes one (asked by one who may call it)."""
    routes = int_routes(application)
    # The routes the finding named, among them: the API's and the kiosk's printing status.
    paths = {path for _, path in routes}
    assert "/api/devices/{id}/revoke" in paths
    assert "/kiosk/tickets/{id}/printing" in paths
    kiosk = device_client(DeviceKind.KIOSK)
    tablet = device_client(DeviceKind.FEEDBACK)  # the rating tablet's screen (issue 14)
    for method, path in routes:
        caller = kiosk if path.startswith("/kiosk/") else client
        caller = tablet if path.startswith("/feedback/") else caller
        for value in (BEYOND_INT64, BEYOND_INT32, "0", "-1"):
            response = caller.request(method, path.replace("{id}", value), json={})
            assert response.status_code in (404, 422), (method, path, value, response.text)


# text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/api/auth/token", {"username": "admin\x00", "password": "x" * 12}),
        ("/login", {"username": "admin\x00", "password": "x" * 12}),
    ],
)
def test_a_nul_in_a_sign_in(anonymous_client: TestClient, path: str, form: dict[str, str]) -> None:
    """The anonymous `username=admin%00`: PostgreSQL refuses NUL in text (a 500 there)."""
    response = anonymous_client.post(path, data=form)
    assert response.status_code == 422, response.text
    assert "NUL" in response.text


def test_a_nul_in_json_text_or_in_the_address(client: TestClient) -> None:
    body = {"zone": "consultation", "language": "kk", "purpose": "a\u0000b"}
    refused(client.post("/api/tickets", json=body), 422, "invalid_request")
    refused(client.get("/api/reception-requests?state=%00"), 422, "invalid_request")


@pytest.mark.parametrize(
    "name",
    [
        "Жұмабаев\u202eнаЕ",  # right-to-left override: shows as another name
        "Жұмабаев\u2066Ерлан",  # an isolate
        "Жұмабаев\x07Ерлан",  # a control character
        "Жұмабаев\nЕрлан",  # a name is one line
    ],
)
def test_hidden_characters_in_names_are_refused(client: TestClient, name: str) -> None:
    add_official(client)
    detail = refused(
        client.post(
            "/api/reception-requests",
            json={
                "received_at": "2026-11-20T19:00:00+05:00",
                "channel": "egov",
                "language": "kk",
                "applicant_name": name,
                "contact": "+7 701 000 00 00",
                "subject": "Жер учаскесі",
            },
        ),
        422,
        "invalid_request",
    )
    assert "applicant_name" in detail
    bad_official = {**DEPUTY, "code": "other", "name_ru": name}
    refused(client.post("/api/officials", json=bad_official), 422, "invalid_request")
    refused(
        client.post("/api/devices", json={"kind": "board", "name": name}), 422, "invalid_request"
    )


def test_a_subject_keeps_its_line_breaks(client: TestClient) -> None:
    """A paragraph may have lines; only a name must be one."""
    request = register(client, subject="Бірінші жол.\nЕкінші жол.")
    assert request["subject"] == "Бірінші жол.\nЕкінші жол."


# dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "received_at",
    ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00+05:00", "2024-06-01T10:00:00+05:00"],
)
def test_a_request_received_at_an_absurd_time(client: TestClient, received_at: str) -> None:
    """Registered on the day it arrives or the next working day (000 p.25): a date years off
    is a slip, not a late registration."""
    response = client.post(
        "/api/reception-requests",
        json={
            "received_at": received_at,
            "channel": "egov",
            "language": "kk",
            "applicant_name": "Жұмабаев Ерлан",
            "contact": "+7 701 000 00 00",
            "subject": "Жер учаскесі",
        },
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("invalid_request", "received_long_ago")


def test_a_request_received_within_the_year_is_registered(client: TestClient) -> None:
    assert register(client, received_at="2026-01-15T10:00:00+05:00")["id"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2028-06-01", "2025-01-05"])
def test_a_schedule_day_far_from_today(client: TestClient, day: str) -> None:
    """Receptions are held on monthly schedules (000 p.7, p.7-1): a day years away is a slip."""
    add_official(client)
    body = {"official": "deputy", "day": day, "starts": "15:00", "ends": "16:00"}
    response = client.post("/api/reception-schedule/days", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("invalid_request", "day_out_of_reach")


def test_a_schedule_day_within_the_year_is_added(client: TestClient) -> None:
    add_official(client)
    assert add_day(client, "2027-03-04")["day"] == "2027-03-04"


def test_an_instruction_due_in_9999_is_refused(client: TestClient) -> None:
    """Deadline arithmetic on 9999-12-31 runs off the calendar (an overflow, a 500 before)."""
    response = client.post(
        "/api/reception-requests/1/protocol",
        json={
            "decision": "x",
            "instructions": [{"text": "x", "executor": "y", "due": "9999-12-31"}],
        },
    )
    assert response.status_code == 422, response.text
    assert "due" in response.json()["detail"]


# bodies and the shape of a refusal ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [b'{"zone": "\xff\xfe", "language": "kk"}', b"\xff\xfe\x00{", b'{"zone": "consultation"\xc3}'],
)
def test_a_body_that_is_not_utf8_is_a_422(client: TestClient, raw: bytes) -> None:
    response = client.post(
        "/api/tickets", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_request"


def test_a_422_lists_each_problem_as_documented(client: TestClient) -> None:
    """The body matches ErrorOut in the OpenAPI description: detail, code and errors."""
    response = client.post("/api/tickets", json={"zone": "", "language": "xx", "extra": 1})
    body = refused(response, 422, "invalid_request")
    errors: list[str] = response.json()["errors"]
    assert {e.split(":")[0] for e in errors} == {"zone", "language", "extra"}
    assert body == "; ".join(errors)
    schema = client.get("/openapi.json").json()
    documented = schema["paths"]["/api/tickets"]["post"]["responses"]["422"]
    assert documented["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    fields = schema["components"]["schemas"]["ErrorOut"]["properties"]
    assert set(response.json()) <= set(fields)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["обязательно", "символ"]),
        ("kk", ["міндетті", "таңба"]),
        ("en", ["required", "characters"]),
    ],
)
def test_a_422_reads_in_the_readers_language(
    client: TestClient, language: str, words: list[str]
) -> None:
    response = client.post(f"/api/tickets?lang={language}", json={"zone": "x" * 41, "purpose": "p"})
    detail = refused(response, 422, "invalid_request").lower()
    for word in words:
        assert word in detail, detail
    assert "field required" not in detail or language == "en"


def test_a_page_form_with_bad_input_answers_a_page(client_as: ClientAs) -> None:
    """A person never sees raw JSON: a bad value in a screen's form is a page in their
    language."""
    desk = client_as(Role.RECEPTION)
    response = desk.get("/desk/find?number=abc&lang=ru")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "number" in response.text
    assert "целым числом" in response.text


def test_unknown_address_and_wrong_method(client: TestClient, anonymous_client: TestClient) -> None:
    missing = refused(anonymous_client.get("/api/nothing-here?lang=ru"), 404, "not_found")
    assert "нет" in missing.lower()
    page = anonymous_client.get("/nothing-here?lang=kk")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    wrong = client.delete("/api/tickets/1")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    assert {"GET"} <= set(re.split(r",\s*", wrong.headers["allow"]))


@pytest.mark.postgres
def test_a_nul_anywhere_on_postgres(postgres_url: str) -> None:
    """On PostgreSQL, which refuses a NUL in text with an error (each was a 500): the anonymous
    sign-in, a JSON text field, a query parameter and a form field are all a 422."""
    upgrade(postgres_url)
    state = make_state(postgres_url, Clock())
    try:
        with TestClient(create_app(state)) as anonymous:
            for path in ("/api/auth/token", "/login"):
                form = {"username": "admin\x00", "password": "x" * 12}
                assert anonymous.post(path, data=form).status_code == 422
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            body = {"zone": "consultation", "language": "kk", "purpose": "a\u0000b"}
            refused(client.post("/api/tickets", json=body), 422, "invalid_request")
            refused(client.get("/api/reception-requests?state=%00"), 422, "invalid_request")
            name = {"full_name": "Ерлан\u0000", "position": {"kk": "x", "ru": "x", "en": "x"}}
            assert client.post("/api/officials", json=name).status_code == 422
            assert client.get("/api/health").json()["database"] == "ok"  # nothing broke
    finally:
        state.close()
