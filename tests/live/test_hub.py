"""The hub hands each committed event to every subscriber without letting one stall the rest."""

from __future__ import annotations

import asyncio
import json
import threading

from app.live.hub import QUEUE_LIMIT, LocalHub


def test_a_message_published_from_a_worker_thread_reaches_every_subscriber() -> None:
    async def scenario() -> list[str | None]:
        hub = LocalHub()
        hub.bind(asyncio.get_running_loop())
        subscriptions = [hub.subscribe() for _ in range(3)]
        thread = threading.Thread(target=hub.publish, args=({"type": "ticket.called"},))
        thread.start()
        thread.join()
        return [await asyncio.wait_for(s.next(), 1) for s in subscriptions]

    received = asyncio.run(scenario())
    assert [json.loads(text or "null") for text in received] == [{"type": "ticket.called"}] * 3


def test_a_subscriber_that_stops_reading_is_dropped_and_the_others_keep_up() -> None:
    async def scenario() -> tuple[LocalHub, bool, int, str | None]:
        hub = LocalHub()
        hub.bind(asyncio.get_running_loop())
        stalled = hub.subscribe()
        reader = hub.subscribe()
        got = 0
        for n in range(QUEUE_LIMIT + 5):
            hub.publish({"type": "ticket.issued", "n": n})
            await asyncio.wait_for(reader.next(), 1)
            got += 1
        return hub, stalled.dropped, got, await stalled.next()

    hub, dropped, got, last = asyncio.run(scenario())
    assert dropped
    assert last is None  # its sender is told to close the socket; the screen resyncs
    assert got == QUEUE_LIMIT + 5
    assert hub.subscriber_count == 1


def test_a_subscriber_gets_only_what_it_accepts() -> None:
    async def scenario() -> str | None:
        hub = LocalHub()
        hub.bind(asyncio.get_running_loop())
        calls_only = hub.subscribe(lambda m: m["type"] == "ticket.called")
        hub.publish({"type": "ticket.issued"})
        hub.publish({"type": "ticket.called"})
        return await asyncio.wait_for(calls_only.next(), 1)

    assert json.loads(asyncio.run(scenario()) or "null") == {"type": "ticket.called"}


def test_publishing_before_the_server_runs_is_harmless() -> None:
    LocalHub().publish({"type": "ticket.issued"})
