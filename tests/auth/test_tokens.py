"""POST /api/auth/token (OAuth2 password form) and bearer tokens; what the database keeps."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import select

from app.db.migrate import upgrade
from app.domain.access.roles import Role
from app.domain.access.throttle import ADDRESS_FAILURES, NAME_FAILURES
from app.edge.state import AppState
from app.main import create_app
from app.repositories.access import AccessRepository
from app.services.access.lookup import Found, look_up
from app.services.access.passwords import PRODUCTION_HASHER
from app.tables.staff import StaffUser
from tests.conftest import Clock, make_state
from tests.support.auth import PASSWORD, add_staff, bearer, staff_token
from tests.support.units import transaction


def get_token(client: TestClient, username: str, password: str = PASSWORD, **extra: str) -> str:
    response = client.post(
        "/api/auth/token", data={"username": username, "password": password, **extra}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 12 * 3600
    token: str = body["access_token"]
    return token


def test_a_token_for_a_password(anonymous_client: TestClient, state: AppState) -> None:
    add_staff(state, "daulet", Role.ANALYST, full_name="Дәулет")
    token = get_token(anonymous_client, "daulet")
    assert token.startswith("qbs_")
    me = anonymous_client.get("/api/auth/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["username"] == "daulet"
    assert me.json()["workplace"] is None  # an analyst works at no workplace


def test_a_token_bound_to_a_workplace(anonymous_client: TestClient, state: AppState) -> None:
    add_staff(state, "daulet", Role.CONSULTANT)
    token = get_token(anonymous_client, "daulet", workplace="window-2")
    me = anonymous_client.get("/api/auth/me", headers=bearer(token))
    assert me.json()["workplace"] == "window-2"
    unknown = anonymous_client.post(
        "/api/auth/token",
        data={"username": "daulet", "password": PASSWORD, "workplace": "nowhere"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_workplace"


def test_a_wrong_password_is_a_401_with_a_challenge(
    anonymous_client: TestClient, state: AppState
) -> None:
    add_staff(state, "daulet", Role.CONSULTANT)
    response = anonymous_client.post(
        "/api/auth/token", data={"username": "daulet", "password": "nope"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Wrong username or password.",
        "code": "invalid_credentials",
    }


def test_the_endpoint_wants_a_form(anonymous_client: TestClient) -> None:
    response = anonymous_client.post("/api/auth/token", json={"username": "a", "password": "b"})
    assert response.status_code == 422


def test_anonymous_and_bad_tokens_are_told_how_to_authenticate(
    anonymous_client: TestClient,
) -> None:
    anonymous = anonymous_client.get("/api/tickets/1")
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert anonymous.json()["code"] == "not_authenticated"
    forged = anonymous_client.get("/api/tickets/1", headers=bearer("qbs_forged"))
    assert forged.status_code == 401
    assert forged.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert forged.json()["code"] == "invalid_token"


def test_the_refusal_speaks_kazakh(anonymous_client: TestClient) -> None:
    response = anonymous_client.get("/api/tickets/1", headers={"Accept-Language": "kk"})
    assert response.status_code == 401
    assert (
        response.json()["detail"] == "Алдымен жүйеге кіріңіз: бұл үшін қызметкер тіркелгісі керек."
    )


def test_a_token_expires_after_twelve_hours(
    anonymous_client: TestClient, state: AppState, clock: Clock
) -> None:
    token = staff_token(state, Role.ANALYST)
    clock.advance(hours=12, seconds=-1)
    assert anonymous_client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    clock.advance(seconds=1)
    expired = anonymous_client.get("/api/auth/me", headers=bearer(token))
    assert expired.status_code == 401
    assert expired.json()["code"] == "invalid_token"


def test_a_token_can_be_revoked_by_its_holder(
    anonymous_client: TestClient, state: AppState
) -> None:
    token = staff_token(state, Role.ANALYST)
    assert anonymous_client.post("/api/auth/logout", headers=bearer(token)).status_code == 204
    assert anonymous_client.get("/api/auth/me", headers=bearer(token)).status_code == 401


def test_deactivating_an_account_stops_its_tokens(
    anonymous_client: TestClient, state: AppState
) -> None:
    token = staff_token(state, Role.ANALYST, username="leaver")
    with transaction(state.engine) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "leaver")).one()
        user.active = False
        session.add(user)
    assert anonymous_client.get("/api/auth/me", headers=bearer(token)).status_code == 401


def test_neither_password_nor_token_is_stored_in_clear(
    anonymous_client: TestClient, state: AppState
) -> None:
    password = "Жасырын-пароль-2026"
    add_staff(state, "daulet", Role.CONSULTANT, password=password)
    token = get_token(anonymous_client, "daulet", password=password, workplace="window-1")
    device = anonymous_client.post(
        "/api/devices",
        json={"kind": "board", "name": "Hall"},
        headers=bearer(staff_token(state, Role.ADMIN)),
    ).json()["token"]
    with state.engine.connect() as conn:
        dump = "\n".join(
            str(row)
            for table in ("staff_user", "auth_token", "device")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert password not in dump
    assert token not in dump
    assert token.removeprefix("qbs_") not in dump
    assert device not in dump
    with transaction(state.engine) as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == "daulet")).one()
    assert user.password_hash.startswith("$argon2id$")


def test_the_production_hasher_is_argon2id_with_pwdlibs_recommended_costs() -> None:
    """The suite swaps in cheap costs (tests/conftest.py); the server keeps these."""
    sample = PRODUCTION_HASHER.hash("x")
    assert sample.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_an_access_check_does_not_wait_for_the_write_lock(state: AppState) -> None:
    """Every request checks its token: on SQLite that read must not queue behind a ticket
    being issued or called (WAL readers never wait for the writer)."""
    token = staff_token(state, Role.ANALYST)
    result: list[object] = []
    with state.engine.connect() as writer:
        writer.exec_driver_sql("UPDATE staff_user SET full_name = 'busy'")  # BEGIN IMMEDIATE

        def check() -> None:
            with state.database.inline_reads.connect() as connection:  # type: ignore[union-attr]
                result.append(
                    look_up(AccessRepository(connection), now=state.clock(), bearer=token)
                )

        thread = threading.Thread(target=check)
        thread.start()
        thread.join(timeout=5)
        alive = thread.is_alive()
        writer.rollback()
    thread.join()
    assert not alive, "the access check waited for the write lock"
    [found] = result
    assert isinstance(found, Found)
    assert found.staff is not None


@pytest.mark.postgres
def test_sign_in_lockout_and_tokens_on_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    state = make_state(postgres_url, Clock())
    try:
        add_staff(state, "daulet", Role.CONSULTANT)
        with TestClient(create_app(state)) as client:
            token = get_token(client, "daulet", workplace="window-1")
            assert (
                client.get("/api/auth/me", headers=bearer(token)).json()["workplace"] == "window-1"
            )
            # The account lock is kept in the database: wrong passwords from many computers.
            app = client.app
            for i in range(NAME_FAILURES):
                guesser = TestClient(app, client=(f"10.0.{i // ADDRESS_FAILURES}.1", 1))
                guesser.post("/api/auth/token", data={"username": "daulet", "password": "x"})
            locked = TestClient(app, client=("10.9.9.9", 1)).post(
                "/api/auth/token", data={"username": "daulet", "password": PASSWORD}
            )
            assert locked.json()["code"] == "locked"
            board = client.post(
                "/api/devices",
                json={"kind": "board", "name": "Hall"},
                headers=bearer(staff_token(state)),
            ).json()
            assert client.get(f"/api/board?token={board['token']}").status_code == 200
    finally:
        state.close()
