"""The server's background chores (deleting personal data past its period, counting the days
that are over): each run now and then every so often, through the one transaction path,
until the server stops. A failed run (the database briefly away) is logged and tried again
at the next turn: the loop outlives it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def repeat(name: str, run: Callable[[], Awaitable[object]], every: float) -> None:
    while True:
        try:
            await run()
        except Exception:  # the loop must outlive a failed run
            log.exception("%s failed; trying again later", name)
        await asyncio.sleep(every)
