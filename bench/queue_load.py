"""How fast the queue is over real HTTP, against the real two-worker server on loopback.

    python -m bench.queue_load                      # SQLite file in a temporary directory
    python -m bench.queue_load --postgres           # a throwaway PostgreSQL (Debian package)
    python -m bench.queue_load --database-url postgresql+psycopg://user@127.0.0.1/db

Phase 1 issues `--issues` tickets with `--concurrency` requests in flight: tickets issued per
second (target >= 500/s). Phase 2: `--workplaces` windows (50) each call the next ticket, start
and finish it, over and over with no pause, until `--calls` tickets have been called: the
latency of "call next" (target p99 <= 100 ms). Both phases are bounded by count and by
`--time-limit`. Needs nothing outside the machine: the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
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

import httpx2

from app.auth.accounts import Accounts
from app.auth.models import TokenKind
from app.auth.roles import Role
from app.auth.store import transaction
from app.config.centre import CentreConfig, load_centre
from app.db.engine import make_engine
from app.db.migrate import upgrade
from tests.support.live_server import LOAD_CENTRE, cpu_seconds, live_server
from tests.support.postgres import PostgresServer

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
            accounts = Accounts(session)
            reception = accounts.add_user(
                username=f"bench-reception-{suffix}", role=Role.RECEPTION,
                password=secrets.token_urlsafe(12), now=now,
            )
            consultant = accounts.add_user(
                username=f"bench-consultant-{suffix}", role=Role.CONSULTANT,
                password=secrets.token_urlsafe(12), now=now,
            )
            issuer, _ = accounts.issue_token(reception, TokenKind.API, workplace=None, now=now)
            bound = {
                code: accounts.issue_token(
                    consultant, TokenKind.API, workplace=code, now=now
                )[0]
                for code in workplaces
            }
    finally:
        engine.dispose()
    assert all(centre.workplace(code) for code in workplaces)
    return Tokens(issuer, bound)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def issue_phase(
    client: httpx2.AsyncClient, tokens: Tokens, count: int, concurrency: int, limit: float
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
            response = await client.post(
                "/api/tickets",
                json={"zone": zone, "language": ("kk", "ru", "en")[index % 3]},
                headers=_auth(tokens.issuer),
            )
            timings.latencies.append(time.monotonic() - sent)
            timings.statuses[response.status_code] += 1

    timings.started = time.monotonic()
    await asyncio.gather(*(kiosk(i) for i in range(concurrency)))
    timings.finished = time.monotonic()
    return timings


async def call_phase(
    client: httpx2.AsyncClient, tokens: Tokens, calls: int, limit: float
) -> tuple[Timings, Timings]:
    """(call-next timings, start+finish timings)."""
    calling, serving = Timings(), Timings()
    remaining = [calls]
    deadline = time.monotonic() + limit

    async def window(code: str) -> None:
        headers = _auth(tokens.workplaces[code])
        while remaining[0] > 0 and time.monotonic() < deadline:
            remaining[0] -= 1
            sent = time.monotonic()
            called = await client.post(f"/api/workplaces/{code}/call-next", headers=headers)
            calling.latencies.append(time.monotonic() - sent)
            calling.statuses[called.status_code] += 1
            if called.status_code != 200:
                return  # 204: the queue is empty
            ticket = called.json()["id"]
            for step in ("start", "finish"):
                sent = time.monotonic()
                done = await client.post(f"/api/tickets/{ticket}/{step}", headers=headers)
                serving.latencies.append(time.monotonic() - sent)
                serving.statuses[done.status_code] += 1

    calling.started = serving.started = time.monotonic()
    await asyncio.gather(*(window(code) for code in tokens.workplaces))
    calling.finished = serving.finished = time.monotonic()
    return calling, serving


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(issued: Timings, calling: Timings, serving: Timings, cpu: dict[int, float]) -> bool:
    rate = issued.statuses[201] / issued.wall if issued.wall else 0.0
    p99 = calling.quantile(0.99)
    print(f"\nissue:      {issued.statuses[201]} tickets in {issued.wall:.2f} s "
          f"= {rate:.0f} tickets/s (target >= {ISSUE_TARGET:.0f}); "
          f"latency p50 {_ms(issued.quantile(0.5))}, p99 {_ms(issued.quantile(0.99))}; "
          f"statuses {dict(issued.statuses)}")
    print(f"call-next:  {len(calling.latencies)} calls by {len(calling.latencies) and ''}"
          f"the windows in {calling.wall:.2f} s; latency p50 {_ms(calling.quantile(0.5))}, "
          f"p90 {_ms(calling.quantile(0.9))}, p99 {_ms(p99)} (target <= {_ms(CALL_P99_TARGET)}), "
          f"max {_ms(max(calling.latencies, default=0.0))}; statuses {dict(calling.statuses)}")
    if serving.latencies:
        print(f"start/finish: {len(serving.latencies)} requests, p50 "
              f"{_ms(serving.quantile(0.5))}, p99 {_ms(serving.quantile(0.99))}; "
              f"statuses {dict(serving.statuses)}")
        total = len(calling.latencies) + len(serving.latencies)
        print(f"serving throughput: {total / calling.wall:.0f} requests/s "
              f"({len(calling.latencies) / calling.wall:.0f} calls/s)")
    if calling.latencies:
        print(f"call-next mean {_ms(statistics.fmean(calling.latencies))}")
    print(f"worker CPU seconds: {', '.join(f'{s:.1f}' for s in cpu.values())}")
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
    parser = argparse.ArgumentParser(prog="python -m bench.queue_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    where.add_argument("--postgres", action="store_true",
                       help="start a throwaway PostgreSQL from Debian's package")
    parser.add_argument("--issues", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=64, help="issues in flight")
    parser.add_argument("--workplaces", type=int, default=50, choices=range(1, 51),
                        metavar="1..50")
    parser.add_argument("--calls", type=int, default=2000, help="call-next requests, at most")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per phase")
    args = parser.parse_args(argv)

    centre = load_centre(LOAD_CENTRE)
    windows = [f"window-{i}" for i in range(1, args.workplaces + 1)]
    with tempfile.TemporaryDirectory(prefix="qabyldau-bench-") as tmp:
        scratch = Path(tmp)
        with database(args, scratch) as url:
            print(f"database: {url.split('@')[-1] if '@' in url else url}; "
                  f"{args.workers} workers; {args.issues} issues, {args.concurrency} in flight; "
                  f"{args.workplaces} windows, up to {args.calls} calls")
            tokens = make_tokens(url, centre, windows)
            with live_server(url, data_dir=scratch / "data", workers=args.workers) as server:

                async def run() -> tuple[Timings, Timings, Timings]:
                    limits = httpx2.Limits(max_connections=200, max_keepalive_connections=200)
                    async with httpx2.AsyncClient(
                        base_url=server.base_url, limits=limits, timeout=60.0
                    ) as client:
                        issued = await issue_phase(
                            client, tokens, args.issues, args.concurrency, args.time_limit
                        )
                        calling, serving = await call_phase(
                            client, tokens, args.calls, args.time_limit
                        )
                    return issued, calling, serving

                issued, calling, serving = asyncio.run(run())
                cpu = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
                problems = server.problems_in_log()
            ok = report(issued, calling, serving, cpu)
            if problems:
                print(f"the server logged {len(problems)} errors, e.g. {problems[0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
