"""What a command works with: the use cases on the configured database, its schema brought up
to date first, through the same transaction path as the server's routes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.config.centre import load_centre
from app.config.settings import Settings
from app.db.database import Database
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.events import DiscardingSink
from app.services.site import Site
from app.services.transactions import Transactions


@contextmanager
def use_cases(settings: Settings | None = None) -> Iterator[Transactions]:
    """Commands run in another process than the server: nobody watches their events."""
    settings = settings or Settings()
    url = settings.resolved_database_url
    upgrade(url)
    centre = load_centre(settings.config)
    database = Database(make_engine(url))
    site = Site(centre, centre.calendar(always_open=settings.always_open))
    try:
        yield Transactions(database, site, DiscardingSink())
    finally:
        database.close()
