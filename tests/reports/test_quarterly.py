"""The quarterly report (000 p.40, requirements F.38) for the scripted fourth quarter of 2026
(tests/reports/scenario.py) on a real SQLite file: every figure below is worked out by hand
from the script, read back from the workbook with openpyxl and from the printable page."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from app.domain.reception.terms import Channel, DeadlineKind, RefusalGround, RequestState
from app.domain.text import N_
from app.edge.state import AppState
from app.schemas.report_layout import NO_DATA, TOTAL, both
from tests.conftest import Clock
from tests.reception.helpers import DEPUTY, HEAD
from tests.reports.reading import headers, page_tables, sheets
from tests.reports.scenario import APPLICANT, CONTACT, Played, play_quarter

Q4 = "year=2026&quarter=4"
XLSX = f"/api/reports/quarterly.xlsx?{Q4}"
PAGE = f"/reports/quarterly?{Q4}"
TOTAL_TEXT = both(TOTAL).joined()  # «Барлығы / Итого»
ALL_ZONES = both(N_("All zones")).joined()
CONSULTATION = "Консультация"  # the same in Kazakh and Russian: written once
PERSONAL = "Жеке қабылдау / Личный приём"
SELF_SERVICE = "Өзіне-өзі қызмет көрсету / Самообслуживание"
DEPUTY_NAME = f"{DEPUTY['name_kk']} / {DEPUTY['name_ru']}"
HEAD_NAME = f"{HEAD['name_kk']} / {HEAD['name_ru']}"


@pytest.fixture
def quarter(client: TestClient, clock: Clock, state: AppState) -> Played:
    return play_quarter(client, clock, state.engine)


@pytest.fixture
def workbook(client: TestClient, quarter: Played) -> bytes:
    answer = client.get(XLSX)
    assert answer.status_code == 200, answer.text
    assert 'filename="report-2026-Q4.xlsx"' in answer.headers["content-disposition"]
    return answer.content


def test_000_p40_one_sheet_a_table_with_the_period_in_its_title(workbook: bytes) -> None:
    assert list(sheets(workbook)) == [
        "visitors",
        "receptions",
        "requests",
        "refusals",
        "deadlines",
        "extensions",
        "ratings",
        "survey",
    ]  # no problem-issue analysis: that is the half-year draft's (003 App.2 p.7)
    columns = headers(workbook)
    assert columns["visitors"][0] == "Аймақ / Зона"  # headers in both languages


def test_000_p40_visitors_by_zone_and_month(workbook: bytes) -> None:
    visitors = {(r[0], r[1]): r[2:] for r in sheets(workbook)["visitors"]}
    # (issued, served, no-shows): 20 Oct one served and one no-show; 24 Nov two served and
    # one left waiting; 10 Dec one no-show. The ticket of 30 Sep is the quarter before's.
    assert visitors[(CONSULTATION, "10.2026")] == (2, 1, 1)
    assert visitors[(CONSULTATION, "11.2026")] == (3, 2, 0)
    assert visitors[(CONSULTATION, "12.2026")] == (1, 0, 1)
    assert visitors[(CONSULTATION, TOTAL_TEXT)] == (6, 3, 2)
    assert visitors[(PERSONAL, "12.2026")] == (1, 1, 0)  # R2's check-in ticket, 3 Dec
    assert visitors[(PERSONAL, TOTAL_TEXT)] == (1, 1, 0)
    assert visitors[(SELF_SERVICE, "11.2026")] == (1, 1, 0)
    assert visitors[(ALL_ZONES, "11.2026")] == (4, 3, 0)
    assert visitors[(ALL_ZONES, TOTAL_TEXT)] == (8, 5, 2)
    assert not any(month == "09.2026" for _, month in visitors)
    zones = list(dict.fromkeys(zone for zone, _ in visitors))
    assert zones == [CONSULTATION, PERSONAL, SELF_SERVICE, ALL_ZONES]  # the centre file's order


def test_000_p2_p16_personal_receptions_per_official(workbook: bytes) -> None:
    receptions = {r[0]: r[2:] for r in sheets(workbook)["receptions"]}
    # (days held, cancelled, to come, applicants booked, received): the deputy received on
    # 3 and 10 Dec, R2 received, R3 booked and not come; the head's 8 Dec was cancelled.
    assert receptions == {
        DEPUTY_NAME: (2, 0, 0, 2, 1),
        HEAD_NAME: (0, 1, 0, 0, 0),
        TOTAL_TEXT: (2, 1, 0, 2, 1),
    }


def test_000_p4_booking_requests_by_channel_and_outcome(workbook: bytes) -> None:
    channels = headers(workbook)["requests"][1:-1]
    assert channels == tuple(both(c.label).joined() for c in Channel)
    states = {r[0]: r[1:] for r in sheets(workbook)["requests"]}

    def row(state: RequestState) -> tuple[object, ...]:
        return states[both(state.label).joined()]

    # egov, eotinish, paper, oral, call centre, total; R0 was registered in September.
    assert row(RequestState.REFUSED) == (1, 0, 0, 0, 0, 1)  # R1
    assert row(RequestState.RECEIVED) == (0, 0, 1, 0, 0, 1)  # R2
    assert row(RequestState.SCHEDULED) == (0, 0, 0, 1, 0, 1)  # R3, oral
    assert row(RequestState.NOT_CONSIDERED) == (0, 0, 0, 0, 1, 1)  # R4, no issue (000 p.5)
    assert row(RequestState.REGISTERED) == (0, 0, 1, 0, 0, 1)  # R5, extended
    assert row(RequestState.ACCEPTED) == (0, 0, 0, 0, 0, 0)
    assert states[TOTAL_TEXT] == (1, 0, 2, 1, 1, 5)


def test_000_p15_refusals_by_ground(workbook: bytes) -> None:
    refusals = {r[1]: (r[0], r[2]) for r in sheets(workbook)["refusals"]}
    grounds = [both(g.label).joined() for g in RefusalGround]
    assert [refusals[g] for g in grounds] == [("1)", 0), ("2)", 0), ("3)", 1), ("4)", 0), ("5)", 0)]
    assert refusals[TOTAL_TEXT] == (None, 1)


def test_000_p29_p30_p34_deadlines_met_and_missed(workbook: bytes) -> None:
    deadlines = {r[0]: r[1:] for r in sheets(workbook)["deadlines"]}

    def row(kind: DeadlineKind) -> tuple[object, ...]:
        return deadlines[both(kind.label).joined()]

    # (basis, met, late, missed, not yet due, total) as of 11 Jan 2027. Replies due in the
    # quarter: R1 (refused in time) and R3 met; R2's due 11 Nov sent 24 Nov; R0 (due in
    # October), R4 (not considered, never told) and R5 (extended to 24 Dec) never sent.
    point = N_("point {number}")  # «29-тармақ / п. 29»
    assert row(DeadlineKind.REPLY) == (both(point, number=29).joined(), 2, 1, 3, 0, 6)
    assert row(DeadlineKind.EXTENSION_NOTICE) == (both(point, number=30).joined(), 1, 0, 0, 0, 1)
    assert row(DeadlineKind.OTHER_BODIES_NOTICE)[1:] == (0, 0, 0, 0, 0)
    # Instructions: due 10 Dec done 9 Dec; due 4 Dec done 10 Dec; due 30 Dec never done.
    assert row(DeadlineKind.INSTRUCTION)[1:] == (1, 1, 1, 0, 3)
    assert deadlines[TOTAL_TEXT] == (None, 4, 2, 4, 0, 10)
    extensions = [r[1] for r in sheets(workbook)["extensions"]]
    assert extensions == [1, 0]  # R5, complex; none reasoned


def test_000_p38_ratings_by_zone_and_no_survey_yet(workbook: bytes) -> None:
    ratings = {r[0]: r[1:] for r in sheets(workbook)["ratings"]}
    # (count, mean, 1–5 stars): 5 and 2 in consultation, 4 in self-service; the September
    # visit's rating (given in October) is the previous quarter's.
    assert ratings == {
        CONSULTATION: (2, 3.5, 0, 1, 0, 0, 1),
        SELF_SERVICE: (1, 4, 0, 0, 0, 1, 0),
        ALL_ZONES: (3, 3.67, 0, 1, 0, 1, 1),
    }
    assert sheets(workbook)["survey"] == [(both(NO_DATA).joined(),)]


def test_the_page_holds_the_same_figures_in_both_languages_and_no_applicant(
    client: TestClient, quarter: Played
) -> None:
    page = client.get(PAGE + "&lang=ru")
    assert page.status_code == 200
    text = page.text
    tables = page_tables(text)
    visitors = tables["visitors"]
    # The zone is written once for its months (rowspan); the month cells follow.
    assert visitors["consultation|2026-10"] == [CONSULTATION, "10.2026", "2", "1", "1"]
    assert visitors["consultation|2026-11"] == ["11.2026", "3", "2", "0"]
    assert visitors["all|total"] == [TOTAL_TEXT, "8", "5", "2"]
    assert tables["receptions"]["deputy"][0] == DEPUTY_NAME
    assert tables["receptions"]["deputy"][2:] == ["2", "0", "0", "2", "1"]
    assert tables["receptions"]["head-land"][2:] == ["0", "1", "0", "0", "0"]
    assert tables["refusals"]["court_act"][2] == "1"
    assert tables["deadlines"]["reply"][2:] == ["2", "1", "3", "0", "6"]
    assert tables["deadlines"]["instruction"][2:] == ["1", "1", "1", "0", "3"]
    assert tables["ratings"]["all"][1:3] == ["3", "3,67"]  # the decimal comma of kk and ru
    assert 'data-no-data="survey"' in text
    assert "issues" not in tables
    assert 'data-part="issues"' not in text
    assert 'lang="kk"' in text
    assert 'lang="ru"' in text
    assert '<html lang="ru">' in text  # the controls in the reader's language
    assert f"/api/reports/quarterly.xlsx?{Q4.replace('&', '&amp;')}" in text
    # Numbers only but the officials' names (000 p.8): never an applicant's name, contact
    # or issue (001 p.2).
    for private in (APPLICANT, CONTACT, "Жер учаскесін беру", "Шағым: жер учаскесі"):
        assert private not in text
        assert private not in html.unescape(text)


def test_without_a_period_the_last_whole_quarter(client: TestClient, quarter: Played) -> None:
    page = client.get("/reports/quarterly")
    assert page.status_code == 200
    assert 'data-report="2026-Q4"' in page.text  # made on 11 Jan 2027
    assert re.search(r'<option value="4" selected>', page.text)
    answer = client.get("/api/reports/quarterly.xlsx")
    assert 'filename="report-2026-Q4.xlsx"' in answer.headers["content-disposition"]


def test_a_quarter_still_to_come_is_empty(client: TestClient, quarter: Played) -> None:
    answer = client.get("/api/reports/quarterly.xlsx?year=2027&quarter=3")
    assert answer.status_code == 200
    assert 'filename="report-2027-Q3.xlsx"' in answer.headers["content-disposition"]
    book = sheets(answer.content)
    assert [r[2:] for r in book["visitors"]] == [(0, 0, 0)] * 4  # all zones: Jul, Aug, Sep, total
    assert [r[1] for r in book["extensions"]] == [0, 0]
    assert book["ratings"] == [(both(NO_DATA).joined(),)]
    assert book["receptions"] == [(both(NO_DATA).joined(),)]
