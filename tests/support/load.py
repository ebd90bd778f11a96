"""A day at a busy centre, compressed: kiosks issue tickets while every workplace calls,
serves and finishes them, all at once, over real HTTP. Every exchange is recorded with
client-side send/receive times (one process, one monotonic clock), so the checks can tell
what the server must have seen as already done.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx2

TERMINAL_ACTIONS = ("finish", "no-show")


@dataclass
class Exchange:
    kind: str  # "issue", "call-next", "start", "finish", "no-show", "recall", "status"
    sent: float
    received: float
    status: int  # 0: no HTTP response (transport error)
    body: dict[str, Any] | None
    workplace: str | None = None
    ticket_id: int | None = None
    zone: str | None = None
    pair: int | None = None  # call-nexts sent together by one workplace (a double click)
    error: str | None = None


@dataclass
class LoadPlan:
    issues: int = 2000
    issuers: int = 40  # concurrent kiosk requests for the ordinary zones
    wrap_zone: str = "express"
    wrap_issues: int = 300  # into a 12-number range: it wraps ~25 times
    wrap_issuers: int = 4
    wrap_outstanding: int = 9  # never more active wrap tickets than this, so it is never full
    zone_weights: Mapping[str, int] = field(
        default_factory=lambda: {"consultation": 70, "personal_reception": 18, "self_service": 12}
    )
    priorities: Mapping[str, float] = field(
        default_factory=lambda: {"disability": 0.04, "pregnant": 0.06}
    )
    double_click: Sequence[str] = ("window-1", "window-2", "window-3", "cabinet-201", "desk-1")
    status_checks: float = 0.03  # share of issued tickets whose status page is read once
    # A workplace that found nobody waits until a ticket is issued in one of its zones (as a
    # screen woken by the live feed would), or this long at most.
    idle_pause: float = 2.0
    service_time: tuple[float, float] = (0.05, 0.3)  # seconds between start and finish
    seed: int = 20261124
    deadline: float = 240.0  # seconds; a run that takes longer is cut off and reported
    max_failures: int = 10  # a workplace whose calls fail this many times in a row stops


@dataclass
class Workload:
    base_url: str
    workplaces: Mapping[str, Sequence[str]]  # code -> zones it serves
    issuer_token: str  # bearer token of a reception account
    workplace_tokens: Mapping[str, str]  # bearer token of the person at each workplace
    plan: LoadPlan = field(default_factory=LoadPlan)
    exchanges: list[Exchange] = field(default_factory=list)
    elapsed: float = 0.0
    timed_out: bool = False

    def __post_init__(self) -> None:
        self._random = random.Random(self.plan.seed)
        self._pairs = itertools.count(1)

    # the run -----------------------------------------------------------------------------

    async def run(self) -> None:
        self._issuing_done = asyncio.Event()
        self._idle: dict[str, list[asyncio.Event]] = {}  # zone -> workplaces waiting for it
        self._wrap_slots = asyncio.Semaphore(self.plan.wrap_outstanding)
        # Idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them: a
        # request sent on a connection the server is closing at that moment fails (ReadError).
        limits = httpx2.Limits(
            max_connections=200, max_keepalive_connections=200, keepalive_expiry=2.0
        )
        started = time.monotonic()
        async with httpx2.AsyncClient(
            base_url=self.base_url, limits=limits, timeout=60.0
        ) as client:
            try:
                async with asyncio.timeout(self.plan.deadline), asyncio.TaskGroup() as group:
                    for code in self.workplaces:
                        group.create_task(self._workplace(client, code))
                    async with asyncio.TaskGroup() as issuing:
                        self._issuers(client, issuing)
                    self._issuing_done.set()
                    for waiting in self._idle.values():  # last round: find nobody, go home
                        for wake in waiting:
                            wake.set()
            except TimeoutError:
                self.timed_out = True
        self.elapsed = time.monotonic() - started

    def _issuers(self, client: httpx2.AsyncClient, group: asyncio.TaskGroup) -> None:
        zones, weights = zip(*self.plan.zone_weights.items(), strict=True)
        count = self.plan.issues - self.plan.wrap_issues
        ordinary = iter(self._random.choices(zones, weights, k=count))
        wrap = iter([self.plan.wrap_zone] * self.plan.wrap_issues)
        for _ in range(self.plan.issuers):
            group.create_task(self._issuer(client, ordinary, limited=False))
        for _ in range(self.plan.wrap_issuers):
            group.create_task(self._issuer(client, wrap, limited=True))

    async def _issuer(
        self, client: httpx2.AsyncClient, zones: Iterator[str], *, limited: bool
    ) -> None:
        for zone in zones:
            if limited:
                await self._wrap_slots.acquire()
            language = self._random.choice(["kk", "ru", "en"])
            body: dict[str, Any] = {"zone": zone, "language": language}
            roll = self._random.random()
            for category, share in self.plan.priorities.items():
                if roll < share:
                    body["priority"] = category
                    break
                roll -= share
            issued = await self._send(
                client, "issue", "/api/tickets", json=body, token=self.issuer_token, zone=zone
            )
            if issued.status != 201:
                if limited:
                    self._wrap_slots.release()
                continue
            self._wake_one(zone)
            if self._random.random() < self.plan.status_checks:
                await self._send(
                    client,
                    "status",
                    f"/api/tickets/{issued.ticket_id}",
                    method="GET",
                    token=self.issuer_token,
                    ticket_id=issued.ticket_id,
                )

    def _wake_one(self, zone: str) -> None:
        waiting = self._idle.get(zone, [])
        while waiting:
            wake = waiting.pop(0)
            if not wake.is_set():
                wake.set()
                return

    async def _idle_until_woken(self, code: str, wake: asyncio.Event) -> None:
        wake.clear()
        zones = self.workplaces[code]
        for zone in zones:
            self._idle.setdefault(zone, []).append(wake)
        try:
            await asyncio.wait_for(wake.wait(), self.plan.idle_pause)
        except TimeoutError:
            pass
        finally:
            for zone in zones:
                if wake in self._idle[zone]:
                    self._idle[zone].remove(wake)

    async def _workplace(self, client: httpx2.AsyncClient, code: str) -> None:
        clicks = 2 if code in self.plan.double_click else 1
        wake = asyncio.Event()
        failures = 0
        while failures < self.plan.max_failures:
            done_before = self._issuing_done.is_set()
            pair = next(self._pairs) if clicks > 1 else None
            calls = await asyncio.gather(
                *(
                    self._send(
                        client,
                        "call-next",
                        f"/api/workplaces/{code}/call-next",
                        token=self.workplace_tokens[code],
                        workplace=code,
                        pair=pair,
                    )
                    for _ in range(clicks)
                )
            )
            called = [c for c in calls if c.status == 200]
            failures = 0 if called or all(c.status in (204, 409) for c in calls) else failures + 1
            if not called:
                if any(c.status not in (204, 409) for c in calls):
                    await asyncio.sleep(self.plan.idle_pause)  # a failure: do not hammer
                    continue
                if not done_before:
                    await self._idle_until_woken(code, wake)
                    continue
                return  # nobody waiting, and nobody will come
            for call in called:
                await self._serve(client, code, call)

    async def _serve(self, client: httpx2.AsyncClient, code: str, call: Exchange) -> None:
        ticket_id = call.ticket_id
        assert ticket_id is not None
        assert call.body is not None
        zone = call.body["zone"]
        roll = self._random.random()
        steps = (
            ["no-show"]
            if roll < 0.15
            else ["recall", "start", "finish"]
            if roll < 0.2
            else ["start", "finish"]
        )
        try:
            for step in steps:
                if step == "finish":  # the visitor is being served meanwhile
                    await asyncio.sleep(self._random.uniform(*self.plan.service_time))
                done = await self._send(
                    client,
                    step,
                    f"/api/tickets/{ticket_id}/{step}",
                    token=self.workplace_tokens[code],
                    workplace=code,
                    ticket_id=ticket_id,
                    zone=zone,
                )
                if done.status != 200:
                    return
        finally:
            if zone == self.plan.wrap_zone:
                self._wrap_slots.release()

    async def _send(
        self,
        client: httpx2.AsyncClient,
        kind: str,
        path: str,
        *,
        method: str = "POST",
        json: dict[str, Any] | None = None,
        token: str,
        **about: Any,
    ) -> Exchange:
        headers = {"Authorization": f"Bearer {token}"}
        sent = time.monotonic()
        try:
            response = await client.request(method, path, json=json, headers=headers)
        except httpx2.HTTPError as exc:
            exchange = Exchange(kind, sent, time.monotonic(), 0, None, error=repr(exc), **about)
        else:
            received = time.monotonic()
            body: dict[str, Any] | None = None
            if response.content:
                try:
                    body = response.json()
                except ValueError:
                    body = {"text": response.text[:500]}
            exchange = Exchange(kind, sent, received, response.status_code, body, **about)
            if isinstance(body, dict) and response.status_code in (200, 201):
                exchange.ticket_id = body["id"]
        self.exchanges.append(exchange)
        return exchange

    # views -------------------------------------------------------------------------------

    def of_kind(self, *kinds: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.kind in kinds]
