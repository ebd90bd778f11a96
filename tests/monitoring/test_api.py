"""Problem-issue monitoring by district (003 App.2 p.7(1)–(5), requirements F.39) on a real
database: requests and appeals registered through the real API in two consecutive periods
with known topics and districts; every cell, total and change below is counted by hand."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text

from app.db.migrate import upgrade
from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.i18n import gettext_for
from app.main import create_app
from tests.api.helpers import set_clock
from tests.conftest import ClientAs, Clock, almaty, make_state
from tests.reception.helpers import add_day, add_official, approve, ok, post, refused, register
from tests.support.auth import bearer, staff_token

# The period asked for, Mon 16 – Tue 24 Nov 2026 (9 days), and so the previous one,
# Sat 7 – Sun 15 Nov 2026.
PERIOD = "from=2026-11-16&to=2026-11-24"
Q = f"/api/monitoring?{PERIOD}"


def at(day: int, hour: int = 9, minute: int = 30) -> str:
    """A moment of November 2026 in Almaty, as the API takes it."""
    return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+05:00"


def play(client: TestClient, clock: Clock) -> dict[str, int]:
    """Registered (000 p.25: a working day's morning is that day's):
    previous period  p1 housing×almaly 9 Nov, p2 land×auezov 9 Nov, p3 land×auezov 10 Nov;
                     appeal a1 on p1, filed 11 Nov, its request's housing×almaly
    this period      r1 housing×almaly 17 Nov, r2 housing×almaly 18 Nov, r3 land×medeu 19 Nov,
                     r4 nothing stated 20 Nov (an integration's);
                     appeal a2 on p2, filed 18 Nov as social×medeu; a3 on p1, filed 23 Nov,
                     its request's housing×almaly
    before both      o1 housing×almaly 5 Nov: in neither period"""
    ids: dict[str, int] = {}
    set_clock(client, clock, almaty(2026, 11, 9, 10, 0))
    add_official(client)
    add_day(client, "2026-11-12")
    approve(client, "2026-11")

    def request(name: str, received: str, **codes: str) -> None:
        ids[name] = register(client, received_at=received, **codes)["id"]

    request("o1", at(5), topic="housing", district="almaly")
    request("p1", at(9), topic="housing", district="almaly")
    request("p2", at(9, 9, 40), topic="land", district="auezov")
    for name in ("p1", "p2"):
        post(client, f"/api/reception-requests/{ids[name]}/accept", {"official": "deputy"})
    scheduled = post(client, "/api/reception-requests/allocate")
    assert {r["id"] for r in scheduled} == {ids["p1"], ids["p2"]}
    set_clock(client, clock, almaty(2026, 11, 10, 10, 0))
    request("p3", at(10), topic="land", district="auezov")

    def appeal(name: str, on: str, summary: str, **codes: str) -> None:
        body = {"summary": summary, "handled_before": [], **codes}
        answer = post(client, f"/api/reception-requests/{ids[on]}/appeals", body, 201)
        ids[name] = answer["id"]

    set_clock(client, clock, almaty(2026, 11, 11, 10, 0))
    appeal("a1", "p1", "Шағым: жылу жоқ")
    set_clock(client, clock, almaty(2026, 11, 18, 10, 0))
    request("r1", at(17), topic="housing", district="almaly")
    request("r2", at(18), topic="housing", district="almaly")
    appeal("a2", "p2", "Жәрдемақы туралы шағым", topic="social", district="medeu")
    set_clock(client, clock, almaty(2026, 11, 23, 10, 0))
    request("r3", at(19), topic="land", district="medeu")
    request("r4", at(20))
    appeal("a3", "p1", "Тағы да жылу жоқ")
    set_clock(client, clock, almaty(2026, 11, 24, 10, 0))
    return ids


@pytest.fixture
def played(client: TestClient, clock: Clock) -> dict[str, int]:
    return play(client, clock)


def get(client: TestClient, query: str) -> Any:
    answer = client.get(query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def cells(table: Any) -> dict[tuple[str | None, str | None], tuple[int, int]]:
    """Each cell that was counted in either period: (count, previous)."""
    found = {}
    for row in table["rows"]:
        for cell in row["cells"]:
            assert cell["change"] == cell["count"] - cell["previous"]
            if cell["count"] or cell["previous"]:
                found[(row["topic"], cell["district"])] = (cell["count"], cell["previous"])
    return found


def totals(items: list[Any], key: str) -> dict[str | None, tuple[int, int, int]]:
    return {
        item[key]: (item["total"]["count"], item["total"]["previous"], item["total"]["change"])
        for item in items
        if item["total"]["count"] or item["total"]["previous"]
    }


def assert_the_played_table(client: TestClient) -> None:
    table = get(client, Q)
    assert (table["from"], table["to"]) == ("2026-11-16", "2026-11-24")
    assert (table["previous_from"], table["previous_to"]) == ("2026-11-07", "2026-11-15")
    assert table["what"] == "all"
    assert cells(table) == {
        ("housing", "almaly"): (3, 2),  # r1, r2, a3 against p1, a1
        ("land", "medeu"): (1, 0),  # r3
        ("social", "medeu"): (1, 0),  # a2: its own codes, not its request's
        ("land", "auezov"): (0, 2),  # p2, p3
        (None, None): (1, 0),  # r4, filed by an integration without them
    }
    assert totals(table["rows"], "topic") == {
        "housing": (3, 2, 1),
        "land": (1, 2, -1),
        "social": (1, 0, 1),
        None: (1, 0, 1),
    }
    columns = {
        c["district"]: (c["count"], c["previous"], c["change"])
        for c in table["district_totals"]
        if c["count"] or c["previous"]
    }
    assert columns == {
        "almaly": (3, 2, 1),
        "medeu": (2, 0, 2),
        "auezov": (0, 2, -2),
        None: (1, 0, 1),
    }
    assert table["total"] == {"count": 6, "previous": 4, "change": 2}
    # Every topic and district of the centre file, in its order, then "not stated".
    assert table["topics"][:3] == ["housing", "land", "social"]
    assert table["topics"][-1] is None
    assert table["districts"][0] == "alatau"
    assert table["districts"][-2:] == ["outside", None]
    assert len(table["rows"]) == 11  # the demo's 10 topics and "not stated"


@pytest.mark.usefixtures("played")
def test_003_app2_p7_topics_by_districts_against_the_previous_period(client: TestClient) -> None:
    assert_the_played_table(client)


@pytest.mark.usefixtures("played")
def test_requests_and_appeals_apart(client: TestClient) -> None:
    requests = get(client, Q + "&what=requests")
    assert cells(requests) == {
        ("housing", "almaly"): (2, 1),
        ("land", "medeu"): (1, 0),
        ("land", "auezov"): (0, 2),
        (None, None): (1, 0),
    }
    assert requests["total"] == {"count": 4, "previous": 3, "change": 1}
    appeals = get(client, Q + "&what=appeals")
    assert cells(appeals) == {("housing", "almaly"): (1, 1), ("social", "medeu"): (1, 0)}
    assert appeals["total"] == {"count": 2, "previous": 1, "change": 1}
    # The previous period on its own: what was the previous is now the count, against
    # 29 Oct – 6 Nov, which holds o1.
    before = get(client, "/api/monitoring?from=2026-11-07&to=2026-11-15")
    assert (before["previous_from"], before["previous_to"]) == ("2026-10-29", "2026-11-06")
    assert cells(before) == {("housing", "almaly"): (2, 1), ("land", "auezov"): (2, 0)}


def test_the_answers_carry_the_codes(client: TestClient, played: dict[str, int]) -> None:
    r1 = ok(client.get(f"/api/reception-requests/{played['r1']}"))
    assert (r1["topic"], r1["district"]) == ("housing", "almaly")
    r4 = ok(client.get(f"/api/reception-requests/{played['r4']}"))
    assert (r4["topic"], r4["district"]) == (None, None)
    appeals = {a["id"]: a for a in ok(client.get("/api/reception-appeals"))}
    assert (appeals[played["a2"]]["topic"], appeals[played["a2"]]["district"]) == (
        "social",
        "medeu",
    )
    # Filed without codes: its request's.
    assert (appeals[played["a3"]]["topic"], appeals[played["a3"]]["district"]) == (
        "housing",
        "almaly",
    )


def test_a_code_no_longer_in_the_centre_file_keeps_its_own_row(
    client: TestClient, played: dict[str, int], state: AppState
) -> None:
    # As if the centre file had listed "roads" when r3 was registered, and no longer does.
    with state.engine.begin() as connection:
        connection.execute(
            text("UPDATE reception_request SET topic = 'roads' WHERE id = :id"),
            {"id": played["r3"]},
        )
    table = get(client, Q + "&what=requests")
    assert table["topics"][-2:] == ["roads", None]
    assert cells(table)[("roads", "medeu")] == (1, 0)
    assert ("land", "medeu") not in cells(table)
    page = client.get(f"/monitoring?{PERIOD}&what=requests&lang=en")
    assert 'data-topic="roads"' in page.text
    assert "no longer in the centre file" in page.text


def test_003_app2_p7_unknown_codes_are_refused_naming_the_allowed_ones(
    client: TestClient, clock: Clock
) -> None:
    body = {
        "received_at": at(20),
        "channel": "egov",
        "language": "kk",
        "applicant_name": "Жұмабаев Ерлан",
        "contact": "+7 701 000 00 00",
        "subject": "Жер учаскесі",
    }
    answer = client.post("/api/reception-requests?lang=en", json={**body, "topic": "roads"})
    detail = refused(answer, 422, "unknown_topic")
    assert "'roads'" in detail
    assert "housing, land, social" in detail
    answer = client.post("/api/reception-requests?lang=en", json={**body, "district": "narnia"})
    detail = refused(answer, 422, "unknown_district")
    assert "alatau, almaly, auezov" in detail
    # Not a code at all: the schema refuses it.
    answer = client.post("/api/reception-requests", json={**body, "topic": "Housing!"})
    refused(answer, 422, "invalid_request")
    assert ok(client.get("/api/reception-requests")) == []
    # An appeal too.
    ids = play(client, clock)
    path = f"/api/reception-requests/{ids['p1']}/appeals?lang=en"
    answer = client.post(path, json={"summary": "Шағым", "district": "narnia"})
    assert "alatau" in refused(answer, 422, "unknown_district")


@pytest.mark.usefixtures("played")
def test_the_csv_and_the_xlsx_hold_the_json_table(client: TestClient) -> None:
    table = get(client, Q)
    answer = client.get(f"/api/monitoring.csv?{PERIOD}")
    assert answer.status_code == 200
    assert "monitoring-2026-11-16-2026-11-24-all.csv" in answer.headers["content-disposition"]
    csv_rows: list[list[Any]] = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    book = client.get(f"/api/monitoring.xlsx?{PERIOD}")
    assert book.status_code == 200
    assert "monitoring-2026-11-16-2026-11-24-all.xlsx" in book.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(book.content))
    assert workbook.sheetnames == ["monitoring", "previous period", "names"]
    sheet_rows: list[list[Any]] = [
        list(r) for r in workbook["monitoring"].iter_rows(values_only=True)
    ]

    def code(value: Any) -> str | None:
        return None if value == "not stated" else str(value)

    # The CSV's text read as numbers; the workbook's cells are numbers already.
    readers: list[tuple[list[list[Any]], Callable[[Any], Any]]] = [
        (csv_rows, int),
        (sheet_rows, lambda v: v),
    ]
    for rows, as_int in readers:
        header, body = rows[0], rows[1:]
        assert header[0] == "topic"
        assert header[-3:] == ["total", "previous", "change"]
        assert [code(h) for h in header[1:-3]] == table["districts"]
        by_topic = {code(r[0]): r for r in body[: len(table["rows"])]}
        for row in table["rows"]:
            line = by_topic[row["topic"]]
            assert [as_int(v) for v in line[1:-3]] == [c["count"] for c in row["cells"]]
            total = row["total"]
            assert [as_int(v) for v in line[-3:]] == [
                total["count"],
                total["previous"],
                total["change"],
            ]
        sums, before, change = body[len(table["rows"]) :]
        assert (sums[0], before[0], change[0]) == ("total", "previous", "change")
        assert [as_int(v) for v in sums[1:-3]] == [c["count"] for c in table["district_totals"]]
        assert [as_int(v) for v in before[1:-3]] == [
            c["previous"] for c in table["district_totals"]
        ]
        assert [as_int(v) for v in change[1:-3]] == [c["change"] for c in table["district_totals"]]
        assert [as_int(v) for v in sums[-3:]] == [6, 4, 2]
    # The second sheet: the previous period's cells.
    previous = [list(r) for r in workbook["previous period"].iter_rows(values_only=True)]
    land = next(r for r in previous if r[0] == "land")
    assert land[previous[0].index("auezov")] == 2
    assert land[-1] == 2
    names = [list(r) for r in workbook["names"].iter_rows(values_only=True)]
    assert ["district", "almaly", "Алмалы ауданы", "Алмалинский район", "Almaly district"] in names


@pytest.mark.postgres
def test_the_same_table_on_postgres(postgres_url: str, clock: Clock) -> None:
    """The GROUP BY over both tables in PostgreSQL's SQL."""
    upgrade(postgres_url)
    state = make_state(postgres_url, clock)
    try:
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            play(client, clock)
            assert_the_played_table(client)
    finally:
        state.close()


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("from=2026-11-30&to=2026-11-01", "30 November"),  # ends before it starts
        ("from=2025-01-01&to=2026-11-30", "400"),  # over 400 days
        ("from=2026-11-01&to=2026-11-30&what=complaints", "what"),
        ("from=2026-13-01&to=2026-11-30", "from"),
        ("to=2026-11-30", "from"),
    ],
)
def test_a_bad_period_or_count_is_refused_clearly(
    client: TestClient, query: str, says: str
) -> None:
    for path in ("/api/monitoring", "/api/monitoring.csv", "/api/monitoring.xlsx"):
        answer = client.get(f"{path}?{query}&lang=en")
        assert answer.status_code == 422, (path, answer.text)
        assert says in str(answer.json()["detail"]), path


