"""The centre's numbers (000 p.40, requirements F.38) for a scripted morning on a real
database: six tickets with known issue, call, start and finish times, every figure computed
by hand below, not by the code under test."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.db.migrate import upgrade
from app.domain.access.roles import Role
from app.main import create_app
from tests.api.helpers import act, call_next, issue, set_clock
from tests.conftest import ClientAs, Clock, almaty, make_state
from tests.support.auth import bearer, staff_token

DAY = "2026-11-24"  # a Tuesday
Q = f"/api/statistics?from={DAY}&to={DAY}"


@pytest.fixture
def morning(client: TestClient, clock: Clock) -> None:
    play_morning(client, clock)


def play_morning(client: TestClient, clock: Clock) -> None:
    """Minutes after 09:00 (Almaty):
    t1 kk  issued 0, window-1 calls 10, starts 12, finishes 30   wait 10 walk 2 service 18
    t2 ru  issued 5, window-2 calls 25, recalls 27, no-show 28   wait 20
    t3 kk  issued 20, window-1 calls 30, starts 31, finishes 41  wait 10 walk 1 service 10
    t4 en  issued 21, window-2 calls 41, starts 43, finishes 49  wait 20 walk 2 service 6
    t5 kk  issued 22, cancelled 23                               never called
    t6 kk  self-service, issued 40, called 45, starts 45, finishes 50: wait 5 walk 0 service 5
    """
    moves: list[tuple[int, Any]] = []
    ids: dict[str, int] = {}

    def at(minute: int, step: Any) -> None:
        moves.append((minute, step))

    at(0, lambda: ids.__setitem__("t1", issue(client, language="kk")["id"]))
    at(5, lambda: ids.__setitem__("t2", issue(client, language="ru")["id"]))
    at(10, lambda: call_next(client, "window-1"))
    at(12, lambda: act(client, ids["t1"], "start"))
    at(20, lambda: ids.__setitem__("t3", issue(client, language="kk")["id"]))
    at(21, lambda: ids.__setitem__("t4", issue(client, language="en")["id"]))
    at(22, lambda: ids.__setitem__("t5", issue(client, language="kk")["id"]))
    at(23, lambda: act(client, ids["t5"], "cancel"))
    at(25, lambda: call_next(client, "window-2"))
    at(27, lambda: act(client, ids["t2"], "recall"))
    at(28, lambda: act(client, ids["t2"], "no-show"))
    at(30, lambda: act(client, ids["t1"], "finish"))
    at(30, lambda: call_next(client, "window-1"))
    at(31, lambda: act(client, ids["t3"], "start"))
    at(40, lambda: ids.__setitem__("t6", issue(client, "self_service", language="kk")["id"]))
    at(41, lambda: act(client, ids["t3"], "finish"))
    at(41, lambda: call_next(client, "window-2"))
    at(43, lambda: act(client, ids["t4"], "start"))
    at(45, lambda: call_next(client, "self-service-1"))
    at(45, lambda: act(client, ids["t6"], "start"))
    at(49, lambda: act(client, ids["t4"], "finish"))
    at(50, lambda: act(client, ids["t6"], "finish"))
    set_clock(client, clock, almaty(2026, 11, 24, 9, 0))
    start = clock.now
    for minute, step in moves:
        clock.now = start.replace(minute=minute) if minute < 60 else start
        step()


def get(client: TestClient, query: str) -> Any:
    answer = client.get(query)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.usefixtures("morning")
def test_000_p40_the_mornings_totals_and_times(client: TestClient) -> None:
    total = get(client, Q)["total"]
    counts = {k: total[k] for k in ("issued", "called", "served", "no_show", "cancelled")}
    assert counts == {"issued": 6, "called": 5, "served": 4, "no_show": 1, "cancelled": 1}
    assert total["recalls"] == 1
    assert total["transferred"] == 0
    # Waits 10, 20, 10, 20, 5: median 10, p90 (nearest rank 5 of 5) 20, max 20.
    assert total["wait_minutes"] == {"median": 10.0, "p90": 20.0, "max": 20.0}
    # Walks 2, 1, 2, 0: median 1.5.
    assert total["walk_minutes"]["median"] == 1.5
    # Services 18, 10, 6, 5: median 8, p90 18, max 18.
    assert total["service_minutes"] == {"median": 8.0, "p90": 18.0, "max": 18.0}
    # Target 15 min in every zone: 10, 10 and 5 are within, both 20s are not.
    assert total["within_target"] == 0.6


@pytest.mark.usefixtures("morning")
def test_grouped_by_zone_language_and_workplace_and_the_groups_add_up(client: TestClient) -> None:
    by_zone = get(client, Q + "&by=zone")
    zones = {r["key"]: (r["issued"], r["served"], r["no_show"]) for r in by_zone["rows"]}
    assert zones == {"consultation": (5, 3, 1), "self_service": (1, 1, 0)}
    assert (by_zone["from"], by_zone["to"], by_zone["by"]) == (DAY, DAY, "zone")
    languages = {r["key"]: r["issued"] for r in get(client, Q + "&by=language")["rows"]}
    assert languages == {"kk": 4, "ru": 1, "en": 1}
    places = {r["key"]: r["served"] for r in get(client, Q + "&by=workplace")["rows"]}
    assert places == {"": 0, "window-1": 2, "window-2": 1, "self-service-1": 1}
    hours = [r["key"] for r in get(client, Q + "&by=hour")["rows"]]
    assert hours == ["09"]  # centre-local hour (04 UTC)
    for by in ("zone", "workplace", "staff", "hour", "day", "language", "category"):
        answer = get(client, Q + f"&by={by}")
        for field in ("issued", "called", "served", "no_show", "cancelled", "recalls"):
            assert sum(r[field] for r in answer["rows"]) == answer["total"][field], (by, field)


@pytest.mark.usefixtures("morning")
def test_the_csv_holds_the_same_table_with_the_filter_in_its_name(client: TestClient) -> None:
    answer = client.get(f"/api/statistics.csv?from={DAY}&to={DAY}&by=zone")
    assert answer.status_code == 200
    assert f"statistics-{DAY}-{DAY}-by-zone.csv" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert [(r["key"], r["issued"], r["served"]) for r in rows] == [
        ("consultation", "5", "3"),
        ("self_service", "1", "1"),
        ("total", "6", "4"),
    ]
    assert rows[-1]["within_target"] == "0.6"


@pytest.mark.usefixtures("morning")
def test_the_xlsx_opens_and_matches_the_json(client: TestClient) -> None:
    answer = client.get(f"/api/statistics.xlsx?from={DAY}&to={DAY}&by=language")
    assert answer.status_code == 200
    assert f"statistics-{DAY}-{DAY}-by-language.xlsx" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    table = [dict(zip(header, row, strict=True)) for row in body]
    json = get(client, Q + "&by=language")
    expected = [*json["rows"], {**json["total"], "key": "total"}]
    assert [(r["key"], r["issued"], r["served"], r["wait_median"]) for r in table] == [
        (r["key"], r["issued"], r["served"], r["wait_minutes"]["median"]) for r in expected
    ]


@pytest.mark.postgres
def test_the_same_figures_on_postgres(postgres_url: str, clock: Clock) -> None:
    """The minutes and the local hour are computed in the database, in each dialect's SQL."""
    upgrade(postgres_url)
    state = make_state(postgres_url, clock)
    try:
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            play_morning(client, clock)
            total = get(client, Q)["total"]
            assert total["wait_minutes"] == {"median": 10.0, "p90": 20.0, "max": 20.0}
            assert total["service_minutes"] == {"median": 8.0, "p90": 18.0, "max": 18.0}
            assert total["walk_minutes"]["median"] == 1.5
            assert total["within_target"] == 0.6
            assert [r["key"] for r in get(client, Q + "&by=hour")["rows"]] == ["09"]
            assert [r["key"] for r in get(client, Q + "&by=day")["rows"]] == [DAY]
            staff = {r["key"]: r["served"] for r in get(client, Q + "&by=staff")["rows"]}
            assert sum(staff.values()) == 4
            assert "" in staff  # the cancelled ticket, called by nobody
    finally:
        state.close()


