"""The forms of the request screens over HTTP on a real database: each answers with a redirect
(a reload repeats nothing), refuses in the person's language, and acts only on what its address
names (an appeal of another request is not found there)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from tests.api.helpers import set_clock
from tests.conftest import ClientAs, Clock, almaty
from tests.reception.helpers import ok, post, register
from tests.reception.test_pages import schedule_two_officials


def test_registering_on_the_screen_redirects_and_says_it_was_done(
    client: TestClient, client_as: ClientAs
) -> None:
    desk = client_as(Role.RECEPTION)
    form = {
        "received_at": "2026-11-23T09:30",
        "channel": "oral",
        "language": "ru",
        "applicant_name": "Ахметова Айгерім",
        "contact": "+7 701 000 00 00",
        "subject": "Жер учаскесі",
        # The screens ask for both where the centre file lists them (003 App.2 p.7).
        "topic": "land",
        "district": "medeu",
    }
    answer = desk.post("/reception/requests?lang=ru", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    listed = ok(client.get("/api/reception-requests"))
    assert [r["applicant_name"] for r in listed] == ["Ахметова Айгерім"]
    # The received moment is the centre's local time (Almaty, +05:00), not the server's UTC.
    assert listed[0]["received_at"] == "2026-11-23T04:30:00Z"
    shown = desk.get(answer.headers["location"])
    assert "Ахметова Айгерім" in shown.text
    assert 'role="status"' in shown.text  # the "done" message after the redirect


def test_a_registration_with_a_missing_field_is_refused_in_russian_by_its_label(
    client: TestClient, client_as: ClientAs
) -> None:
    desk = client_as(Role.RECEPTION)
    form = {"received_at": "2026-11-23T09:30", "channel": "oral", "language": "ru"}
    answer = desk.post("/reception/requests?lang=ru", data=form, follow_redirects=False)
    assert answer.status_code == 422
    assert "Заявитель" in answer.text  # the field's label, in the screen's language
    assert "applicant_name" not in answer.text.split("<form", 1)[0]
    assert ok(client.get("/api/reception-requests")) == []


def test_000_p37_an_appeal_is_assigned_only_from_its_own_requests_card(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    schedule_two_officials(client)
    first = register(client, applicant_name="Бірінші Арман")
    second = register(client, applicant_name="Екінші Дана")
    for request in (first, second):
        post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    set_clock(client, clock, almaty(2026, 11, 26, 15, 0))
    post(client, f"/api/reception-requests/{first['id']}/check-in")
    appeal = post(
        client,
        f"/api/reception-requests/{first['id']}/appeals",
        {"summary": "Шағым", "handled_before": ["A. Serikov"]},
        201,
    )
    desk = client_as(Role.RECEPTION)
    wrong = f"/reception/requests/{second['id']}/appeals/{appeal['id']}"
    assert desk.post(f"{wrong}/assign", data={"employee": "B. Omarova"}).status_code == 404
    assert desk.post(f"{wrong}/close", data={"answer": "x" * 40}).status_code == 404
    listed = ok(client.get("/api/reception-appeals"))
    assert [(a["id"], a["assignee"]) for a in listed] == [(appeal["id"], None)]
    # From its own card: refused for the one who handled it before (000 p.37), then assigned.
    right = f"/reception/requests/{first['id']}/appeals/{appeal['id']}"
    same = desk.post(f"{right}/assign?lang=ru", data={"employee": "A.  Serikov"})
    assert same.status_code == 409
    assert "A. Serikov" in same.text
    done = desk.post(f"{right}/assign", data={"employee": "B. Omarova"}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith(f"/reception/requests/{first['id']}")
    listed = ok(client.get("/api/reception-appeals"))
    assert [(a["id"], a["assignee"]) for a in listed] == [(appeal["id"], "B. Omarova")]
