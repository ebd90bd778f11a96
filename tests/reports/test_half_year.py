"""The half-year draft (003 App.2 p.7(6), requirements F.40) for the second half of 2026: the
quarterly report's tables over six months, and the problem issues raised by topic and district
(003 App.2 p.7(1)–(2)), for the scripted quarter (tests/reports/scenario.py) on SQLite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.domain.text import N_
from app.edge.state import AppState
from app.schemas.report_layout import TOTAL, both
from tests.conftest import Clock
from tests.reports.reading import headers, page_tables, sheets
from tests.reports.scenario import Played, play_quarter

H2 = "year=2026&half=2"
NOT_STATED = both(N_("Not stated")).joined()
TOTAL_TEXT = both(TOTAL).joined()
HOUSING = "Тұрғын үй-коммуналдық шаруашылық / Жилищно-коммунальное хозяйство"
LAND = "Жер қатынастары / Земельные отношения"
ALMALY = "Алмалы ауданы / Алмалинский район"
AUEZOV = "Әуезов ауданы / Ауэзовский район"


@pytest.fixture
def half(client: TestClient, clock: Clock, state: AppState) -> Played:
    return play_quarter(client, clock, state.engine)


@pytest.fixture
def workbook(client: TestClient, half: Played) -> bytes:
    answer = client.get(f"/api/reports/half-year.xlsx?{H2}")
    assert answer.status_code == 200, answer.text
    assert 'filename="report-2026-H2.xlsx"' in answer.headers["content-disposition"]
    return answer.content


def test_003_app2_p7_6_six_months_and_the_problem_issues(workbook: bytes) -> None:
    book = sheets(workbook)
    assert list(book)[-3:] == ["issues-requests", "issues-appeals", "appeals"]
    visitors = {(r[0], r[1]): r[2:] for r in book["visitors"]}
    assert [m for z, m in visitors if z == "Консультация"] == [
        "07.2026",
        "08.2026",
        "09.2026",
        "10.2026",
        "11.2026",
        "12.2026",
        TOTAL_TEXT,
    ]
    assert visitors[("Консультация", "09.2026")] == (1, 0, 0)  # 30 Sep: issued, never called
    assert visitors[("Консультация", TOTAL_TEXT)] == (7, 3, 2)


def test_003_app2_p7_2_booking_requests_by_topic_and_district(workbook: bytes) -> None:
    # R0 housing/Almaly, R1 and R2 land/Almaly, R3 housing/Auezov, R4 neither, R5 land only.
    # Only the districts and topics with requests, in the centre file's order, "not stated"
    # last.
    assert headers(workbook)["issues-requests"] == (
        both(N_("Topic")).joined(),
        ALMALY,
        AUEZOV,
        NOT_STATED,
        TOTAL_TEXT,
    )
    rows = {r[0]: r[1:] for r in sheets(workbook)["issues-requests"]}
    assert rows == {
        HOUSING: (1, 1, 0, 2),
        LAND: (2, 0, 1, 3),
        NOT_STATED: (0, 0, 1, 1),
        TOTAL_TEXT: (3, 1, 2, 6),
    }
    appeals = {r[0]: r[1:] for r in sheets(workbook)["issues-appeals"]}
    assert appeals == {LAND: (1, 1), TOTAL_TEXT: (1, 1)}  # filed at R2's reception
    # Filed, closed with a final reasoned answer (000 p.35), still under control.
    assert sheets(workbook)["appeals"] == [(1, 0, 1)]


def test_the_draft_page_has_the_issues_on_a_landscape_page(
    client: TestClient, half: Played
) -> None:
    page = client.get(f"/reports/half-year?{H2}&lang=kk")
    assert page.status_code == 200
    assert 'data-report="2026-H2"' in page.text
    assert 'data-part="issues"' in page.text
    tables = page_tables(page.text)
    assert tables["issues-requests"]["land"] == [LAND, "2", "0", "1", "3"]
    assert tables["issues-requests"][""] == [NOT_STATED, "0", "0", "1", "1"]
    assert tables["appeals"]["appeals"] == ["1", "0", "1"]
    css = client.get("/static/report.css").text
    assert '.part[data-part="issues"] { page: wide; }' in css
    assert "size: A4 landscape" in css


def test_without_a_period_the_last_whole_half(client: TestClient, half: Played) -> None:
    page = client.get("/reports/half-year")
    assert 'data-report="2026-H2"' in page.text
