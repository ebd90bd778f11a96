"""Staff accounts, tokens and devices for tests, made directly in the test's database.

API tests authenticate with a bearer token (no CSRF); the sign-in page and CSRF have tests
of their own in tests/auth."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.domain.access.identity import DeviceKind, TokenKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.services.access.accounts import Accounts
from app.services.access.devices import Devices
from app.services.access.tokens import token_hash
from app.tables.staff import StaffUser
from tests.support.units import unit_of

PASSWORD = "correct horse battery"  # every test account's, unless a test says otherwise

# argon2id with tiny costs: the same code path as production, a thousandth of the time.
CHEAP_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


def add_staff(
    state: AppState,
    username: str,
    role: Role,
    *,
    password: str = PASSWORD,
    full_name: str = "",
) -> StaffUser:
    with unit_of(state) as unit:
        return Accounts(unit).add_user(
            username=username, role=role, password=password, full_name=full_name, now=state.clock()
        )


def staff_token(
    state: AppState,
    role: Role = Role.ADMIN,
    *,
    workplace: str | None = None,
    username: str | None = None,
) -> str:
    """A fresh API token of a `role` account (named `test-<role>` unless given; made once)."""
    name = username or f"test-{role.value}"
    now = state.clock()
    with unit_of(state) as unit:
        accounts = Accounts(unit)
        user = accounts.repo.user_named(name) or accounts.add_user(
            username=name, role=role, password=PASSWORD, now=now
        )
        token, _ = accounts.issue_token(user, TokenKind.API, workplace=workplace, now=now)
    return token


def device_token(
    state: AppState, kind: DeviceKind, name: str = "Test device", *, workplace: str | None = None
) -> str:
    """A paired device's token; a feedback tablet stands at `workplace` (else the centre's
    first workplace)."""
    if kind is DeviceKind.FEEDBACK and workplace is None:
        workplace = state.centre.workplaces[0].code
    with unit_of(state) as unit:
        token, _ = Devices(unit, state.centre).register(
            kind, name, now=state.clock(), workplace=workplace
        )
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def state_of(client: TestClient) -> AppState:
    state: AppState = client.app.state.qabyldau  # type: ignore[attr-defined]
    return state


def authorize(
    client: TestClient, role: Role = Role.ADMIN, *, workplace: str | None = None
) -> TestClient:
    """Make every request of `client` come from a `role` account (bearer token)."""
    client.headers.update(bearer(staff_token(state_of(client), role, workplace=workplace)))
    return client


def session_csrf(client: TestClient) -> str:
    """The CSRF token of the session whose cookie `client` holds (as its pages embed it)."""
    cookie = client.cookies.get("qb_session")
    assert cookie, "the client has no session cookie"
    with unit_of(state_of(client)) as unit:
        found = unit.staff.token_with_user(token_hash(cookie))
    assert found is not None
    return found[0].csrf_token


def browser_sign_in(
    client: TestClient, username: str, *, password: str = PASSWORD, workplace: str = ""
) -> str:
    """Sign in through the sign-in page like a browser; returns the session's CSRF token."""
    form = client.get("/login")
    assert form.status_code == 200, form.text
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "workplace": workplace,
            "csrf_token": client.cookies.get("qb_login") or "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return session_csrf(client)
