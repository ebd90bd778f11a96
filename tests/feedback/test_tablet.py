"""The feedback tablet in-process (issue 14.1): registered by the administrator for one
workplace, paired by its link, and its screen — which visit it asks about, the rating stored
with the tablet as its source, and what it says when it cannot take one."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.edge.state import AppState
from app.tables.staff import RegisteredDevice
from tests.conftest import Clock
from tests.feedback.conftest import Serve, ratings

TabletAt = Callable[[str], TestClient]
HTMX = {"HX-Request": "true"}


def step_of(html: str) -> str:
    marker = 'data-step="'
    assert marker in html, html[:300]
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_a_tablet_is_registered_for_one_workplace_and_paired_to_its_screen(
    client: TestClient, anonymous_client: TestClient, state: AppState
) -> None:
    created = client.post(
        "/api/devices",
        json={"kind": "feedback", "name": "Window 2 tablet", "workplace": "window-2"},
    )
    assert created.status_code == 201, created.text
    assert (created.json()["kind"], created.json()["workplace"]) == ("feedback", "window-2")
    paired = anonymous_client.get(created.json()["pairing_url"])
    assert paired.status_code == 303
    assert paired.headers["location"] == "/feedback"
    screen = anonymous_client.get("/feedback")  # the pairing cookie now set
    assert screen.status_code == 200
    assert step_of(screen.text) == "idle"
    assert "Window 2" in screen.text or "2-терезе" in screen.text
    assert 'data-workplace="window-2"' in screen.text
    assert anonymous_client.get("/").headers["location"] == "/feedback"
    listed = {d["name"]: d["workplace"] for d in client.get("/api/devices").json()}
    assert listed == {"Window 2 tablet": "window-2"}


def test_a_tablet_must_name_a_workplace_and_only_a_tablet_may(
    client: TestClient, state: AppState
) -> None:
    def register(**body: object) -> tuple[int, str]:
        answer = client.post("/api/devices", json={"name": "Device", **body})
        return answer.status_code, answer.json().get("code", "")

    assert register(kind="feedback") == (422, "tablet_needs_workplace")
    assert register(kind="feedback", workplace="window-9") == (422, "unknown_workplace")
    assert register(kind="board", workplace="window-1") == (422, "device_takes_no_workplace")
    assert register(kind="feedback", workplace="Window 1")[0] == 422  # not a code at all
    assert register(kind="board")[0] == 201
    with Session(state.engine) as session:
        devices = session.exec(select(RegisteredDevice)).all()
    assert [(d.kind, d.workplace) for d in devices] == [("board", None)]


def test_the_administrators_page_registers_a_tablet_at_a_workplace(
    client: TestClient, state: AppState
) -> None:
    page = client.get("/admin/devices?lang=en")
    assert '<option value="feedback"' in page.text
    assert '<select id="workplace" name="workplace">' in page.text
    refused = client.post(
        "/admin/devices?lang=en",
        data={"kind": "feedback", "name": "Window 3 tablet", "workplace": ""},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert 'id="register-error"' in refused.text
    assert "A feedback tablet belongs to one workplace" in refused.text
    assert 'value="Window 3 tablet"' in refused.text  # the form as it was filled in
    done = client.post(
        "/admin/devices?lang=en",
        data={"kind": "feedback", "name": "Window 3 tablet", "workplace": "window-3"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    listed = client.get("/admin/devices?lang=en")
    assert "Feedback tablet" in listed.text
    assert "Window 3 tablet" in listed.text
    with Session(state.engine) as session:
        [device] = session.exec(select(RegisteredDevice)).all()
    assert (device.kind, device.workplace) == ("feedback", "window-3")


def test_the_tablet_asks_the_visitor_finished_at_its_workplace(
    serve: Serve, tablet_at: TabletAt, state: AppState
) -> None:
    tablet = tablet_at("window-1")
    assert step_of(tablet.get("/feedback").text) == "idle"
    elsewhere = serve(at="window-2")
    assert step_of(tablet.get("/feedback").text) == "idle"
    shown = tablet.get(f"/feedback/screen?ticket={elsewhere.id}", headers=HTMX)
    assert step_of(shown.text) == "idle"  # the feed named a visit of another window
    visit = serve(at="window-1", language="ru")
    page = tablet.get("/feedback")
    assert step_of(page.text) == "rate"  # a reload asks the visitor who just finished here
    assert f"data-number>{visit.display}<" in page.text
    fragment = tablet.get(f"/feedback/screen?ticket={visit.id}", headers=HTMX)
    assert "<html" not in fragment.text
    assert step_of(fragment.text) == "rate"
    assert 'lang="ru"' in fragment.text  # the ticket's language
    for n in range(1, 6):
        assert f'name="score" value="{n}"' in fragment.text
    english = tablet.get(f"/feedback/screen?ticket={visit.id}&lang=en", headers=HTMX)
    assert 'data-language="en" aria-pressed="true"' in english.text
    assert "How was your visit? Please rate it" in english.text
    assert step_of(tablet.get("/feedback/screen", headers=HTMX).text) == "idle"  # the reset


def test_a_star_sent_from_the_tablet_is_stored_once_with_the_tablet(
    serve: Serve, tablet_at: TabletAt, state: AppState
) -> None:
    visit = serve(at="window-1")
    tablet = tablet_at("window-1")
    nothing = tablet.post(f"/feedback/tickets/{visit.id}/rating", data={"lang": "en"}, headers=HTMX)
    assert nothing.status_code == 422
    assert step_of(nothing.text) == "rate"
    assert "Choose a score from 1 to 5 stars." in nothing.text
    sent = tablet.post(
        f"/feedback/tickets/{visit.id}/rating", data={"score": "4", "lang": "en"}, headers=HTMX
    )
    assert sent.status_code == 200
    assert step_of(sent.text) == "thanks"
    assert "Thank you for your rating!" in sent.text
    [stored] = ratings(state)
    assert (stored.ticket_id, stored.score, stored.comment) == (visit.id, 4, None)
    assert (stored.source, stored.workplace, stored.zone) == ("tablet", "window-1", "consultation")
    with Session(state.engine) as session:
        device = session.exec(select(RegisteredDevice)).one()
    assert stored.device_id == device.id
    again = tablet.post(
        f"/feedback/tickets/{visit.id}/rating", data={"score": "1", "lang": "en"}, headers=HTMX
    )
    assert again.status_code == 409
    assert step_of(again.text) == "message"
    assert "has already been rated" in again.text
    assert step_of(tablet.get("/feedback").text) == "idle"  # rated: not asked again
    assert [r.score for r in ratings(state)] == [4]


def test_the_tablet_refuses_other_workplaces_and_old_visits(
    serve: Serve, tablet_at: TabletAt, clock: Clock, state: AppState
) -> None:
    elsewhere = serve(at="window-2")
    tablet = tablet_at("window-1")
    refused = tablet.post(
        f"/feedback/tickets/{elsewhere.id}/rating", data={"score": "5", "lang": "en"}, headers=HTMX
    )
    assert refused.status_code == 403
    assert step_of(refused.text) == "message"
    assert "window-1" in refused.text
    here = serve(at="window-1")
    clock.advance(minutes=6)  # a reload after the visitor has surely gone asks no one
    assert step_of(tablet.get("/feedback").text) == "idle"
    clock.advance(days=1)
    late = tablet.post(f"/feedback/tickets/{here.id}/rating", data={"score": "5"}, headers=HTMX)
    assert late.status_code == 403
    assert ratings(state) == []


def test_a_plain_form_goes_back_to_the_page(serve: Serve, tablet_at: TabletAt) -> None:
    visit = serve(at="window-3")
    tablet = tablet_at("window-3")
    sent = tablet.post(f"/feedback/tickets/{visit.id}/rating", data={"score": "3"})
    assert sent.status_code == 303
    assert sent.headers["location"] == "/feedback"
