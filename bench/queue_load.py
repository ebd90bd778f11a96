"""How fast the queue is over real HTTP, against the real two-worker server on loopback.

    python -m bench.queue_load                      # SQLite file in a temporary directory
    python -m bench.queue_load --postgres           # a throwaway PostgreSQL (Debian package)
    python -m bench.queue_load --database-url postgresql+psycopg://user@127.0.0.1/db

Phase 1 issues `--issues` tickets with `--concurrency` requests in flight: tickets issued per
second (target >= 500/s). Phase 2: `--workplaces` windows (50) each call the next ticket, start
and finish it, over and over (with `--service-ms` between start and finish; none by default),
until `--calls` tickets have been called: the latency of "call next" (target p99 <= 100 ms).
Both phases are bounded by count and by `--time-limit`. Needs nothing outside the machine:
the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

from app.config.centre import CentreConfig, load_centre
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.access.identity import TokenKind
from app.domain.access.roles import Role
from app.repositories.unit import Unit
from app.services.access.accounts import Accounts
from bench.rawhttp import RawClient
from tests.support.live_server import LOAD_CENTRE, cpu_seconds, live_server
from tests.support.postgres import PostgresServer
from tests.support.units import transaction

ISSUE_TARGET = 500.0  # tickets per second
CALL_P99_TARGET = 0.100  # seconds
ZONES = {"consultation": 0.8, "personal_reception": 0.2}  # no wrap-around: ranges of 9000, 600


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    started: float = 0.0
    finished: float = 0.0

    @property
    def wall(self) -> float:
        return self.finished - self.started

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass(frozen=True)
class Tokens:
    issuer: str
    workplaces: dict[str, str]


def make_tokens(url: str, centre: CentreConfig, workplaces: list[str]) -> Tokens:
    """A reception account and a consultant signed in at each window, straight into the
    database (a sign-in over HTTP costs an argon2 hash on the server)."""
    upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    suffix = secrets.token_hex(3)  # a reused database keeps the accounts of earlier runs
    try:
        with transaction(engine) as session:
            accounts = Accounts(Unit(session))
            reception = accounts.add_user(
                username=f"bench-reception-{suffix}",
                role=Role.RECEPTION,
                password=secrets.token_urlsafe(12),
                now=now,
            )
            consultant = accounts.add_user(
                username=f"bench-consultant-{suffix}",
                role=Role.CONSULTANT,
                password=secrets.token_urlsafe(12),
                now=now,
            )
            issuer, _ = accounts.issue_token(reception, TokenKind.API, workplace=None, now=now)
            bound = {
                code: accounts.issue_token(consultant, TokenKind.API, workplace=code, now=now)[0]
                for code in workplaces
            }
    finally:
        engine.dispose()
    assert all(centre.workplace(code) for code in workplaces)
    return Tokens(issuer, bound)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Client:
    """POSTs over loopback with the raw client (default) or httpx2 (`--client httpx2`)."""

    def __init__(self, base_url: str, kind: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.kind = kind
        self.raw = RawClient(host, int(port), connections=200)
        self.httpx = httpx2.AsyncClient(
            base_url=base_url,
            limits=httpx2.Limits(max_connections=200, max_keepalive_connections=200),
            timeout=60.0,
        )

    async def post(self, path: str, token: str, body: Any = None) -> tuple[int, Any]:
        headers = _auth(token)
        if self.kind == "raw":
            reply = await self.raw.request("POST", path, json_body=body, headers=headers)
            return reply.status, (reply.json() if reply.body else None)
        response = await self.httpx.post(path, json=body, headers=headers)
        return response.status_code, (response.json() if response.content else None)

    async def close(self) -> None:
        await self.raw.close()
        await self.httpx.aclose()


async def issue_phase(
    client: Client, tokens: Tokens, count: int, concurrency: int, limit: float
) -> Timings:
    timings = Timings()
    plan = iter(
        [zone for zone, share in ZONES.items() for _ in range(round(count * share))][:count]
    )
    deadline = time.monotonic() + limit

    async def kiosk(index: int) -> None:
        for zone in plan:
            if time.monotonic() > deadline:
                return
            sent = time.monotonic()
            status, _ = await client.post(
                "/api/tickets",
                tokens.issuer,
                {"zone": zone, "language": ("kk", "ru", "en")[index % 3]},
            )
            timings.latencies.append(time.monotonic() - sent)
            timings.statuses[status] += 1

    timings.started = time.monotonic()
    await asyncio.gather(*(kiosk(i) for i in range(concurrency)))
    timings.finished = time.monotonic()
    return timings


async def call_phase(
    client: Client, tokens: Tokens, calls: int, limit: float, service: float = 0.0
) -> tuple[Timings, Timings]:
    """(call-next timings, start+finish timings)."""
    calling, serving = Timings(), Timings()
    remaining = [calls]
    deadline = time.monotonic() + limit

    async def window(code: str) -> None:
        token = tokens.workplaces[code]
        while remaining[0] > 0 and time.monotonic() < deadline:
            remaining[0] -= 1
            sent = time.monotonic()
            status, called = await client.post(f"/api/workplaces/{code}/call-next", token)
            calling.latencies.append(time.monotonic() - sent)
            calling.statuses[status] += 1
            if status != 200:
                return  # 204: the queue is empty
            for step in ("start", "finish"):
                if step == "finish" and service:
                    await asyncio.sleep(service)  # the visitor at the window
                sent = time.monotonic()
                status, _ = await client.post(f"/api/tickets/{called['id']}/{step}", token)
                serving.latencies.append(time.monotonic() - sent)
                serving.statuses[status] += 1

    calling.started = serving.started = time.monotonic()
    await asyncio.gather(*(window(code) for code in tokens.workplaces))
    calling.finished = serving.finished = time.monotonic()
    return calling, serving


def machine_busy() -> tuple[float, float]:
    """(busy CPU seconds of the whole machine, wall seconds) so far, from /proc/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / ticks, time.monotonic()


