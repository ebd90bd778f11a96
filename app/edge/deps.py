"""Request dependencies as typed aliases: the server's parts a route needs, the moment of the
request, and the one transaction path (`Tx`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from app.edge.state import AppState
from app.services.catalog import Services
from app.services.site import Site
from app.services.transactions import Transactions

T = TypeVar("T")


def app_state(connection: HTTPConnection) -> AppState:
    state: AppState = connection.app.state.qabyldau
    return state


def client_address(connection: HTTPConnection) -> str:
    """Where a request comes from (uvicorn takes a trusted proxy's X-Forwarded-For)."""
    return connection.client.host if connection.client else "unknown"


async def get_state(request: Request) -> AppState:
    return app_state(request)


StateDep = Annotated[AppState, Depends(get_state)]


async def get_now(state: StateDep) -> datetime:
    return state.clock()


Now = Annotated[datetime, Depends(get_now)]


async def get_site(state: StateDep) -> Site:
    return state.site


SiteDep = Annotated[Site, Depends(get_site)]


class RequestTransactions:
    """The request's way to the database: any number of reads, and at most one write
    transaction, so that what a request changes is committed (or not) as a whole."""

    def __init__(self, transactions: Transactions) -> None:
        self._transactions = transactions
        self._wrote = False

    @property
    def site(self) -> Site:
        return self._transactions.site

    async def write(self, use_case: Callable[[Services], T]) -> T:
        if self._wrote:
            raise RuntimeError("a request runs one write transaction: make it one use case")
        self._wrote = True
        return await self._transactions.write(use_case)

    async def read(self, use_case: Callable[[Services], T]) -> T:
        return await self._transactions.read(use_case)


async def get_transactions(state: StateDep) -> RequestTransactions:
    return RequestTransactions(state.transactions)


Tx = Annotated[RequestTransactions, Depends(get_transactions)]
