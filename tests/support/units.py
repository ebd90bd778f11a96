"""A unit of work straight on a test's database, for tests that set up or inspect rows
around the code under test (the code itself runs through app.services.transactions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from app.edge.state import AppState
from app.repositories.unit import Unit


@contextmanager
def unit_of(state: AppState) -> Iterator[Unit]:
    """Committed when the block ends without an error."""
    with Session(state.engine, expire_on_commit=False) as session:
        yield Unit(session)
        session.commit()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session on `engine`, committed when the block ends without an error: for tests that
    change rows directly (deactivate an account, say) or read what the code stored."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()
