"""What the statistics say of feedback, on a real database, computed by hand: the visitors'
ratings per group (000 p.38), the telephone survey's calls by kind (000 p.38) and the
self-service zone's help by kind (001 p.11)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.feedback import Assistance, Rating, SurveyCall, SurveySample
from app.tables.queue import Ticket
from tests.conftest import ClientAs, Clock, almaty
from tests.statistics.test_api import DAY, Q, get, play_morning

ON_DAY = almaty(2026, 11, 24, 12, 0)
DAY_BEFORE = almaty(2026, 11, 23, 17, 0)


def _rate(session: Session, ticket: Ticket, score: int) -> None:
    assert ticket.id is not None
    session.add(
        Rating(
            ticket_id=ticket.id,
            score=score,
            zone=ticket.zone,
            workplace=ticket.workplace,
            source="status_page",
            at=ON_DAY,
        )
    )


def _sample(session: Session, kind: str, drawn_at: datetime, calls: list[Any]) -> None:
    sample = SurveySample(
        kind=kind,
        period_from=date(2026, 11, 1),
        period_to=date(2026, 11, 23),
        size=len(calls),
        seed=1,
        drawn_by="admin",
        drawn_at=drawn_at,
    )
    session.add(sample)
    session.flush()
    assert sample.id is not None
    for result, satisfied in calls:
        session.add(
            SurveyCall(
                sample_id=sample.id,
                result=result,
                satisfied=satisfied,
                called_by="volunteer" if result else None,
                called_at=drawn_at + timedelta(hours=1) if result else None,
            )
        )


def _helped(session: Session, kind: str, completed: bool, day: date) -> None:
    at = almaty(day.year, day.month, day.day, 11, 0)
    session.add(
        Assistance(at=at, service_day=day, kind=kind, completed=completed, actor="volunteer")
    )


@pytest.fixture
def feedback(client: TestClient, clock: Clock, state: AppState) -> None:
    """The scripted morning (tests/statistics/test_api.py), then:
    ratings  t1 (consultation, window-1) 5, t3 (consultation, window-1) 2,
             t6 (self-service) 4; t4 served but not rated
    survey   consultation, drawn on the day: reached 4, reached 2, not reached, declined,
             one not yet called; drawn the day before (outside): one reached 1
             refused_request, drawn on the day: one reached 5
    help     on the day: egov done, egov not done, printing done; the day before: egov done
    """
    play_morning(client, clock)
    with Session(state.engine) as session:
        served = session.exec(
            select(Ticket).where(col(Ticket.state) == "done").order_by(col(Ticket.issued_at))
        ).all()
        t1, t3, _t4, t6 = served
        assert (t1.workplace, t3.workplace, t6.zone) == ("window-1", "window-1", "self_service")
        _rate(session, t1, 5)
        _rate(session, t3, 2)
        _rate(session, t6, 4)
        on_day = [("reached", 4), ("reached", 2), ("not_reached", None), ("declined", None)]
        _sample(session, "consultation", ON_DAY, [*on_day, (None, None)])
        _sample(session, "consultation", DAY_BEFORE, [("reached", 1)])
        _sample(session, "refused_request", ON_DAY, [("reached", 5)])
        day = date(2026, 11, 24)
        _helped(session, "egov", True, day)
        _helped(session, "egov", False, day)
        _helped(session, "printing", True, day)
        _helped(session, "egov", True, day - timedelta(days=1))
        session.commit()


@pytest.mark.usefixtures("feedback")
def test_000_p38_ratings_per_group_and_in_total(client: TestClient) -> None:
    answer = get(client, Q + "&by=zone")
    # 5 + 2 + 4 = 11 over 3 ratings: 3.67.
    assert answer["total"]["satisfaction"] == {
        "count": 3,
        "mean": 3.67,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1},
    }
    zones = {r["key"]: r["satisfaction"] for r in answer["rows"]}
    assert zones["consultation"]["count"] == 2
    assert zones["consultation"]["mean"] == 3.5  # (5 + 2) / 2
    assert zones["self_service"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
    places = {r["key"]: r["satisfaction"]["mean"] for r in get(client, Q + "&by=workplace")["rows"]}
    assert places == {"": None, "window-1": 3.5, "window-2": None, "self-service-1": 4.0}


@pytest.mark.usefixtures("feedback")
def test_000_p38_the_survey_by_kind_counts_only_the_periods_samples(client: TestClient) -> None:
    survey = {r["kind"]: r for r in get(client, Q)["survey"]}
    assert set(survey) == {"consultation", "refused_request"}
    consultation = survey["consultation"]
    # The sample of the day before is not in the period: its reached-with-1 is not counted.
    counts = ("drawn", "called", "reached", "not_reached", "declined")
    assert {k: consultation[k] for k in counts} == {
        "drawn": 5,
        "called": 4,
        "reached": 2,
        "not_reached": 1,
        "declined": 1,
    }
    assert consultation["satisfaction"]["mean"] == 3.0  # (4 + 2) / 2
    assert consultation["satisfaction"]["distribution"]["1"] == 0
    assert survey["refused_request"]["satisfaction"]["distribution"]["5"] == 1


@pytest.mark.usefixtures("feedback")
def test_001_p11_the_self_service_help_by_kind(client: TestClient) -> None:
    assistance = get(client, Q)["assistance"]
    assert assistance == [
        {"kind": "egov", "count": 2, "completed": 1},
        {"kind": "printing", "count": 1, "completed": 1},
    ]
    week = get(client, "/api/statistics?from=2026-11-23&to=2026-11-24")["assistance"]
    assert week[0] == {"kind": "egov", "count": 3, "completed": 2}


@pytest.mark.usefixtures("feedback")
def test_every_table_exports_as_csv_and_xlsx(client: TestClient) -> None:
    survey_csv = client.get(f"/api/statistics.csv?from={DAY}&to={DAY}&table=survey")
    assert survey_csv.status_code == 200
    assert f"survey-{DAY}-{DAY}.csv" in survey_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(survey_csv.text.lstrip("\ufeff"))))
    assert [(r["kind"], r["drawn"], r["reached"], r["satisfaction_mean"]) for r in rows] == [
        ("consultation", "5", "2", "3.0"),
        ("refused_request", "1", "1", "5.0"),
    ]
    groups = client.get(f"/api/statistics.csv?from={DAY}&to={DAY}&by=zone")
    table = list(csv.DictReader(io.StringIO(groups.text.lstrip("\ufeff"))))
    assert [(r["key"], r["rated"], r["satisfaction_mean"]) for r in table] == [
        ("consultation", "2", "3.5"),
        ("self_service", "1", "4.0"),
        ("total", "3", "3.67"),
    ]
    book = load_workbook(
        io.BytesIO(client.get(f"/api/statistics.xlsx?from={DAY}&to={DAY}").content)
    )
    assert book.sheetnames == ["by zone", "workplaces", "survey", "assistance"]
    help_rows = list(book["assistance"].iter_rows(values_only=True))
    assert help_rows == [("kind", "count", "completed"), ("egov", 2, 1), ("printing", 1, 1)]
    bad = client.get(f"/api/statistics.csv?from={DAY}&to={DAY}&table=people")
    assert bad.status_code == 422


@pytest.mark.usefixtures("feedback")
def test_the_page_shows_ratings_survey_and_help_by_name(client_as: ClientAs) -> None:
    page = client_as(Role.ANALYST).get(f"/statistics?from={DAY}&to={DAY}&by=zone&lang=ru")
    assert page.status_code == 200
    html = re.sub(r">\s+<", "><", page.text)
    assert '<td data-rating>3.7 ★ <span class="muted">(3)</span></td>' in html  # the total
    survey = re.search(r'<tr data-kind="consultation">(.*?)</tr>', html)
    assert survey is not None
    assert "<td>5</td><td>4</td><td>2</td><td>1</td><td>1</td>" in survey.group(1)
    help_row = re.search(r'<table class="numbers" data-assistance>.*?</table>', html)
    assert help_row is not None
    assert '<th scope="row">Услуга eGov</th><td>2</td><td>1</td>' in help_row.group(0)
    assert "table=assistance" in html
