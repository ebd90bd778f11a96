"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and can be undone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import app.tables.queue  # noqa: F401  (registers the tables)
from app.db.engine import make_engine
from app.db.migrate import alembic_config, upgrade

TABLES = {"ticket", "ticket_event", "zone_counter"}


def _schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, SQLModel.metadata))


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_round_trip(url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    try:
        upgrade(url)
        assert _current_revision(engine) == head
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert _schema_differences(engine) == []

        command.downgrade(alembic_config(url), "base")
        assert _current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) & TABLES == set()

        upgrade(url)  # and back up again from nothing
        assert _current_revision(engine) == head
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()


def test_sqlite_schema_matches_models_and_downgrades(tmp_path: Path) -> None:
    _check_round_trip(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")


@pytest.mark.postgres
def test_postgres_schema_matches_models_and_downgrades(postgres_url: str) -> None:
    _check_round_trip(postgres_url)


def test_the_comparison_sees_a_missing_index(tmp_path: Path) -> None:
    """The check above can fail: a schema that lacks one of the models' indexes differs."""
    url = f"sqlite:///{tmp_path / 'drift.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX uq_ticket_active_number")
        differences = _schema_differences(engine)
    finally:
        engine.dispose()
    assert [d[0] for d in differences] == ["add_index"]
    assert differences[0][1].name == "uq_ticket_active_number"
