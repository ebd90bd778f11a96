"""Refusals in the middle of a crowd: the queue's API runs on the event loop while it holds
its worker's turn to write (app.edge.transactions.QueueRoute). A refused request must give
that turn back at once; the first version kept it until the error had travelled up, the next
request on the same loop waited for it, and both workers stopped for good."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx2

from app.config.centre import load_centre
from tests.support.live_server import LOAD_CENTRE, live_server, provision_staff

FULL_ZONE = "express"  # 12 numbers in the load centre
REQUESTS = 300
IN_FLIGHT = 48
ANSWER_WITHIN = 20.0  # seconds for the whole crowd: a stuck worker never answers


def test_a_full_zone_refuses_a_crowd_and_the_queue_goes_on(tmp_path: Path) -> None:
    """001 p.9 (each zone its own number range): all of a zone's numbers in use is a 409, never
    a hang, even with 300 issues at once against two workers."""
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    centre = load_centre(LOAD_CENTRE)
    zone = centre.zone(FULL_ZONE)
    assert zone is not None
    with live_server(url, data_dir=tmp_path / "data") as server:
        staff = provision_staff(url, centre)
        window = next(w.code for w in centre.workplaces if FULL_ZONE in w.zones)

        async def crowd() -> tuple[Counter[int], int]:
            slots = asyncio.Semaphore(IN_FLIGHT)
            async with httpx2.AsyncClient(base_url=server.base_url, timeout=30.0) as client:

                async def issue() -> int:
                    async with slots:
                        answer = await client.post(
                            "/api/tickets",
                            json={"zone": FULL_ZONE, "language": "kk"},
                            headers=staff.header(staff.issuer),
                        )
                        return answer.status_code

                statuses = await asyncio.wait_for(
                    asyncio.gather(*(issue() for _ in range(REQUESTS))), ANSWER_WITHIN
                )
                called = await client.post(
                    f"/api/workplaces/{window}/call-next",
                    headers=staff.header(staff.workplaces[window]),
                )
                return Counter(statuses), called.status_code

        statuses, called = asyncio.run(crowd())
        assert statuses == {201: zone.numbers.size, 409: REQUESTS - zone.numbers.size}
        assert called == 200  # the turn to write was given back: the queue goes on
        assert not server.problems_in_log()
