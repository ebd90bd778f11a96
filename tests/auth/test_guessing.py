"""Password guessing is slow and lock-out is no weapon (app.domain.access.throttle): one
address is turned away after a few wrong sign-ins, before it could lock anybody's account;
an account is locked only by wrong passwords from many addresses; every answer reads the same
for a username that exists and one that does not. And a password check never holds the
database's write lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from app.domain.access.roles import Role
from app.domain.access.throttle import ADDRESS_FAILURES, LOCKOUT, NAME_FAILURES
from app.edge.state import AppState
from app.services.access import passwords
from tests.conftest import Clock
from tests.support.auth import PASSWORD, add_staff, bearer, staff_token


def at(application: FastAPI, address: str) -> TestClient:
    """A browser on another computer of the LAN."""
    return TestClient(application, follow_redirects=False, client=(address, 50000))


def page_sign_in(client: TestClient, username: str, password: str, **fields: str) -> Response:
    if "qb_login" not in client.cookies:
        client.get("/login")
    data = {"username": username, "password": password, **fields}
    data["csrf_token"] = client.cookies.get("qb_login") or ""
    return client.post("/login", data=data)


def token_sign_in(client: TestClient, username: str, password: str, **fields: str) -> Response:
    return client.post(
        "/api/auth/token", data={"username": username, "password": password, **fields}
    )


def test_one_computer_is_turned_away_before_it_can_lock_an_account(
    application: FastAPI, state: AppState
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    guesser = at(application, "10.0.0.66")
    for _ in range(ADDRESS_FAILURES):
        assert page_sign_in(guesser, "aigerim", "guess").status_code == 401
    # Turned away now, even with the right password, until the first guess is 15 minutes old
    # (10:00 in Almaty now), without a password check.
    refused = page_sign_in(guesser, "aigerim", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins from this computer. Try again at 10:15" in refused.text
    # The colleague at the desk is not locked out by it.
    assert page_sign_in(at(application, "10.0.0.5"), "aigerim", PASSWORD).status_code == 303


def test_the_computer_may_try_again_once_its_guesses_are_old(
    application: FastAPI, state: AppState, clock: Clock
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    guesser = at(application, "10.0.0.66")
    for _ in range(ADDRESS_FAILURES):
        page_sign_in(guesser, "aigerim", "guess")
    clock.advance(seconds=LOCKOUT.total_seconds() - 1)
    assert page_sign_in(guesser, "aigerim", PASSWORD).status_code == 429
    clock.advance(seconds=1)
    assert page_sign_in(guesser, "aigerim", PASSWORD).status_code == 303


def _guess_from_many(application: FastAPI, username: str, subnet: int) -> list[Response]:
    """NAME_FAILURES wrong passwords for `username`, ADDRESS_FAILURES from each address."""
    return [
        token_sign_in(at(application, f"10.{subnet}.{i // ADDRESS_FAILURES}.1"), username, "x")
        for i in range(NAME_FAILURES)
    ]


def test_wrong_passwords_from_many_computers_lock_the_account(
    application: FastAPI, state: AppState, clock: Clock
) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    answers = _guess_from_many(application, "aigerim", 1)
    assert [a.json()["code"] for a in answers[:-1]] == ["invalid_credentials"] * (NAME_FAILURES - 1)
    assert answers[-1].json()["code"] == "locked"
    right = token_sign_in(at(application, "10.9.9.9"), "aigerim", PASSWORD)
    assert (right.status_code, right.json()["code"]) == (401, "locked")
    assert "locked until 10:15" in right.json()["detail"]
    clock.advance(seconds=LOCKOUT.total_seconds())
    assert token_sign_in(at(application, "10.9.9.9"), "aigerim", PASSWORD).status_code == 200


def test_an_unknown_username_is_answered_as_a_real_one(
    application: FastAPI, state: AppState
) -> None:
    """Status, code and message alike at every step, the lock included: nobody learns which
    accounts exist."""
    add_staff(state, "aigerim", Role.RECEPTION)
    real = _guess_from_many(application, "aigerim", 1)
    unknown = _guess_from_many(application, "nobody-here", 2)
    seen = [(r.status_code, r.json()) for r in real]
    assert seen == [(u.status_code, u.json()) for u in unknown]
    assert seen[-1][1]["code"] == "locked"
    then_real = token_sign_in(at(application, "10.8.0.1"), "aigerim", PASSWORD)
    then_unknown = token_sign_in(at(application, "10.8.0.2"), "nobody-here", PASSWORD)
    assert then_real.json() == then_unknown.json()


def test_the_token_endpoint_says_when_to_come_back(application: FastAPI, state: AppState) -> None:
    guesser = at(application, "10.0.0.66")
    for _ in range(ADDRESS_FAILURES):
        token_sign_in(guesser, "whoever", "guess")
    refused = token_sign_in(guesser, "whoever", "guess")
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_attempts"
    assert 0 < int(refused.headers["Retry-After"]) <= LOCKOUT.total_seconds()


def test_the_lock_is_said_in_kazakh(application: FastAPI, state: AppState) -> None:
    guesser = at(application, "10.0.0.66")
    for _ in range(ADDRESS_FAILURES):
        page_sign_in(guesser, "aigerim", "guess")
    guesser.get("/login?lang=kk")
    refused = guesser.post(
        "/login?lang=kk",
        data={"username": "aigerim", "password": "x", "csrf_token": guesser.cookies["qb_login"]},
    )
    assert refused.status_code == 429
    assert "10:15" in refused.text
    assert "компьютерден" in refused.text


def test_a_right_password_clears_the_names_count(application: FastAPI, state: AppState) -> None:
    add_staff(state, "aigerim", Role.RECEPTION)
    for i in range(NAME_FAILURES - 1):
        token_sign_in(at(application, f"10.3.{i // ADDRESS_FAILURES}.1"), "aigerim", "x")
    assert token_sign_in(at(application, "10.3.9.1"), "aigerim", PASSWORD).status_code == 200
    wrong = token_sign_in(at(application, "10.3.9.2"), "aigerim", "x")
    assert wrong.json()["code"] == "invalid_credentials"  # counting starts again


@pytest.fixture
def slow_hasher() -> Iterator[threading.Event]:
    """Password checks that take a second (argon2 in production takes ~0.2 s of a core);
    the event is set while one runs."""
    checking = threading.Event()
    real = passwords.hasher

    class Slow:
        def verify(self, password: str, stored: str) -> bool:
            checking.set()
            time.sleep(1.0)
            return bool(real.verify(password, stored))

        def verify_and_update(self, password: str, stored: str) -> tuple[bool, str | None]:
            checking.set()
            time.sleep(1.0)
            return real.verify_and_update(password, stored)

        def hash(self, password: str) -> str:
            return real.hash(password)

    passwords.hasher = Slow()  # type: ignore[assignment]
    yield checking
    passwords.hasher = real


def test_a_password_check_never_holds_up_the_queue(
    application: FastAPI, state: AppState, slow_hasher: threading.Event
) -> None:
    """Anonymous sign-in attempts stalled every ticket while argon2 ran inside the write
    transaction: a ticket is issued while a password is being checked."""
    issuer = staff_token(state, Role.RECEPTION)
    finished: list[str] = []

    def sign_in() -> None:
        token_sign_in(at(application, "10.0.0.66"), "whoever", "guess")
        finished.append("sign-in")

    with TestClient(application, headers=bearer(issuer)) as desk:
        guessing = threading.Thread(target=sign_in)
        guessing.start()
        assert slow_hasher.wait(5)
        issued = desk.post("/api/tickets", json={"zone": "consultation", "language": "kk"})
        finished.append("ticket")
        guessing.join(10)
    assert issued.status_code == 201
    assert finished == ["ticket", "sign-in"]


@pytest.mark.parametrize(
    ("role", "workplace", "code"),
    [
        (Role.CONSULTANT, "cabinet-201", "workplace_not_yours"),
        (Role.OFFICIAL, "window-1", "workplace_not_yours"),
        (Role.SELF_SERVICE, "window-2", "workplace_not_yours"),
        (Role.ANALYST, "cabinet-201", "workplace_not_yours"),
        (Role.RECEPTION, "window-3", "workplace_not_yours"),
        (Role.CONSULTANT, "", "workplace_required"),
        (Role.OFFICIAL, "", "workplace_required"),
    ],
)
def test_a_role_signs_in_only_where_it_works(
    application: FastAPI, state: AppState, role: Role, workplace: str, code: str
) -> None:
    """A token as a session: no consultant's or official's token acts centre-wide, and no role
    binds itself to another's workplace (an analyst to a cabinet)."""
    add_staff(state, "someone", role)
    client = at(application, "10.0.0.7")
    answer = token_sign_in(client, "someone", PASSWORD, workplace=workplace)
    assert answer.status_code == 422
    assert answer.json()["code"] == code
    page = page_sign_in(client, "someone", PASSWORD, workplace=workplace)
    assert page.status_code == 422


@pytest.mark.parametrize(
    ("role", "workplace"),
    [
        (Role.CONSULTANT, "window-3"),
        (Role.OFFICIAL, "cabinet-202"),
        (Role.SELF_SERVICE, "self-service-1"),
        (Role.ADMIN, "cabinet-201"),
        (Role.ADMIN, ""),
        (Role.ANALYST, ""),
    ],
)
def test_and_signs_in_where_it_does(
    application: FastAPI, state: AppState, role: Role, workplace: str
) -> None:
    add_staff(state, "someone", role)
    answer = token_sign_in(at(application, "10.0.0.7"), "someone", PASSWORD, workplace=workplace)
    assert answer.status_code == 200, answer.text