def test_only_the_administrator_and_the_analyst_read_the_monitoring(
    client_as: ClientAs,
    anonymous_client: TestClient,
    device_client: Any,
) -> None:
    kiosk = device_client(DeviceKind.KIOSK)
    for path in (Q, f"/api/monitoring.csv?{PERIOD}", f"/api/monitoring.xlsx?{PERIOD}"):
        assert client_as(Role.ADMIN).get(path).status_code == 200
        assert client_as(Role.ANALYST).get(path).status_code == 200
        for role, workplace in [
            (Role.RECEPTION, None),
            (Role.MODERATOR, None),
            (Role.CONSULTANT, "window-1"),
            (Role.OFFICIAL, "cabinet-201"),
        ]:
            assert client_as(role, workplace=workplace).get(path).status_code == 403, role
        assert anonymous_client.get(path).status_code == 401
        assert kiosk.get(path).status_code == 403
    page = f"/monitoring?{PERIOD}"
    assert client_as(Role.ANALYST).get(page).status_code == 200
    assert client_as(Role.RECEPTION).get(page).status_code == 403
    assert kiosk.get(page).status_code == 403
    signed_out = anonymous_client.get(page)
    assert signed_out.status_code in (302, 303)
    assert signed_out.headers["location"].startswith("/login")


