"""The staff screens file every request and appeal under a topic and a district (003 App.2 p.7):
the forms ask for both whenever the centre file lists them, refuse a blank one in the staff's
language, and an appeal's form offers its request's."""

from __future__ import annotations

import html as markup
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from app.domain.monitoring import DistrictRequired, TopicRequired
from app.i18n import translate_error
from app.main import create_app
from tests.conftest import ClientAs, Clock, make_state
from tests.reception.helpers import add_day, add_official, approve, ok, post, register
from tests.support.auth import bearer, staff_token

TINY_CENTRE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_centre.toml"
FORM = {
    "received_at": "2026-11-23T09:30",
    "channel": "oral",
    "language": "ru",
    "applicant_name": "Ахметова Айгерім",
    "contact": "+7 701 000 00 00",
    "subject": "Жылу жоқ",
}


def error_of(page: str) -> str:
    found = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', page, re.S)
    assert found, page[:2000]
    return markup.unescape(found[1]).strip()


def test_003_app2_p7_the_registration_form_asks_for_the_topic_and_the_district(
    client: TestClient, client_as: ClientAs
) -> None:
    desk = client_as(Role.RECEPTION)
    form_page = desk.get("/reception?lang=ru").text
    topic = re.search(
        r'<select id="topic" name="topic" required[^>]*>(.*?)</select>', form_page, re.S
    )
    assert topic is not None
    assert topic[1].strip().startswith('<option value="">')  # "choose…", the only blank
    assert '<option value="housing">Жилищно-коммунальное хозяйство</option>' in topic[1]
    assert re.search(r'<select id="district" name="district" required', form_page)

    missing = desk.post("/reception/requests?lang=ru", data=FORM, follow_redirects=False)
    assert missing.status_code == 422
    assert error_of(missing.text) == translate_error(TopicRequired(), "ru")
    no_district = desk.post(
        "/reception/requests?lang=kk", data={**FORM, "topic": "housing"}, follow_redirects=False
    )
    assert no_district.status_code == 422
    assert error_of(no_district.text) == translate_error(DistrictRequired(), "kk")
    # What was typed and chosen is kept.
    assert '<option value="housing" selected>' in no_district.text
    unknown = desk.post(
        "/reception/requests?lang=en",
        data={**FORM, "topic": "roads", "district": "almaly"},
        follow_redirects=False,
    )
    assert unknown.status_code == 422
    assert "roads" in error_of(unknown.text)
    assert ok(client.get("/api/reception-requests")) == []

    done = desk.post(
        "/reception/requests?lang=ru",
        data={**FORM, "topic": "housing", "district": "almaly"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    [stored] = ok(client.get("/api/reception-requests"))
    assert (stored["topic"], stored["district"]) == ("housing", "almaly")
    card = desk.get(done.headers["location"]).text
    assert re.search(r'<dd data-topic="housing">Жилищно-коммунальное хозяйство</dd>', card)
    assert re.search(r'<dd data-district="almaly">Алмалинский район</dd>', card)


@pytest.fixture
def tiny_desk(sqlite_url: str, clock: Clock) -> Iterator[tuple[TestClient, TestClient]]:
    """The reception desk and the administrator of a centre whose file lists no topics and no
    districts."""
    state = make_state(sqlite_url, clock, config=TINY_CENTRE)
    try:
        app = create_app(state)
        admin = TestClient(app, headers=bearer(staff_token(state)))
        desk = TestClient(app, headers=bearer(staff_token(state, Role.RECEPTION)))
        yield desk, admin
    finally:
        state.close()


def test_a_centre_without_the_lists_asks_for_neither(
    tiny_desk: tuple[TestClient, TestClient],
) -> None:
    desk, admin = tiny_desk
    assert 'name="topic" required' not in desk.get("/reception").text
    done = desk.post("/reception/requests", data=FORM, follow_redirects=False)
    assert done.status_code == 303, done.text
    [stored] = ok(admin.get("/api/reception-requests"))
    assert (stored["topic"], stored["district"]) == (None, None)


def scheduled(client: TestClient, **codes: str) -> int:
    """A request booked to the deputy's Thursday 26 Nov, on which an appeal can be filed."""
    request = register(client, **codes)
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    return int(request["id"])


def test_003_app2_p7_an_appeal_is_filed_under_its_requests_topic_unless_chosen(
    client: TestClient, client_as: ClientAs
) -> None:
    add_official(client)
    add_day(client, "2026-11-26")
    approve(client, "2026-11")
    classified = scheduled(client, topic="land", district="medeu")
    desk = client_as(Role.RECEPTION)
    card = desk.get(f"/reception/requests/{classified}?lang=ru").text
    form = card.split('class="record appeal-form"', 1)[1].split("</form>", 1)[0]
    # The request's topic and district are chosen already.
    assert '<option value="land" selected>Земельные отношения</option>' in form
    assert '<option value="medeu" selected>Медеуский район</option>' in form
    path = f"/reception/requests/{classified}/appeals"
    kept = desk.post(path, data={"summary": "Шағым"}, follow_redirects=False)
    assert kept.status_code == 303, kept.text
    chosen = desk.post(
        path,
        data={"summary": "Басқа шағым", "topic": "social", "district": "almaly"},
        follow_redirects=False,
    )
    assert chosen.status_code == 303, chosen.text
    appeals = ok(client.get("/api/reception-appeals"))
    assert [(a["summary"], a["topic"], a["district"]) for a in appeals] == [
        ("Шағым", "land", "medeu"),
        ("Басқа шағым", "social", "almaly"),
    ]
    shown = desk.get(f"/reception/requests/{classified}?lang=ru").text
    assert "Социальная защита" in shown  # the appeal's topic on the card

    # A request an integration registered without them: the appeal's form asks.
    bare = scheduled(client)
    path = f"/reception/requests/{bare}/appeals"
    missing = desk.post(f"{path}?lang=ru", data={"summary": "Шағым"}, follow_redirects=False)
    assert missing.status_code == 422
    assert error_of(missing.text) == translate_error(TopicRequired(), "ru")
    done = desk.post(
        path,
        data={"summary": "Шағым", "topic": "health", "district": "outside"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    filed = [a for a in ok(client.get("/api/reception-appeals")) if a["request_id"] == bare]
    assert [(a["topic"], a["district"]) for a in filed] == [("health", "outside")]
    # The API, for integrations, takes it without them.
    answer = post(client, f"/api/reception-requests/{bare}/appeals", {"summary": "Шағым"}, 201)
    assert (answer["topic"], answer["district"]) == (None, None)