def test_a_day_without_tickets_measures_nothing(client: TestClient) -> None:
    total = get(client, "/api/statistics?from=2026-11-01&to=2026-11-30")["total"]
    assert total["issued"] == 0
    assert total["wait_minutes"] == {"median": None, "p90": None, "max": None}
    assert total["within_target"] is None


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("from=2026-11-30&to=2026-11-01", "30 November"),  # ends before it starts
        ("from=2025-01-01&to=2026-11-30", "400"),  # over 400 days
        ("from=2025-01-01&to=2026-11-30", "1 January 2025"),  # the years said: it spans two
        ("from=2026-11-01&to=2026-11-30&by=colour", "by"),
        ("from=2026-13-01&to=2026-11-30", "from"),
    ],
)
def test_a_bad_period_or_grouping_is_refused_clearly(
    client: TestClient, query: str, says: str
) -> None:
    answer = client.get(f"/api/statistics?{query}")
    assert answer.status_code == 422, answer.text
    assert says in str(answer.json()["detail"])


def test_only_the_administrator_and_the_analyst_read_the_numbers(
    client_as: ClientAs, anonymous_client: TestClient
) -> None:
    query = "/api/statistics?from=2026-11-01&to=2026-11-30"
    assert client_as(Role.ANALYST).get(query).status_code == 200
    assert client_as(Role.ADMIN).get(query).status_code == 200
    for role, workplace in [
        (Role.RECEPTION, None),
        (Role.MODERATOR, None),
        (Role.CONSULTANT, "window-1"),
        (Role.OFFICIAL, "cabinet-201"),
        (Role.SELF_SERVICE, "self-service-1"),
    ]:
        assert client_as(role, workplace=workplace).get(query).status_code == 403, role
    assert anonymous_client.get(query).status_code == 401