@pytest.mark.usefixtures("played")
def test_the_page_shows_the_table_by_name_shaded_with_the_changes(client_as: ClientAs) -> None:
    analyst = client_as(Role.ANALYST)
    page = analyst.get(f"/monitoring?{PERIOD}&lang=ru")
    assert page.status_code == 200
    html = re.sub(r">\s+<", "><", page.text)
    assert "Жилищно-коммунальное хозяйство" in html  # the topic's name, not its code
    assert "Алмалинский район" in html
    row = re.search(r'<tr data-topic="housing">(.*?)</tr>', html)
    assert row is not None
    # The busiest cell (3) is the darkest; its title says the previous period (2, +1).
    almaly = re.search(
        r'<td class="heat-(\d)" data-district="almaly" title="([^"]*)">(\d+)</td>', row[1]
    )
    assert almaly is not None
    assert (almaly[1], almaly[3]) == ("5", "3")
    assert almaly[2] == gettext_for("ru", "Previous period: {count}").format(count=2) + " (+1)"
    medeu = re.search(r'<td class="heat-(\d)" data-district="medeu"[^>]*>(\d+)</td>', row[1])
    assert medeu is not None
    assert medeu.groups() == ("0", "0")
    land = re.search(r'<tr data-topic="land">(.*?)</tr>', html)
    assert land is not None
    assert re.search(r'<td class="heat-2" data-district="medeu"[^>]*>1</td>', land[1])
    # The row's total with its change: 1 against 2.
    assert 'data-change="-1"' in land[1]
    assert "−1" in land[1]
    totals = re.search(r"<tr data-totals>(.*?)</tr>", html)
    assert totals is not None
    assert 'data-district="auezov">0 <span class="trend down" data-change="-2"' in totals[1]
    assert '<td class="total" data-total>6 <span class="trend up" data-change="2"' in totals[1]
    assert f"/api/monitoring.csv?{PERIOD.replace('&', '&amp;')}&amp;what=all" in html
    assert "16.11.2026 – 24.11.2026" in html
    assert "07.11.2026 – 15.11.2026" in html  # compared with


def test_the_page_defaults_to_this_quarter_and_says_a_wrong_period(client_as: ClientAs) -> None:
    analyst = client_as(Role.ANALYST)
    page = analyst.get("/monitoring?lang=en")
    assert page.status_code == 200
    assert "01.10.2026 – 24.11.2026" in page.text  # the clock's 24 Nov: Q4 so far
    assert 'aria-current="page">' in page.text
    wrong = analyst.get("/monitoring?from=2026-11-30&to=2026-11-01&lang=ru")
    assert wrong.status_code == 422
    assert 'class="error"' in wrong.text
    assert "400" in wrong.text
    assert "<!doctype html>" in wrong.text.lower()  # a page, not JSON
    assert analyst.get("/monitoring?what=complaints").status_code == 422
