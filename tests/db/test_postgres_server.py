"""The suite's own PostgreSQL: on loopback only, and a clear failure when it is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support import postgres
from tests.support.postgres import PostgresServer, PostgresUnavailable


@pytest.mark.postgres
def test_server_listens_on_loopback_only(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW listen_addresses")).scalar() == "127.0.0.1"
            assert (
                conn.execute(text("SELECT current_database()")).scalar()
                == postgres_url.rsplit("/", 1)[1]
            )
    finally:
        engine.dispose()


def test_missing_binaries_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(postgres.PG_BIN_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setattr(postgres, "DEBIAN_PG_ROOT", tmp_path / "no-postgresql")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PostgresUnavailable, match=r"apt-get install -y postgresql"):
        postgres.find_bin_dir()
