"""The same scripted quarter on PostgreSQL (tests/reports/scenario.py): the report's counts
are GROUP BYs over DATE columns, which both dialects must answer alike."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.db.migrate import upgrade
from app.main import create_app
from app.schemas.report_layout import TOTAL, both
from tests.conftest import Clock, make_state
from tests.reports.reading import sheets
from tests.reports.scenario import play_quarter
from tests.reports.test_half_year import LAND, NOT_STATED
from tests.reports.test_quarterly import ALL_ZONES, CONSULTATION, DEPUTY_NAME, HEAD_NAME
from tests.support.auth import bearer, staff_token

TOTAL_TEXT = both(TOTAL).joined()


@pytest.mark.postgres
def test_the_same_figures_on_postgres(postgres_url: str, clock: Clock) -> None:
    upgrade(postgres_url)
    state = make_state(postgres_url, clock)
    try:
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            play_quarter(client, clock, state.engine)
            answer = client.get("/api/reports/quarterly.xlsx?year=2026&quarter=4")
            assert answer.status_code == 200, answer.text
            book = sheets(answer.content)
            visitors = {(r[0], r[1]): r[2:] for r in book["visitors"]}
            assert visitors[(CONSULTATION, "10.2026")] == (2, 1, 1)
            assert visitors[(ALL_ZONES, TOTAL_TEXT)] == (8, 5, 2)
            receptions = {r[0]: r[2:] for r in book["receptions"]}
            assert receptions[DEPUTY_NAME] == (2, 0, 0, 2, 1)
            assert receptions[HEAD_NAME] == (0, 1, 0, 0, 0)
            assert {r[1]: r[2] for r in book["refusals"]}[TOTAL_TEXT] == 1
            deadlines = [r[2:] for r in book["deadlines"]]
            assert deadlines[0] == (2, 1, 3, 0, 6)  # replies
            assert deadlines[-1] == (4, 2, 4, 0, 10)  # all
            assert {r[0]: r[2] for r in book["ratings"]}[ALL_ZONES] == 3.67
            half = client.get("/api/reports/half-year.xlsx?year=2026&half=2")
            issues = {r[0]: r[1:] for r in sheets(half.content)["issues-requests"]}
            assert issues[LAND] == (2, 0, 1, 3)
            assert issues[NOT_STATED] == (0, 0, 1, 1)
            page = client.get("/reports/quarterly?year=2026&quarter=4")
            assert page.status_code == 200
            assert 'data-key="deputy"' in page.text
    finally:
        state.close()
