"""`POST /api/tickets/{id}/feedback` on a real SQLite file: a visitor's rating of a finished
visit (000 p.38; issue 14.1), once per ticket, with the ticket's status token or from the
feedback tablet at the workplace that finished it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.domain.access.identity import DeviceKind
from app.domain.feedback import COMMENT_MAX
from app.edge.state import AppState
from tests.conftest import Clock
from tests.feedback.conftest import Serve, ratings
from tests.support.auth import bearer, device_token

TabletAt = Callable[[str], TestClient]


def rate(
    caller: TestClient, ticket_id: int, token: str | None, score: object = 4, **more: object
) -> dict[str, object]:
    body: dict[str, object] = {"score": score, **more}
    if token is not None:
        body["token"] = token
    response = caller.post(f"/api/tickets/{ticket_id}/feedback", json=body)
    return {"status": response.status_code, **response.json()}


def test_a_finished_visit_is_rated_once_with_its_zone_and_workplace(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    visit = serve(at="window-2")
    answer = rate(anonymous_client, visit.id, visit.token, 4, comment="  Quick and polite.  ")
    assert answer["status"] == 201, answer
    assert answer["ticket_id"] == visit.id
    assert answer["score"] == 4
    assert answer["source"] == "status_page"
    assert "comment" not in answer  # the comment is the centre's, not echoed
    [stored] = ratings(state)
    assert (stored.ticket_id, stored.score, stored.comment) == (visit.id, 4, "Quick and polite.")
    assert (stored.zone, stored.workplace) == ("consultation", "window-2")
    assert (stored.source, stored.device_id) == ("status_page", None)
    assert stored.at == state.clock()

    again = rate(anonymous_client, visit.id, visit.token, 1, comment="changed my mind")
    assert again["status"] == 409
    assert again["code"] == "already_rated"
    assert visit.display in str(again["detail"])
    [kept] = ratings(state)
    assert (kept.score, kept.comment) == (4, "Quick and polite.")


def test_only_a_finished_visit_is_rated(
    serve: Serve, client: TestClient, anonymous_client: TestClient, state: AppState
) -> None:
    serving = serve(finish=False)
    answer = rate(anonymous_client, serving.id, serving.token)
    assert (answer["status"], answer["code"]) == (409, "not_finished")
    waiting = client.post("/api/tickets", json={"zone": "consultation", "language": "kk"}).json()
    token = waiting["status_url"].rsplit("/t/", 1)[1]
    answer = rate(anonymous_client, waiting["id"], token)
    assert (answer["status"], answer["code"]) == (409, "not_finished")
    assert ratings(state) == []


def test_a_rating_is_taken_for_rating_days_after_the_visit(
    serve: Serve, anonymous_client: TestClient, clock: Clock, state: AppState
) -> None:
    days = state.centre.feedback.rating_days
    late, in_time = serve(), serve()
    clock.advance(days=days, minutes=1)
    answer = rate(anonymous_client, late.id, late.token)
    assert (answer["status"], answer["code"]) == (409, "rating_closed")
    assert f"{days}" in str(answer["detail"])
    clock.advance(minutes=-2)  # the second was finished at the same moment: just in time
    assert rate(anonymous_client, in_time.id, in_time.token)["status"] == 201
    assert [r.ticket_id for r in ratings(state)] == [in_time.id]


def test_a_wrong_token_reads_as_an_unknown_ticket(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    visit, other = serve(), serve()
    wrong = rate(anonymous_client, visit.id, other.token)  # another ticket's real token
    unknown = rate(anonymous_client, 999_999, visit.token)
    assert (wrong["status"], wrong["code"]) == (404, "ticket_not_found")
    assert (unknown["status"], unknown["code"]) == (404, "ticket_not_found")
    # The same answer but for the id the caller gave: nothing tells whether it exists.
    assert str(wrong["detail"]).replace(str(visit.id), "N") == str(unknown["detail"]).replace(
        "999999", "N"
    )
    no_token = rate(anonymous_client, visit.id, None)
    assert (no_token["status"], no_token["code"]) == (422, "token_required")
    assert ratings(state) == []


@pytest.mark.parametrize(
    ("score", "comment"),
    [
        (0, None),
        (6, None),
        (-1, None),
        (3.5, None),
        ("five", None),
        (None, None),
        (4, "x" * (COMMENT_MAX + 1)),
        (4, "reversed \u202e text"),
    ],
)
def test_out_of_bounds_is_refused_with_422_and_nothing_stored(
    serve: Serve, anonymous_client: TestClient, state: AppState, score: object, comment: object
) -> None:
    visit = serve()
    body: dict[str, object] = {"token": visit.token, "score": score}
    if comment is not None:
        body["comment"] = comment
    response = anonymous_client.post(
        f"/api/tickets/{visit.id}/feedback", json=body, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422, response.text
    field = "comment" if comment is not None else "score"
    assert field in response.json()["detail"]
    assert ratings(state) == []


def test_a_comment_is_trimmed_and_an_empty_one_is_none(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    blank, full = serve(), serve()
    assert rate(anonymous_client, blank.id, blank.token, 5, comment="   \n ")["status"] == 201
    limit = "ы" * COMMENT_MAX  # characters, not bytes: a Kazakh or Russian comment as long
    assert rate(anonymous_client, full.id, full.token, 2, comment=limit)["status"] == 201
    assert [(r.score, r.comment) for r in ratings(state)] == [(5, None), (2, limit)]


def test_the_tablet_rates_the_visits_of_its_own_workplace_without_the_token(
    serve: Serve, tablet_at: TabletAt, state: AppState
) -> None:
    here, elsewhere = serve(at="window-1"), serve(at="window-3")
    tablet = tablet_at("window-1")
    answer = rate(tablet, here.id, None, 5)
    assert (answer["status"], answer["source"]) == (201, "tablet")
    refused = rate(tablet, elsewhere.id, None, 5)
    assert (refused["status"], refused["code"]) == (403, "not_this_workplace")
    assert "window-1" in str(refused["detail"])
    [stored] = ratings(state)
    assert (stored.ticket_id, stored.workplace, stored.source) == (here.id, "window-1", "tablet")
    assert stored.device_id is not None
    # The tablet at the other window may: it is its visitor.
    assert rate(tablet_at("window-3"), elsewhere.id, None, 3)["status"] == 201


def test_the_tablet_rates_only_todays_visits(
    serve: Serve, tablet_at: TabletAt, clock: Clock, state: AppState
) -> None:
    visit = serve(at="window-1")
    clock.advance(days=1)
    refused = rate(tablet_at("window-1"), visit.id, None)
    assert (refused["status"], refused["code"]) == (403, "not_this_workplace")
    assert ratings(state) == []


def test_a_tablet_by_bearer_token_and_other_devices(
    serve: Serve, application: object, anonymous_client: TestClient, state: AppState
) -> None:
    visit = serve(at="window-2")
    kiosk = device_token(state, DeviceKind.KIOSK, "Lobby kiosk")
    anonymous_client.headers.update(bearer(kiosk))
    # A kiosk is no tablet: without the token it is an anonymous caller.
    answer = rate(anonymous_client, visit.id, None)
    assert (answer["status"], answer["code"]) == (422, "token_required")
    tablet = device_token(state, DeviceKind.FEEDBACK, "Window 2", workplace="window-2")
    anonymous_client.headers.update(bearer(tablet))
    assert rate(anonymous_client, visit.id, None)["status"] == 201
    assert [r.source for r in ratings(state)] == ["tablet"]
