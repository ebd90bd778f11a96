"""POST /api/tickets: numbering per zone and day (001 p.9), `ahead`, and every refusal."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from app.config.centre import CentreConfig
from tests.api.conftest import ClientFor
from tests.api.helpers import act, call_next, call_number, error, get, issue, serve, set_clock
from tests.conftest import Clock, almaty


def first_number(centre: CentreConfig, zone: str) -> int:
    found = centre.zone(zone)
    assert found is not None
    return found.numbers.first


def test_issue_returns_the_new_ticket(client: TestClient, clock: Clock) -> None:
    """001 p.8: a ticket in the chosen language (Kazakh or Russian) for a zone."""
    response = client.post(
        "/api/tickets", json={"zone": "consultation", "language": "ru", "purpose": "жалоба"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert isinstance(body["id"], int)
    assert body["zone"] == "consultation"
    assert body["language"] == "ru"
    assert body["state"] == "waiting"
    assert body["ahead"] == 0
    assert body["display"] == str(body["number"])  # no prefix in the demo centre
    assert datetime.fromisoformat(body["issued_at"]) == clock.now
    assert body["workplace"] is None
    assert body["called_at"] is None
    assert body["recall_count"] == 0
    assert body["priority"] is None


@pytest.mark.parametrize("zone", ["consultation", "personal_reception", "self_service"])
def test_numbers_start_at_the_zone_range_start(
    client: TestClient, centre: CentreConfig, zone: str
) -> None:
    """001 p.9: separate number ranges for each zone."""
    first = first_number(centre, zone)
    numbers = [issue(client, zone)["number"] for _ in range(3)]
    assert numbers == [first, first + 1, first + 2]


def test_each_zone_counts_on_its_own(client: TestClient, centre: CentreConfig) -> None:
    consultation = first_number(centre, "consultation")
    personal = first_number(centre, "personal_reception")
    assert issue(client, "consultation")["number"] == consultation
    assert issue(client, "personal_reception")["number"] == personal
    assert issue(client, "consultation")["number"] == consultation + 1


def test_numbers_restart_the_next_local_day(
    client: TestClient, clock: Clock, centre: CentreConfig
) -> None:
    first = first_number(centre, "consultation")
    issue(client)
    issue(client)
    set_clock(client, clock, almaty(2026, 11, 25, 9, 0))
    assert issue(client)["number"] == first
    assert issue(client)["number"] == first + 1


def test_yesterdays_waiting_tickets_are_not_called_today(client: TestClient, clock: Clock) -> None:
    issue(client)
    set_clock(client, clock, almaty(2026, 11, 25, 9, 0))
    assert call_next(client, "window-1") is None
    today = issue(client)
    called = call_next(client, "window-1")
    assert called is not None
    assert called["id"] == today["id"]


def test_ahead_counts_the_waiting_tickets_before_this_one(client: TestClient) -> None:
    tickets = [issue(client) for _ in range(4)]
    assert [t["ahead"] for t in tickets] == [0, 1, 2, 3]
    assert [get(client, t["id"])["ahead"] for t in tickets] == [0, 1, 2, 3]
    # The first is called, the second cancelled: the last has one ahead.
    call_next(client, "window-1")
    act(client, tickets[1]["id"], "cancel")
    assert get(client, tickets[3]["id"])["ahead"] == 1
    assert get(client, tickets[0]["id"])["ahead"] == 0  # called tickets are not waiting


def test_ahead_counts_only_the_same_zone(client: TestClient) -> None:
    issue(client, "consultation")
    issue(client, "personal_reception")
    assert issue(client, "self_service")["ahead"] == 0
    assert issue(client, "consultation")["ahead"] == 1


def test_out_of_turn_ticket_has_only_out_of_turn_tickets_ahead(client: TestClient) -> None:
    """000 p.12: out-of-turn visitors go before the regular queue."""
    regular = [issue(client) for _ in range(3)]
    first = issue(client, priority="pregnant")
    second = issue(client, priority="disability")
    assert first["ahead"] == 0
    assert first["priority"] == "pregnant"
    assert second["ahead"] == 1
    assert get(client, regular[0]["id"])["ahead"] == 2
    assert issue(client)["ahead"] == 5


# the centre is closed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        (almaty(2026, 11, 24, 8, 30), "opens today at 09:00"),  # before opening
        (almaty(2026, 11, 24, 13, 0), "opens today at 14:30"),  # lunch (001 p.4)
        (almaty(2026, 11, 24, 18, 30), "opens tomorrow at 09:00"),  # closing time
        (almaty(2026, 11, 27, 20, 0), "on Monday 30 November at 09:00"),  # Friday evening
        (almaty(2026, 11, 28, 11, 0), "on Monday 30 November at 09:00"),  # Saturday
        (almaty(2026, 12, 16, 10, 0), "opens tomorrow at 09:00"),  # Independence Day
        (almaty(2026, 3, 23, 10, 0), "on Thursday 26 March at 09:00"),  # Nauryz
    ],
)
def test_no_tickets_while_closed(
    client: TestClient, clock: Clock, now: datetime, opens: str
) -> None:
    """001 p.4: hours 09:00–18:30 with lunch 13:00–14:30, closed on days off."""
    set_clock(client, clock, now)
    response = client.post("/api/tickets", json={"zone": "consultation", "language": "kk"})
    detail = error(response, 409, "centre_closed")
    assert opens in detail
    set_clock(client, clock, almaty(2026, 11, 24, 10, 0))
    assert issue(client)["ahead"] == 0, "nothing was stored by the refused request"


def test_closed_message_in_russian_and_kazakh(client: TestClient, clock: Clock) -> None:
    clock.now = almaty(2026, 11, 24, 13, 10)
    body = {"zone": "consultation", "language": "kk"}
    ru = error(
        client.post("/api/tickets", json=body, headers={"Accept-Language": "ru"}),
        409,
        "centre_closed",
    )
    kk = error(
        client.post("/api/tickets", json=body, headers={"Accept-Language": "kk"}),
        409,
        "centre_closed",
    )
    en = error(client.post("/api/tickets", json=body), 409, "centre_closed")
    # 12.11: said as a person would, in each language, never as an ISO timestamp.
    assert ru == "Центр сейчас закрыт. Откроется сегодня в 14:30."
    assert kk == "Орталық қазір жабық. Ашылуы: бүгін, сағат 14:30."
    assert en == "The centre is closed now. It opens today at 14:30."


def test_a_later_opening_day_is_named_in_each_language(client: TestClient, clock: Clock) -> None:
    """Friday evening: Monday, with the month in the genitive where Russian needs it."""
    set_clock(client, clock, almaty(2026, 11, 27, 20, 0))
    body = {"zone": "consultation", "language": "kk"}
    said = {
        lang: error(client.post(f"/api/tickets?lang={lang}", json=body), 409, "centre_closed")
        for lang in ("kk", "ru", "en")
    }
    assert said["kk"] == "Орталық қазір жабық. Ашылуы: 30 қараша (дүйсенбі), сағат 09:00."
    assert said["ru"] == "Центр сейчас закрыт. Откроется 30 ноября (понедельник) в 09:00."
    assert said["en"] == "The centre is closed now. It opens on Monday 30 November at 09:00."


# wrap-around and a full zone --------------------------------------------------------------


def test_numbers_wrap_and_skip_numbers_still_in_use(client_for: ClientFor) -> None:
    client = client_for("tiny_centre.toml")  # zone "tiny": numbers 1–3, prefix Т
    displays = [issue(client, "tiny")["display"] for _ in range(3)]
    assert displays == ["Т-1", "Т-2", "Т-3"]
    # Т-2 is served; Т-1 and Т-3 still wait.
    called = call_number(client, "desk-1", 2)
    act(client, called["id"], "start")
    act(client, called["id"], "finish")
    again = issue(client, "tiny")
    assert (again["number"], again["display"]) == (2, "Т-2")
    # Now 1, 2 and 3 are all active again.
    detail = error(
        client.post("/api/tickets", json={"zone": "tiny", "language": "ru"}), 409, "zone_full"
    )
    assert "tiny" in detail


def test_a_full_zone_takes_tickets_again_once_one_is_served(client_for: ClientFor) -> None:
    client = client_for("tiny_centre.toml")
    for _ in range(3):
        issue(client, "tiny")
    error(client.post("/api/tickets", json={"zone": "tiny", "language": "kk"}), 409, "zone_full")
    error(client.post("/api/tickets", json={"zone": "tiny", "language": "kk"}), 409, "zone_full")
    serve(client, "desk-1")  # Т-1 is done
    assert issue(client, "tiny")["display"] == "Т-1"
    # The other zone with the same numbers is unaffected.
    assert issue(client, "twin")["display"] == "Қ-1"


@pytest.mark.parametrize("leave", ["no-show", "cancel"])
def test_no_show_and_cancel_free_the_number(client_for: ClientFor, leave: str) -> None:
    client = client_for("tiny_centre.toml")
    tickets = [issue(client, "tiny") for _ in range(3)]
    called = call_next(client, "desk-1")
    assert called is not None
    act(client, called["id"], leave)
    assert issue(client, "tiny")["number"] == tickets[0]["number"]


def test_zone_full_message_in_kazakh(client_for: ClientFor) -> None:
    client = client_for("tiny_centre.toml")
    for _ in range(3):
        issue(client, "tiny")
    response = client.post(
        "/api/tickets", json={"zone": "tiny", "language": "kk"}, headers={"Accept-Language": "kk"}
    )
    detail = error(response, 409, "zone_full")
    assert "tiny" in detail
    assert "нөмір" in detail


# bad requests -----------------------------------------------------------------------------


def test_unknown_zone(client: TestClient) -> None:
    response = client.post("/api/tickets", json={"zone": "canteen", "language": "kk"})
    detail = error(response, 422, "unknown_zone")
    assert "'canteen'" in detail
    assert "consultation" in detail  # says what is allowed


def test_zone_that_issues_no_tickets(client: TestClient) -> None:
    response = client.post("/api/tickets", json={"zone": "waiting", "language": "ru"})
    detail = error(response, 422, "zone_not_issuing")
    assert "waiting" in detail
    assert "consultation" in detail


def test_unknown_category(client: TestClient) -> None:
    response = client.post(
        "/api/tickets", json={"zone": "consultation", "language": "kk", "priority": "vip"}
    )
    detail = error(response, 422, "unknown_category")
    assert "'vip'" in detail
    assert "pregnant" in detail


@pytest.mark.parametrize("language", ["de", "KK", "", "kz"])
def test_unknown_language(client: TestClient, language: str) -> None:
    """001 p.8: tickets are issued in Kazakh or Russian (English for the demo)."""
    response = client.post("/api/tickets", json={"zone": "consultation", "language": language})
    detail = error(response, 422, "invalid_request")
    assert "language" in detail


def test_purpose_too_long(client: TestClient) -> None:
    response = client.post(
        "/api/tickets", json={"zone": "consultation", "language": "kk", "purpose": "x" * 201}
    )
    assert "purpose" in error(response, 422, "invalid_request")


def test_refused_tickets_use_no_number(client: TestClient, centre: CentreConfig) -> None:
    client.post("/api/tickets", json={"zone": "consultation", "language": "kk", "priority": "x"})
    client.post("/api/tickets", json={"zone": "consultation", "language": "de"})
    assert issue(client)["number"] == first_number(centre, "consultation")
