"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for measuring the server.

The benchmark's client shares the two cores with the server. httpx2 spends about 1 ms of CPU
per request, as much as the server spends on a light route, so with it the benchmark mostly
measures the client. This one speaks just enough HTTP/1.1 for our JSON API: one request at a
time per connection, bodies delimited by Content-Length.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class RawClient:
    def __init__(self, host: str, port: int, connections: int) -> None:
        self.host, self.port = host, port
        self._idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self._capacity = asyncio.Semaphore(connections)
        self._open: list[asyncio.StreamWriter] = []

    async def request(
        self, method: str, path: str, *, json_body: Any = None, headers: dict[str, str]
    ) -> Reply:
        async with self._capacity:
            if self._idle.empty():
                reader, writer = await asyncio.open_connection(self.host, self.port)
                self._open.append(writer)
            else:
                reader, writer = self._idle.get_nowait()
            body = b"" if json_body is None else json.dumps(json_body).encode()
            lines = [
                f"{method} {path} HTTP/1.1",
                f"Host: {self.host}:{self.port}",
                f"Content-Length: {len(body)}",
            ]
            if json_body is not None:
                lines.append("Content-Type: application/json")
            lines += [f"{name}: {value}" for name, value in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
            length = 0
            for line in header_lines:
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "transfer-encoding":
                    raise RuntimeError(f"{method} {path}: chunked answers are not supported")
            content = await reader.readexactly(length) if length else b""
            self._idle.put_nowait((reader, writer))
            return Reply(status, content)

    async def close(self) -> None:
        for writer in self._open:
            writer.close()
        for writer in self._open:
            with contextlib.suppress(OSError):
                await writer.wait_closed()
