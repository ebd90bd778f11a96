"""Shared fixtures: a real SQLite file per test, the demo centre, a clock the test moves.

`client` is signed in as an administrator (bearer token), who may do everything; use
`anonymous_client` or `client_as(Role..., workplace=...)` / `device_client(DeviceKind...)`
for anyone else."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config.centre import CentreConfig, load_centre
from app.config.settings import DEMO_CENTRE, Settings
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.edge.state import AppState
from app.main import create_app
from app.services.access import passwords
from tests.support.auth import CHEAP_HASHER, bearer, device_token, staff_token
from tests.support.postgres import PostgresServer, PostgresUnavailable

ALMATY_OFFSET = timedelta(hours=5)


def almaty(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A centre-local wall-clock time as an aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - ALMATY_OFFSET


# A Tuesday in working hours, not a holiday.
WORKING_MORNING = almaty(2026, 11, 24, 10, 0)


@dataclass
class Clock:
    now: datetime = WORKING_MORNING

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def centre() -> CentreConfig:
    return load_centre(DEMO_CENTRE)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the head revision per run; each test gets a copy of it
    (running the migrations for every test took most of the suite's setup time)."""
    path = tmp_path_factory.mktemp("migrated") / "qabyldau.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    target = tmp_path / "qabyldau.sqlite3"
    for suffix in ("", "-wal", "-shm"):  # WAL files, should the template still have any
        source = migrated_sqlite.with_name(migrated_sqlite.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


def make_state(url: str, clock: Clock, config: Path = DEMO_CENTRE, **parts: Any) -> AppState:
    """The server's state on the test's database; `parts` replace what the server would build
    itself (printers=..., print_clock=..., print_poll_seconds=..., speech=..., sink=...)."""
    settings = Settings(database_url=url, config=config)
    # The test's own folder (beside its SQLite file, else a fresh temporary one): what the
    # server writes there (the voice cache) stays out of the repository's ./data.
    if url.startswith("sqlite:///"):
        # A URI filename ("file:/…?mode=ro&uri=true") names the same file.
        file = url.removeprefix("sqlite:///").removeprefix("file:").split("?", 1)[0]
        settings.data_dir = Path(file).parent
    else:
        settings.data_dir = Path(tempfile.mkdtemp(prefix="qabyldau-test-data-"))
    centre = load_centre(config)
    return AppState(
        settings=settings,
        centre=centre,
        calendar=centre.calendar(),
        engine=make_engine(url),
        clock=clock,
        **parts,
    )


def rebuilt(state: AppState, **parts: Any) -> AppState:
    """`state` built again on the same database and clock with other parts (printers=...,
    print_clock=..., print_poll_seconds=...), as a server started with them would be."""
    return AppState(
        settings=state.settings,
        centre=state.centre,
        calendar=state.calendar,
        engine=state.engine,
        clock=state.clock,
        hub=state.hub,
        speech=state.speech,
        **parts,
    )


@pytest.fixture
def state(sqlite_url: str, clock: Clock) -> Iterator[AppState]:
    app_state = make_state(sqlite_url, clock)
    yield app_state
    app_state.close()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """argon2 at production cost takes 0.2 s a hash; tests use tiny costs (same code path)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "hasher", CHEAP_HASHER)
        yield


@pytest.fixture
def application(state: AppState) -> FastAPI:
    return create_app(state)


@pytest.fixture
def client(application: FastAPI, state: AppState) -> Iterator[TestClient]:
    """Signed in as an administrator. Runs the app's startup (binds the live hub)."""
    with TestClient(application, headers=bearer(staff_token(state, Role.ADMIN))) as test_client:
        yield test_client


ClientAs = Callable[..., TestClient]


@pytest.fixture
def client_as(application: FastAPI, state: AppState) -> ClientAs:
    """`client_as(Role.CONSULTANT, workplace="window-1")`: a client with an API token of that
    role (bound to that workplace, or to none). It shares the app of `client` and does not
    run startup again, so the live hub stays bound to `client`'s event loop."""

    def make(role: Role, *, workplace: str | None = None) -> TestClient:
        token = staff_token(state, role, workplace=workplace)
        return TestClient(application, headers=bearer(token), follow_redirects=False)

    return make


@pytest.fixture
def device_client(application: FastAPI, state: AppState) -> Callable[[DeviceKind], TestClient]:
    """`device_client(DeviceKind.BOARD)`: a client of a newly paired device (its cookie)."""

    def make(kind: DeviceKind) -> TestClient:
        test_client = TestClient(application, follow_redirects=False)
        test_client.cookies.set("qb_device", device_token(state, kind))
        return test_client

    return make


@pytest.fixture
def anonymous_client(application: FastAPI) -> TestClient:
    return TestClient(application, follow_redirects=False)


# PostgreSQL: one real server for the session, a fresh database per test ---------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """PostgreSQL from Debian's package, started on a free loopback port in a temporary
    directory and stopped at the end. Missing binaries fail the test: never a silent skip."""
    try:
        server = PostgresServer.start_new()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests need a local server: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """`postgresql+psycopg://postgres@127.0.0.1:PORT/NAME` of an empty database of its own."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
