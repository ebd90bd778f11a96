"""Bad input is refused with a clear 4xx carrying `detail` and `code`, never a 500, and
business errors are read in the reader's language (Accept-Language or ?lang=)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.i18n import negotiate
from app.main import create_app
from tests.api.helpers import act, call_next, copy_database, error, issue
from tests.conftest import Clock, make_state
from tests.support.auth import authorize

ACTIONS = ["recall", "start", "finish", "no-show", "return", "cancel"]


@pytest.fixture(scope="module")
def refusing(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[TestClient]:
    """One client for the whole module, for requests that are refused and so change nothing
    (a fresh database per test costs more than these requests)."""
    url = copy_database(migrated_template, tmp_path_factory.mktemp("refusals"))
    state = make_state(url, Clock())
    with TestClient(create_app(state)) as test_client:
        yield authorize(test_client)
    state.close()


# malformed bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", [b"{", b'{"zone": "consultation", "language": "kk"', b"zone=consultation", b"\xff\xfe"]
)
def test_malformed_json(refusing: TestClient, raw: bytes) -> None:
    response = refusing.post(
        "/api/tickets", content=raw, headers={"Content-Type": "application/json"}
    )
    detail = error(response, 422, "invalid_request")
    assert "JSON" in detail


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"zone": 5, "language": "kk"}, "zone"),
        ({"zone": ["consultation"], "language": "kk"}, "zone"),
        ({"zone": "consultation", "language": None}, "language"),
        ({"zone": "consultation", "language": 7}, "language"),
        ({"zone": "consultation", "language": "kk", "priority": 1}, "priority"),
        ({"zone": "consultation", "language": "kk", "purpose": {"a": 1}}, "purpose"),
        ({"zone": "", "language": "kk"}, "zone"),
        ({"language": "kk"}, "zone"),
        ({"zone": "consultation"}, "language"),
    ],
)
def test_wrong_types_and_missing_fields(
    refusing: TestClient, body: dict[str, Any], field: str
) -> None:
    detail = error(refusing.post("/api/tickets", json=body), 422, "invalid_request")
    assert field in detail


@pytest.mark.parametrize("body", [[], "consultation", 42, None])
def test_body_that_is_not_an_object(refusing: TestClient, body: object) -> None:
    error(refusing.post("/api/tickets", json=body), 422, "invalid_request")


def test_extra_fields_are_refused(refusing: TestClient) -> None:
    body = {"zone": "consultation", "language": "kk", "iin": "900101300123"}
    detail = error(refusing.post("/api/tickets", json=body), 422, "invalid_request")
    assert "iin" in detail
    response = refusing.post("/api/workplaces/window-1/call", json={"number": 100, "zone": "x"})
    assert "zone" in error(response, 422, "invalid_request")


def test_validation_lists_every_problem(refusing: TestClient) -> None:
    response = refusing.post("/api/tickets", json={"zone": 5, "language": "de", "x": 1})
    error(response, 422, "invalid_request")
    problems = response.json()["errors"]
    assert len(problems) == 3
    assert any("zone" in p for p in problems)
    assert any("language" in p for p in problems)
    assert any("x" in p for p in problems)


@pytest.mark.parametrize("number", [-1, 100000, "abc", None, 1.5, [100]])
def test_call_by_a_bad_number(refusing: TestClient, number: object) -> None:
    response = refusing.post("/api/workplaces/window-1/call", json={"number": number})
    assert "number" in error(response, 422, "invalid_request")


# unknown things -----------------------------------------------------------------------------


def test_unknown_workplace(client: TestClient) -> None:
    issue(client)
    detail = error(client.post("/api/workplaces/window-9/call-next"), 404, "workplace_not_found")
    assert "window-9" in detail
    response = client.post("/api/workplaces/window-9/call", json={"number": 100})
    error(response, 404, "workplace_not_found")


@pytest.mark.parametrize("action", ACTIONS)
def test_action_on_an_unknown_ticket(refusing: TestClient, action: str) -> None:
    detail = error(refusing.post(f"/api/tickets/777/{action}"), 404, "ticket_not_found")
    assert "777" in detail


def test_get_an_unknown_ticket(refusing: TestClient) -> None:
    assert "31337" in error(refusing.get("/api/tickets/31337"), 404, "ticket_not_found")


@pytest.mark.parametrize("ticket_id", ["abc", "1.5", "99999999999999999999", "0x10"])
def test_ticket_id_that_is_not_a_ticket_id(refusing: TestClient, ticket_id: str) -> None:
    response = refusing.get(f"/api/tickets/{ticket_id}")
    assert response.status_code in (404, 422), response.text
    assert response.json()["code"] in ("invalid_request", "ticket_not_found")
    response = refusing.post(f"/api/tickets/{ticket_id}/cancel")
    assert response.status_code in (404, 422), response.text


QUEUE_ROUTES = ("/api/tickets", "/api/workplaces", "/api/board", "/api/zones", "/api/categories")


def test_nothing_leads_to_a_server_error(client: TestClient) -> None:
    """Every queue route, given nonsense, answers with a 4xx that carries detail and code."""
    ticket = issue(client)
    paths: dict[str, Any] = client.get("/openapi.json").json()["paths"]
    queue_paths = [p for p in paths if p.startswith(QUEUE_ROUTES)]
    assert len(queue_paths) >= 10
    bodies: list[Any] = [{"zone": None, "number": "x", "junk": [1]}, [1, 2]]
    tried = 0
    for template in queue_paths:
        for method in paths[template]:
            for value in ("99999999999999999999", "%C3%A9", str(ticket["id"])):
                path = re.sub(r"\{[^}]+\}", value, template)
                if path == template and value != "%C3%A9":
                    continue  # no path parameter: one round is enough
                for body in bodies:
                    response = client.request(method.upper(), path, json=body)
                    tried += 1
                    assert response.status_code < 500, (method, path, body, response.text)
                    if response.status_code >= 400:
                        content = response.json()
                        assert content.get("detail"), (method, path)
                        assert content.get("code"), (method, path, content)
    assert tried > 50


# languages ----------------------------------------------------------------------------------


def refusal(client: TestClient, **headers: str) -> str:
    response = client.post("/api/workplaces/window-7/call-next", headers=headers)
    return error(response, 404, "workplace_not_found")


def test_messages_default_to_english(refusing: TestClient) -> None:
    assert refusal(refusing) == "Workplace window-7 was not found."


@pytest.mark.parametrize(
    ("accept", "word"),
    [
        ("kk-KZ,kk;q=0.9,ru;q=0.8", "табылмады"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "не найдено"),
        ("RU", "не найдено"),  # language tags are case-insensitive
    ],
)
def test_accept_language(refusing: TestClient, accept: str, word: str) -> None:
    detail = refusal(refusing, **{"Accept-Language": accept})
    assert word in detail
    assert "window-7" in detail


def test_lang_query_overrides_accept_language(refusing: TestClient) -> None:
    response = refusing.post(
        "/api/workplaces/window-7/call-next?lang=kk", headers={"Accept-Language": "ru"}
    )
    assert "табылмады" in error(response, 404, "workplace_not_found")


@pytest.mark.parametrize(
    ("explicit", "header", "language"),
    [
        (None, None, "en"),
        ("ru", None, "ru"),
        ("xx", "kk", "kk"),
        (None, "", "en"),
        (None, "*", "en"),
        (None, "kk", "kk"),
        (None, "kk-KZ", "kk"),
        (None, "ru", "ru"),
        (None, "de-DE,ru;q=0.5", "ru"),
        (None, "en-GB", "en"),
        (None, "fr", "en"),
        (None, "ru;q=0.9, kk", "kk"),  # the weights count, not the order: kk is q=1
        (None, "ru, kk;q=0.5", "ru"),
        (None, "kk;q=0, ru;q=0.1", "ru"),  # q=0: not at all
        (None, "Ru-ru", "ru"),
        (None, "KK-kz", "kk"),
    ],
)
def test_negotiate(explicit: str | None, header: str | None, language: str) -> None:
    assert negotiate(explicit, header) == language


def test_every_business_error_is_translated_in_kazakh_and_russian(client: TestClient) -> None:
    """Every refusal a visitor or worker meets reads in their language (001 p.8: kk or ru)."""
    ticket = issue(client)
    call_next(client, "window-1")
    act(client, ticket["id"], "start")
    cases = [
        ("post", "/api/tickets", {"zone": "nowhere", "language": "kk"}),
        ("post", "/api/tickets", {"zone": "waiting", "language": "kk"}),
        ("post", "/api/tickets", {"zone": "consultation", "language": "kk", "priority": "x"}),
        ("post", f"/api/tickets/{ticket['id']}/recall", None),
        ("post", f"/api/tickets/{ticket['id']}/transfer", {"zone": "consultation"}),
        ("post", "/api/tickets/999/finish", None),
        ("post", "/api/workplaces/window-1/call-next", None),
        ("post", "/api/workplaces/window-2/call", {"number": 399}),
        ("post", "/api/workplaces/nowhere/call-next", None),
    ]
    for method, path, body in cases:
        details = {}
        for language in ("en", "kk", "ru"):
            response = client.request(
                method.upper(), path, json=body, headers={"Accept-Language": language}
            )
            assert 400 <= response.status_code < 500, response.text
            details[language] = response.json()["detail"]
        assert len(set(details.values())) == 3, details
        for language in ("kk", "ru"):
            assert re.search("[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ]", details[language]), details
