"""Short transactions of their own for access checks and sign-ins.

Sign-ins commit even when they refuse (the failure count must stick). Looking a token up is a
read that must neither hold a transaction open while the route runs its own nor queue for
SQLite's write lock behind every ticket being issued or called."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from app.auth.repository import AccessRepository
from app.db.engine import reader


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """Reads only: no write lock on SQLite, nothing committed."""
    with Session(reader(engine), expire_on_commit=False) as session:
        yield session


@contextmanager
def access_check(reads: Engine) -> Iterator[AccessRepository]:
    """The per-request token look-up on a plain connection of `reads` (an engine for reads
    only: app.db.engine.reader or inline_reader), rolled back."""
    with reads.connect() as connection:
        yield AccessRepository(connection)
