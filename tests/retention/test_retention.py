"""Feedback's personal data goes after the centre file's period; scores and counts stay
(001 p.2: personal data; issue 14.5). Real SQLite file, the server's own run at start and the
`qabyldau retention` command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config.settings import DEMO_CENTRE
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.tables.feedback import Rating, SurveyCall, SurveySample
from app.tables.queue import VisitorDetail
from tests.api.helpers import issue
from tests.conftest import ClientAs, Clock, almaty, make_state

TODAY = almaty(2026, 11, 24, 10, 0)
OLD = almaty(2026, 8, 20, 11, 0)  # 96 days before: past the demo centre's 90
RECENT = almaty(2026, 9, 1, 11, 0)  # 84 days before: still kept
QABYLDAU = str(Path(sys.executable).with_name("qabyldau"))


def _visit(client: TestClient, clock: Clock, state: AppState, at: datetime, tag: str) -> int:
    """A ticket issued at `at` whose visitor left a phone for the survey, rated with a
    comment, and called by the survey with remarks, all at that time."""
    clock.now = at
    ticket_id = int(issue(client)["id"])
    with Session(state.engine) as session:
        session.add(VisitorDetail(ticket_id=ticket_id, phone="+77011234567", survey_consent=True))
        session.add(
            Rating(
                ticket_id=ticket_id,
                score=4,
                comment=f"comment {tag}",
                zone="consultation",
                workplace="window-1",
                source="status_page",
                at=at + timedelta(hours=1),
            )
        )
        sample = SurveySample(
            kind="consultation",
            period_from=date(2026, 8, 1),
            period_to=date(2026, 9, 30),
            size=5,
            seed=7,
            drawn_by="admin",
            drawn_at=at,
        )
        session.add(sample)
        session.flush()
        assert sample.id is not None
        session.add(
            SurveyCall(
                sample_id=sample.id,
                ticket_id=ticket_id,
                result="reached",
                satisfied=5,
                remarks=f"remarks {tag}",
                called_by="admin",
                called_at=at + timedelta(hours=2),
            )
        )
        session.commit()
    return ticket_id


def _records(state: AppState, ticket_id: int) -> tuple[VisitorDetail, Rating, SurveyCall]:
    with Session(state.engine) as session:
        detail = session.get(VisitorDetail, ticket_id)
        rating = session.get(Rating, ticket_id)
        call = session.exec(select(SurveyCall).where(SurveyCall.ticket_id == ticket_id)).one()
        assert detail is not None
        assert rating is not None
        return detail, rating, call


def _assert_forgotten(state: AppState, ticket_id: int) -> None:
    detail, rating, call = _records(state, ticket_id)
    assert (detail.phone, rating.comment, call.remarks) == (None, None, None)
    # What the statistics count stays: the consent, the score, the call's result.
    assert detail.survey_consent is True
    assert rating.score == 4
    assert (call.result, call.satisfied, call.called_by) == ("reached", 5, "admin")


def _assert_kept(state: AppState, ticket_id: int, tag: str) -> None:
    detail, rating, call = _records(state, ticket_id)
    assert (detail.phone, rating.comment, call.remarks) == (
        "+77011234567",
        f"comment {tag}",
        f"remarks {tag}",
    )


def test_forget_deletes_only_what_is_past_the_period(
    client: TestClient, clock: Clock, state: AppState
) -> None:
    old = _visit(client, clock, state, OLD, "old")
    recent = _visit(client, clock, state, RECENT, "recent")
    clock.now = TODAY

    done = state.transactions.write_now(lambda s: s.retention.forget(TODAY))

    assert (done.comments, done.phones, done.remarks) == (1, 1, 1)
    assert done.before == TODAY - timedelta(days=90)
    _assert_forgotten(state, old)
    _assert_kept(state, recent, "recent")
    # Nothing left to do: a second run changes nothing.
    again = state.transactions.write_now(lambda s: s.retention.forget(TODAY))
    assert again.total == 0
    _assert_kept(state, recent, "recent")


def test_the_period_comes_from_the_centre_file(
    client: TestClient, clock: Clock, state: AppState, tmp_path: Path
) -> None:
    recent = _visit(client, clock, state, RECENT, "recent")
    demo = DEMO_CENTRE.read_text(encoding="utf-8")
    assert "retention_days = 90" in demo
    shorter = tmp_path / "centre.toml"
    shorter.write_text(demo.replace("retention_days = 90", "retention_days = 30"), "utf-8")
    other = make_state(state.engine.url.render_as_string(hide_password=False), clock, shorter)
    try:
        other.transactions.write_now(lambda s: s.retention.forget(TODAY))
    finally:
        other.close()
    _assert_forgotten(state, recent)


def test_the_server_forgets_at_start(
    application: FastAPI, client_as: ClientAs, clock: Clock, state: AppState
) -> None:
    desk = client_as(Role.ADMIN)  # the server has not started yet
    old = _visit(desk, clock, state, OLD, "old")
    recent = _visit(desk, clock, state, RECENT, "recent")
    clock.now = TODAY
    with TestClient(application):  # the server starts
        deadline = time.monotonic() + 10
        while _records(state, old)[1].comment is not None and time.monotonic() < deadline:
            time.sleep(0.05)
    _assert_forgotten(state, old)
    _assert_kept(state, recent, "recent")


def test_the_command_forgets(client: TestClient, clock: Clock, state: AppState) -> None:
    old = _visit(client, clock, state, OLD, "old")
    # The command runs on the real clock (2026-12 and later), so the recent visit is past
    # its period too by then; only the old one is checked.
    env = {
        **os.environ,
        "QABYLDAU_DATABASE_URL": str(state.engine.url),
        "QABYLDAU_DATA_DIR": str(state.settings.data_dir),
    }
    result = subprocess.run(
        [QABYLDAU, "retention"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 comments, 1 phone numbers and 1 survey remarks" in result.stdout
    _assert_forgotten(state, old)
