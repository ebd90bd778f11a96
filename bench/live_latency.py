"""Call → screen latency over the live feed, with many screens connected.

    python -m bench.live_latency [--sockets 200] [--calls 100]

Starts the real server (one worker, SQLite in a temp folder), connects N websocket clients to
/ws/events, then calls tickets one by one and measures, for every client, the time from
sending the call-next request to receiving its `ticket.called` message. Prints p50/p99 and the
server's resident memory. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2
import websockets

from tests.support.live_server import live_server

DEMO = Path(__file__).resolve().parents[1] / "app" / "config" / "demo_centre.toml"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def add_user(env: dict[str, str], username: str, password: str) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("qabyldau")),
            "users",
            "add",
            username,
            "--role",
            "admin",
            "--password",
            password,
        ],
        check=True,
        env=env,
        capture_output=True,
    )


async def run(
    base_url: str, token: str, sockets: int, calls: int
) -> tuple[list[float], list[float], list[float]]:
    ws_url = base_url.replace("http://", "ws://") + f"/ws/events?token={token}"
    received: dict[int, list[float]] = {}
    ready = asyncio.Event()
    connected = 0

    async def screen() -> None:
        nonlocal connected
        async with websockets.connect(ws_url, max_queue=None) as ws:
            connected += 1
            if connected == sockets:
                ready.set()
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "ticket.called":
                    received.setdefault(message["ticket"]["id"], []).append(time.perf_counter())

    tasks = [asyncio.create_task(screen()) for _ in range(sockets)]
    await asyncio.wait_for(ready.wait(), 30)
    latencies: list[float] = []
    responses: list[float] = []  # the call-next request itself
    firsts: list[float] = []  # until the first screen has it
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(base_url=base_url, headers=headers, timeout=10) as client:
        for _ in range(calls):
            issued = await client.post(
                "/api/tickets", json={"zone": "consultation", "language": "kk"}
            )
            issued.raise_for_status()
            ticket_id = issued.json()["id"]
            sent = time.perf_counter()
            called = await client.post("/api/workplaces/window-1/call-next")
            called.raise_for_status()
            responses.append(time.perf_counter() - sent)
            deadline = time.perf_counter() + 5
            while len(received.get(ticket_id, [])) < sockets and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            arrivals = received.get(ticket_id, [])
            if len(arrivals) < sockets:
                raise RuntimeError(f"only {len(arrivals)} of {sockets} screens got the call")
            latencies.extend(t - sent for t in arrivals)
            firsts.append(min(arrivals) - sent)
            (await client.post(f"/api/tickets/{ticket_id}/start")).raise_for_status()
            (await client.post(f"/api/tickets/{ticket_id}/finish")).raise_for_status()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, responses, firsts


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = sorted(x * 1000 for x in seconds)
    return statistics.median(ms), ms[max(0, int(len(ms) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        url = f"sqlite:///{data / 'bench.sqlite3'}"
        env = {
            **os.environ,
            "QABYLDAU_DATABASE_URL": url,
            "QABYLDAU_DATA_DIR": str(data),
            "QABYLDAU_CONFIG": str(DEMO),
        }
        with live_server(url, data_dir=data, config=DEMO, workers=1) as server:
            add_user(env, "bench", "bench-password-1")
            # As a centre does once: pre-render the voice pieces, so each call's announcement
            # is assembled from cached clips instead of synthesized while screens are fed.
            subprocess.run(
                [
                    str(Path(sys.executable).with_name("qabyldau")),
                    "voices",
                    "build",
                    "--languages",
                    "kk",
                ],
                check=True,
                env=env,
                capture_output=True,
            )
            token = httpx2.post(
                server.base_url + "/api/auth/token",
                data={"username": "bench", "password": "bench-password-1"},
            ).json()["access_token"]
            latencies, responses, firsts = asyncio.run(
                run(server.base_url, token, args.sockets, args.calls)
            )
            pid = server.worker_pids()[0] if server.worker_pids() else server.process.pid
            memory = rss_mb(pid)
    p50, p99 = percentiles(latencies)
    print(f"screens: {args.sockets}, calls: {args.calls}, deliveries: {len(latencies)}")
    print(f"call -> every screen: p50 {p50:.1f} ms, p99 {p99:.1f} ms  (target p99 <= 50 ms)")
    request_p50, request_p99 = percentiles(responses)
    first_p50, first_p99 = percentiles(firsts)
    print(f"  the call-next request itself: p50 {request_p50:.1f} ms, p99 {request_p99:.1f} ms")
    print(f"  call -> first screen: p50 {first_p50:.1f} ms, p99 {first_p99:.1f} ms")
    print(f"server memory: {memory:.0f} MB RSS  (target <= 200 MB)")


if __name__ == "__main__":
    main()
