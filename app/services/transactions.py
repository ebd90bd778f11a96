"""How a use case runs: in one transaction of app.db.database, with the services of that
transaction, and its side effects carried out only after it commits.

    issued = await transactions.write(lambda s: s.queue.issue(zone=..., now=now))

`write` commits when the use case returns and rolls back when it raises (a refusal, a bug):
then nothing it emitted is published and no hook runs. After the commit the unit's queue
events go to the live feed in order, then its hooks run (waking a printer's worker). The
routes, the commands and the background workers all take this path."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from app.db.database import Database
from app.domain.events import EventSink
from app.repositories.access import AccessRepository
from app.repositories.unit import Unit
from app.services.catalog import Services
from app.services.site import Site

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")
UseCase = Callable[[Services], T]


class UseCases(Protocol):
    """What a use case spanning several transactions is given (a sign-in: a read, a
    password check outside any transaction, a write)."""

    @property
    def site(self) -> Site: ...

    async def read(self, use_case: UseCase[T]) -> T: ...

    async def write(self, use_case: UseCase[T]) -> T: ...


class Transactions:
    def __init__(self, database: Database, site: Site, sink: EventSink) -> None:
        self.database = database
        self.site = site
        self.sink = sink

    async def write(self, use_case: UseCase[T]) -> T:
        result, unit = await self.database.write(self._binder(use_case))
        self._committed(unit)
        return result

    async def read(self, use_case: UseCase[T]) -> T:
        result, unit = await self.database.read(self._binder(use_case))
        _nothing_left(unit)
        return result

    async def peek(self, look: Callable[[AccessRepository], T]) -> T:
        """The access check every request makes (app.db.database.Database.peek)."""
        return await self.database.peek(lambda connection: look(AccessRepository(connection)))

    def write_now(self, use_case: UseCase[T]) -> T:
        """Blocking: for threads and commands, never on the event loop."""
        result, unit = self.database.write_now(self._binder(use_case))
        self._committed(unit)
        return result

    def read_now(self, use_case: UseCase[T]) -> T:
        result, unit = self.database.read_now(self._binder(use_case))
        _nothing_left(unit)
        return result

    def _binder(self, use_case: UseCase[T]) -> Callable[[Session], tuple[T, Unit]]:
        def in_transaction(session: Session) -> tuple[T, Unit]:
            unit = Unit(session)
            return use_case(Services(unit, self.site)), unit

        return in_transaction

    def _committed(self, unit: Unit) -> None:
        for event in unit.events:
            self.sink.publish(event)
        for hook in unit.hooks:
            hook()


def _nothing_left(unit: Unit) -> None:
    if unit.events or unit.hooks:
        # A read that emits has changed something that was never committed: a bug.
        raise RuntimeError("a read-only use case left side effects; run it with write()")