@pytest.mark.usefixtures("morning")
def test_the_page_shows_the_same_numbers_by_name_in_russian(client_as: ClientAs) -> None:
    analyst = client_as(Role.ANALYST)
    page = analyst.get(f"/statistics?from={DAY}&to={DAY}&by=zone&lang=ru")
    assert page.status_code == 200
    html = re.sub(r">\s+<", "><", page.text)
    assert "Консультация" in html  # the zone's name, not its code
    assert 'data-key="consultation"' in html
    assert 'data-key="self_service"' in html
    assert "<td>6</td><td>5</td><td>4</td><td>1</td><td>1</td>" in html  # the total row
    assert "<td data-within>60%</td>" in html
    assert f"/api/statistics.csv?from={DAY}&amp;to={DAY}&amp;by=zone" in html
    assert "data-chart" in html
    # How the visits ended, by zone: consultation issued 5 of the peak 5 (340 units): served
    # 3 (204), one no-show (68) after them, one cancelled (68) after that.
    assert 'width="204.0" height="10" class="served" data-outcome="served"' in html
    assert 'x="394.0" y="11" width="68.0" height="10" class="missed"' in html
    assert 'x="462.0" y="11" width="68.0" height="10" class="cancelled"' in html
    # The wait chart: consultation's p90 (20 min) is the longest bar (340 units).
    consultation = re.search(r"<title>p90: 20</title>", html)
    assert consultation is not None
    assert 'width="340.0" height="20" class="issued"><title>p90: 20</title>' in html
    assert "<title>p90: 5</title>" in html  # self-service: one wait of 5 min


def test_the_page_says_a_wrong_period_in_the_readers_language(client_as: ClientAs) -> None:
    page = client_as(Role.ANALYST).get("/statistics?from=2026-11-30&to=2026-11-01&lang=ru")
    assert page.status_code == 422
    assert 'class="error"' in page.text
    assert "400" in page.text
    assert "<!doctype html>" in page.text.lower()  # a page, not JSON
