"""What an outsider's misbehaviour does to the queue, over real HTTP, against the real server
(on a SQLite file, on 127.0.0.1; one worker, as a centre runs it, unless --workers). Prints
figures and asserts nothing.

    python -m bench.abuse stalls     # /api/health while 32 uploads stall mid-body
    python -m bench.abuse signins    # ticket issuing while 0, 4 and 16 anonymous clients
                                     # loop on POST /api/auth/token with wrong passwords

`stalls`: 32 connections send the headers of `POST /api/tickets` with `Content-Length:
100000` and one byte of body, and hold; meanwhile `GET /api/health` is asked 20 times, one
after another, each given 5 s. Then: how the stalled connections ended.
`signins`: a reception account issues 200 tickets one after another while N clients sign in
as unknown usernames, each as fast as the server answers; the median and p90 of an issue.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.queue_load import make_tokens
from bench.rawhttp import RawClient
from tests.support.live_server import LOAD_CENTRE, live_server

STALLED = 32
HEALTH_CHECKS = 20
HEALTH_TIMEOUT = 5.0


async def _stalls(host: str, port: int, token: str | None) -> None:
    held: list[asyncio.StreamWriter] = []
    readers: list[asyncio.StreamReader] = []
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST /api/tickets HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}"
        "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
    ).encode()
    who = "signed-in" if token else "anonymous"
    for _ in range(STALLED):
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(head)
        await writer.drain()
        held.append(writer)
        readers.append(reader)
    await asyncio.sleep(0.5)
    client = RawClient(host, port, connections=1)
    latencies: list[float] = []
    timeouts = 0
    for _ in range(HEALTH_CHECKS):
        started = time.perf_counter()
        try:
            reply = await asyncio.wait_for(
                client.request("GET", "/api/health", headers={}), HEALTH_TIMEOUT
            )
            assert reply.status in (200, 503), reply.status
            latencies.append(time.perf_counter() - started)
        except TimeoutError:
            timeouts += 1
            await client.close()
            client = RawClient(host, port, connections=1)
    await client.close()
    if latencies:
        print(
            f"health with {STALLED} stalled {who} uploads: {len(latencies)} answered, "
            f"p50 {statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms;"
            f" {timeouts} timed out after {HEALTH_TIMEOUT:g} s"
        )
    else:
        print(f"health with {STALLED} stalled {who} uploads: all {timeouts} timed out")
    # How the stalled uploads end: answered (status line) or cut, and when.
    started = time.perf_counter()
    endings: list[str] = []

    async def ending(reader: asyncio.StreamReader) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), 30)
            endings.append(line.decode("latin-1").strip() or "closed")
        except TimeoutError:
            endings.append("still open after 30 s")
        except ConnectionError:
            endings.append("reset")

    await asyncio.gather(*(ending(r) for r in readers))
    waited = time.perf_counter() - started
    counts = {e: endings.count(e) for e in sorted(set(endings))}
    print(f"the stalled uploads then: {counts} (within {waited:.1f} s more)")
    for writer in held:
        writer.close()


async def _signins(host: str, port: int, issuer: str, loops: int) -> None:
    stop = asyncio.Event()
    attempts = 0

    async def sign_in_loop() -> None:
        nonlocal attempts
        client = RawClient(host, port, connections=1)
        try:
            while not stop.is_set():
                reader, writer = await asyncio.open_connection(host, port)
                form = (
                    f"username=nobody-{secrets.token_hex(4)}&password=wrong-{secrets.token_hex(4)}"
                )
                writer.write(
                    (
                        f"POST /api/auth/token HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\n"
                        f"Content-Length: {len(form)}\r\nConnection: close\r\n\r\n{form}"
                    ).encode()
                )
                await writer.drain()
                await reader.read()
                writer.close()
                attempts += 1
        finally:
            await client.close()

    tasks = [asyncio.create_task(sign_in_loop()) for _ in range(loops)]
    await asyncio.sleep(1.0 if loops else 0)
    client = RawClient(host, port, connections=1)
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {issuer}"}
    for _ in range(200):
        started = time.perf_counter()
        reply = await client.request(
            "POST",
            "/api/tickets",
            json_body={"zone": "consultation", "language": "kk"},
            headers=headers,
        )
        assert reply.status == 201, reply.body
        latencies.append(time.perf_counter() - started)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await client.close()
    ordered = sorted(latencies)
    median = statistics.median(latencies) * 1000
    p90 = ordered[int(0.9 * len(ordered))] * 1000
    print(
        f"issue with {loops:>2} sign-in loops: median {median:7.1f} ms, p90 {p90:7.1f} ms"
        f" ({attempts} sign-in attempts)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=["stalls", "signins"])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qabyldau-abuse-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        from app.config.centre import load_centre

        tokens = make_tokens(url, load_centre(LOAD_CENTRE), ["window-1"])
        with live_server(url, data_dir=Path(folder) / "data", workers=args.workers) as server:
            host, port = server.base_url.removeprefix("http://").split(":")
            if args.scenario == "stalls":
                asyncio.run(_stalls(host, int(port), None))
                asyncio.run(_stalls(host, int(port), tokens.issuer))
            else:
                for loops in (0, 4, 16):
                    asyncio.run(_signins(host, int(port), tokens.issuer, loops))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
