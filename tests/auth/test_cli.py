"""`qabyldau users ...` and `qabyldau devices ...` against a real database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from app.cli import cli
from app.db.engine import make_engine
from app.main import create_app
from app.tables.staff import RegisteredDevice, StaffUser
from tests.conftest import Clock, make_state
from tests.support.units import transaction

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database the commands create themselves (they migrate first)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("QABYLDAU_DATABASE_URL", url)
    return url


def users(url: str) -> list[StaffUser]:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return list(session.exec(select(StaffUser)).all())
    finally:
        engine.dispose()


def test_users_add_with_a_password(database: str) -> None:
    result = runner.invoke(
        cli,
        [
            "users",
            "add",
            "Aigerim",
            "--role",
            "reception",
            "--password",
            "long-enough",
            "--full-name",
            "Айгерім Сейітова",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Added aigerim (reception)." in result.output
    [user] = users(database)
    assert (user.username, user.role, user.full_name) == (
        "aigerim",
        "reception",
        "Айгерім Сейітова",
    )
    assert user.password_hash.startswith("$argon2id$")
    assert "long-enough" not in user.password_hash


def test_users_add_prompts_twice_hidden(database: str) -> None:
    result = runner.invoke(
        cli, ["users", "add", "daulet", "--role", "consultant"], input="s3cret-pass\ns3cret-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert "s3cret-pass" not in result.output  # hidden input is not echoed
    assert "Repeat for confirmation" in result.output

    mismatch = runner.invoke(
        cli,
        ["users", "add", "other", "--role", "consultant"],
        input="one-password\nanother-one\none-password\none-password\n",
    )
    assert "do not match" in mismatch.output
    assert mismatch.exit_code == 0

    # the account signs in with the typed password
    state = make_state(database, Clock())
    try:
        with TestClient(create_app(state)) as client:
            response = client.post(
                "/api/auth/token",
                data={"username": "daulet", "password": "s3cret-pass", "workplace": "window-1"},
            )
            assert response.status_code == 200, response.text
    finally:
        state.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "x y", "--role", "admin", "--password", "long-enough"], "no spaces"),
        (["users", "add", "short", "--role", "admin", "--password", "1234"], "at least 8"),
        # Look-alikes of a real "admin" (11.10): a Cyrillic а, a fullwidth ａ, a hidden
        # right-to-left mark; and a NUL.
        (["users", "add", "\u0430dmin", "--role", "admin", "--password", "p" * 8], "Latin"),
        (["users", "add", "\uff41dmin", "--role", "admin", "--password", "p" * 8], "Latin"),
        (["users", "add", "ad\u200fmin", "--role", "admin", "--password", "p" * 8], "Latin"),
        (["users", "add", "ad\x00min", "--role", "admin", "--password", "p" * 8], "Latin"),
    ],
)
def test_users_add_refuses_with_a_reason(database: str, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output


def test_users_add_refuses_a_taken_name_and_an_unknown_role(database: str) -> None:
    args = ["users", "add", "aigerim", "--role", "reception", "--password", "long-enough"]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, args)
    assert again.exit_code == 2
    assert "is taken" in again.output
    unknown = runner.invoke(cli, ["users", "add", "x", "--role", "boss", "--password", "p" * 8])
    assert unknown.exit_code == 2


def test_users_list_and_unlock(database: str) -> None:
    runner.invoke(cli, ["users", "add", "aigerim", "--role", "reception", "--password", "p" * 8])
    runner.invoke(cli, ["users", "add", "boss", "--role", "admin", "--password", "p" * 8])
    listed = runner.invoke(cli, ["users", "list"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].split()[:2] == ["aigerim", "reception"]
    assert lines[1].split()[:2] == ["boss", "admin"]
    unlocked = runner.invoke(cli, ["users", "unlock", "AIGERIM"])
    assert unlocked.exit_code == 0
    assert runner.invoke(cli, ["users", "unlock", "nobody"]).exit_code == 2


def test_devices_add_prints_the_pairing_link(database: str) -> None:
    result = runner.invoke(cli, ["devices", "add", "--kind", "board", "--name", "Hall board"])
    assert result.exit_code == 0, result.output
    assert "Registered board #1 'Hall board'." in result.output
    link = next(line for line in result.output.splitlines() if line.startswith("Pairing link:"))
    path = link.split()[2]
    assert path.startswith("/pair/qbd_")
    engine = make_engine(database)
    try:
        with transaction(engine) as session:
            [device] = session.exec(select(RegisteredDevice)).all()
    finally:
        engine.dispose()
    assert device.name == "Hall board"
    assert path.removeprefix("/pair/") not in device.token_hash
    listed = runner.invoke(cli, ["devices", "list"])
    assert "Hall board" in listed.output
    assert "active" in listed.output
    assert runner.invoke(cli, ["devices", "revoke", "1"]).exit_code == 0
    assert "revoked" in runner.invoke(cli, ["devices", "list"]).output
    assert runner.invoke(cli, ["devices", "revoke", "9"]).exit_code == 2


def test_demo_passwords_are_served_on_this_machine_only(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """11.9: an account made with the demo's password (known to all, printed in the README)
    keeps `serve` off the LAN, loudly, until that account has a password of its own."""
    served: list[str] = []
    monkeypatch.setattr("app.cli.uvicorn.run", lambda *a, **kw: served.append(kw["host"]))
    demo = ["users", "add", "admin", "--role", "admin", "--password", "demo-password", "--demo"]
    assert runner.invoke(cli, demo).exit_code == 0
    runner.invoke(cli, ["users", "add", "aigerim", "--role", "reception", "--password", "p" * 8])
    refused = runner.invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2
    assert "Refusing to listen on 0.0.0.0" in refused.output
    assert "admin" in refused.output
    assert "aigerim" not in refused.output  # her password is her own
    assert runner.invoke(cli, ["serve", "--host", "127.0.0.1"]).exit_code == 0
    changed = runner.invoke(cli, ["users", "password", "admin", "--password", "own-secret-9"])
    assert changed.exit_code == 0, changed.output
    assert runner.invoke(cli, ["serve", "--host", "0.0.0.0"]).exit_code == 0
    assert served == ["127.0.0.1", "0.0.0.0"]
