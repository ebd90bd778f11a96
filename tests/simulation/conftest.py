"""Simulated days on fresh SQLite files, played once per module (a day takes about a second):
the two working days before Friday 18 December 2026 — Tuesday 15 and Thursday 17, the 16th
being Independence Day."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.cli.context import use_cases
from app.cli.simulate import Played, run
from app.config.settings import Settings
from app.db.engine import make_engine

# The kiosk's fixtures, for the estimate shown on the kiosk, the ticket and the status page.
from tests.kiosk.conftest import fake, kiosk, kiosk_app, kiosk_state  # noqa: F401

TODAY = date(2026, 12, 18)
DAYS = [date(2026, 12, 15), date(2026, 12, 17)]
SEED = 11


@dataclass(frozen=True)
class History:
    engine: Engine
    played: Played


def simulate_into(folder: Path, template: Path, seed: int) -> History:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "simulated.sqlite3"
    shutil.copyfile(template, target)
    url = f"sqlite:///{target}"
    settings = Settings(database_url=url, data_dir=folder, always_open=False)
    with use_cases(settings) as tx:
        played = run(tx, days=len(DAYS), seed=seed, force=False, today=TODAY)
    return History(make_engine(url), played)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Iterator[History]:
    made = simulate_into(tmp_path_factory.mktemp("history"), migrated_sqlite, SEED)
    yield made
    made.engine.dispose()


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Iterator[History]:
    """The same seed again, on another fresh database."""
    made = simulate_into(tmp_path_factory.mktemp("twin"), migrated_sqlite, SEED)
    yield made
    made.engine.dispose()
