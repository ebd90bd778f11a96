"""What stays private (11.7, 11.10): the log keeps no key to a device, a feed or a ticket
and no database parameter (an applicant's name); the server's files are its own; a browser
never frames a page of the centre nor sniffs an answer into another type."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from app.db.engine import make_engine
from app.main import create_app
from app.services.announcements import Announcements
from tests.conftest import Clock, make_state
from tests.support.auth import bearer, staff_token
from tests.support.live_server import live_server
from voices.fake import OFF, FakeSynthesizer

FRAMING = "frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/login", 200),  # a staff page
        ("GET", "/api/health", 200),  # an API answer
        ("GET", "/nothing-here", 404),  # a refusal of the error handlers
        ("POST", "/api/tickets", 401),  # the body limits' refusal, before any route
        ("POST", "/login", 413),  # a public body too large: also the limits'
    ],
)
def test_every_answer_forbids_framing_and_sniffing(
    anonymous_client: TestClient, method: str, path: str, status: int
) -> None:
    headers = {"content-length": str(10**8)} if method == "POST" else {}
    content = b"x" * 10 if method == "POST" else None
    response = anonymous_client.request(method, path, headers=headers, content=content)
    assert response.status_code == status
    assert response.headers["x-frame-options"] == "DENY"
    assert FRAMING in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_access_log_keeps_no_secret(sqlite_url: str, tmp_path: Path) -> None:
    """The real server's access log: a pairing link, a status page's token, a feed's token
    and a bearer token pasted into an address are logged without the secret."""
    secrets = {
        "/pair/PAIRSECRET123": "/pair/…",
        "/t/STATUSSECRET456": "/t/…",
        "/ws/events?token=FEEDSECRET789": "token=…",
        "/api/health?x=qbs_BEARERSECRET0": "x=…",
    }
    with live_server(sqlite_url, data_dir=tmp_path, workers=1, access_log=True) as server:
        with httpx2.Client(base_url=server.base_url, timeout=5.0) as client:
            for path in secrets:
                client.get(path)
        log = server.log()
    for path, shown in secrets.items():
        assert path.split("/")[-1].split("=")[-1] not in log, log
        assert shown in log, (shown, log)  # the request was logged, its secret cut out


def test_a_database_error_names_no_parameter(sqlite_url: str) -> None:
    """A failed statement's message (what the server logs) carries no bound value: here an
    applicant's name in a row the database refuses."""
    engine = make_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (name TEXT NOT NULL UNIQUE)"))
            conn.execute(text("INSERT INTO t VALUES (:name)"), {"name": "Айгерим Сапарова"})
        with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (:name)"), {"name": "Айгерим Сапарова"})
        assert "UNIQUE" in str(refused.value)
        assert "Айгерим" not in str(refused.value)
    finally:
        engine.dispose()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_servers_files_are_its_own(tmp_path: Path) -> None:
    """`qabyldau` under a loose umask, on a data folder an earlier install left open: the
    folder, the database and demo-access.txt end up readable by the service's user only."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    access = data / "demo-access.txt"
    access.write_text("admin: demo-password\n")
    access.chmod(0o644)
    database = data / "qabyldau.sqlite3"
    env = {
        **os.environ,
        "QABYLDAU_DATA_DIR": str(data),
        "QABYLDAU_DATABASE_URL": f"sqlite:///{database}",
    }
    command = [sys.executable, "-c", "import os; os.umask(0o022); from app.cli import main; main()"]
    subprocess.run([*command, "migrate"], env=env, check=True, capture_output=True)
    assert mode(data) == 0o700
    assert mode(access) == 0o600
    assert mode(database) == 0o600
    created = [p for p in data.iterdir() if p.name.startswith("qabyldau.sqlite3")]
    assert all(mode(p) & 0o077 == 0 for p in created), [(p.name, oct(mode(p))) for p in created]


def test_health_tells_an_outsider_no_file_nor_reason(sqlite_url: str, tmp_path: Path) -> None:
    """11.10: the anonymous /api/health said which database file it used; why speech fails
    names programs and files too. Staff see both; an outsider sees "failing" and no engine."""
    broken = FakeSynthesizer(tmp_path / "p", fail=True)
    speech = Announcements(load_centre(DEMO_CENTRE), tmp_path / "voices", synthesizer=broken)
    state = make_state(sqlite_url, Clock(), speech=speech)
    try:
        with TestClient(create_app(state)) as anonymous:
            deadline = time.monotonic() + 5
            while anonymous.get("/api/health").json()["status"] == "ok":
                assert time.monotonic() < deadline, "speech was never checked"
                time.sleep(0.05)
            outsider = anonymous.get("/api/health")
            staff = anonymous.get("/api/health", headers=bearer(staff_token(state)))
    finally:
        state.close()
    assert outsider.json()["status"] == "degraded"
    assert outsider.json()["speech"] == "failing"
    assert outsider.json()["engine"] is None
    assert str(tmp_path) not in outsider.text
    assert "sqlite" not in outsider.text
    assert staff.json()["speech"] == OFF  # the reason, to staff
    assert staff.json()["engine"] == "sqlite"