def own_cpu() -> float:
    usage = os.times()
    return usage.user + usage.system


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(issued: Timings, calling: Timings, serving: Timings, cpu: dict[int, float]) -> bool:
    rate = issued.statuses[201] / issued.wall if issued.wall else 0.0
    p99 = calling.quantile(0.99)
    print(
        f"\nissue:      {issued.statuses[201]} tickets in {issued.wall:.2f} s "
        f"= {rate:.0f} tickets/s (target >= {ISSUE_TARGET:.0f}); "
        f"latency p50 {_ms(issued.quantile(0.5))}, p99 {_ms(issued.quantile(0.99))}; "
        f"statuses {dict(issued.statuses)}"
    )
    print(
        f"call-next:  {len(calling.latencies)} calls by {len(calling.latencies) and ''}"
        f"the windows in {calling.wall:.2f} s; latency p50 {_ms(calling.quantile(0.5))}, "
        f"p90 {_ms(calling.quantile(0.9))}, p99 {_ms(p99)} (target <= {_ms(CALL_P99_TARGET)}), "
        f"max {_ms(max(calling.latencies, default=0.0))}; statuses {dict(calling.statuses)}"
    )
    if serving.latencies:
        print(
            f"start/finish: {len(serving.latencies)} requests, p50 "
            f"{_ms(serving.quantile(0.5))}, p99 {_ms(serving.quantile(0.99))}; "
            f"statuses {dict(serving.statuses)}"
        )
        total = len(calling.latencies) + len(serving.latencies)
        print(
            f"serving throughput: {total / calling.wall:.0f} requests/s "
            f"({len(calling.latencies) / calling.wall:.0f} calls/s)"
        )
    if calling.latencies:
        print(f"call-next mean {_ms(statistics.fmean(calling.latencies))}")
    requests = len(issued.latencies) + len(calling.latencies) + len(serving.latencies)
    print(
        f"worker CPU seconds: {', '.join(f'{s:.1f}' for s in cpu.values())} "
        f"({1000 * sum(cpu.values()) / max(1, requests):.1f} ms per request)"
    )
    ok = rate >= ISSUE_TARGET and p99 <= CALL_P99_TARGET
    print("targets met" if ok else "TARGETS MISSED")
    return ok


@contextmanager
def database(args: argparse.Namespace, scratch: Path) -> Iterator[str]:
    if args.database_url:
        yield args.database_url
    elif args.postgres:
        server = PostgresServer.start_new()
        try:
            yield server.url(server.create_database("bench"))
        finally:
            server.stop()
    else:
        yield f"sqlite:///{scratch / 'bench.sqlite3'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.queue_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    where.add_argument(
        "--postgres", action="store_true", help="start a throwaway PostgreSQL from Debian's package"
    )
    parser.add_argument("--issues", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=64, help="issues in flight")
    parser.add_argument("--workplaces", type=int, default=50, choices=range(1, 51), metavar="1..50")
    parser.add_argument("--calls", type=int, default=2000, help="call-next requests, at most")
    parser.add_argument(
        "--service-ms",
        type=float,
        default=0.0,
        help="time a window spends with each visitor between start and finish "
        "(default 0: every window calls again at once, the hardest case)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per phase")
    parser.add_argument(
        "--client",
        choices=["raw", "httpx2"],
        default="raw",
        help="raw: a minimal HTTP/1.1 client (bench/rawhttp.py) that leaves the "
        "cores to the server; httpx2: what the load tests use",
    )
    args = parser.parse_args(argv)

    centre = load_centre(LOAD_CENTRE)
    windows = [f"window-{i}" for i in range(1, args.workplaces + 1)]
    with tempfile.TemporaryDirectory(prefix="qabyldau-bench-") as tmp:
        scratch = Path(tmp)
        with database(args, scratch) as url:
            print(
                f"database: {url.split('@')[-1] if '@' in url else url}; "
                f"{args.workers} workers; {args.issues} issues, {args.concurrency} in flight; "
                f"{args.workplaces} windows, up to {args.calls} calls"
            )
            tokens = make_tokens(url, centre, windows)
            with live_server(url, data_dir=scratch / "data", workers=args.workers) as server:

                async def run() -> tuple[Timings, Timings, Timings]:
                    client = Client(server.base_url, args.client)
                    try:
                        issued = await issue_phase(
                            client, tokens, args.issues, args.concurrency, args.time_limit
                        )
                        calling, serving = await call_phase(
                            client, tokens, args.calls, args.time_limit, args.service_ms / 1000
                        )
                    finally:
                        await client.close()
                    return issued, calling, serving

                busy_before, wall_before = machine_busy()
                own_before = own_cpu()
                workers_before = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
                issued, calling, serving = asyncio.run(run())
                busy_after, wall_after = machine_busy()
                cpu = {
                    pid: cpu_seconds(pid) - workers_before.get(pid, 0.0)
                    for pid in server.worker_pids()
                }
                client_cpu = own_cpu() - own_before
                problems = server.problems_in_log()
            ok = report(issued, calling, serving, cpu)
            wall = wall_after - wall_before
            busy = busy_after - busy_before
            others = max(0.0, busy - sum(cpu.values()) - client_cpu)
            print(
                f"machine: {os.cpu_count()} cores, {busy / wall:.2f} of them busy on average; "
                f"server {sum(cpu.values()) / wall:.2f}, this client {client_cpu / wall:.2f}, "
                f"other processes {others / wall:.2f}"
            )
            if problems:
                print(f"the server logged {len(problems)} errors, e.g. {problems[0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
