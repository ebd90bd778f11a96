from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.api.helpers import FIXTURES, copy_database, migrate_template
from tests.conftest import Clock, make_state
from tests.support.auth import authorize

ClientFor = Callable[[str], TestClient]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_template: Path) -> str:
    """Like the shared fixture (a migrated SQLite file of the test's own), but copied."""
    return copy_database(migrated_template, tmp_path)


@pytest.fixture
def client_for(sqlite_url: str, clock: Clock) -> Iterator[ClientFor]:
    """A client on a centre file from tests/fixtures, sharing the test's database and clock,
    signed in as an administrator like `client`."""
    with ExitStack() as stack:

        def make(name: str) -> TestClient:
            state = make_state(sqlite_url, clock, config=FIXTURES / name)
            stack.callback(state.close)
            return authorize(stack.enter_context(TestClient(create_app(state))))

        yield make
