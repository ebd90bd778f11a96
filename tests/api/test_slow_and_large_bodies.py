"""What a request may cost (11.1), against the real server over raw sockets: a body that
stalls is cut off after BODY_SECONDS with 408 while everyone else is served; a body larger
than MAX_BODY_BYTES is refused 413 before it is read; an anonymous body is refused 401 before
it is read. (32 stalled uploads froze /api/health for as long as they were held.)"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx2
import pytest

from app.config.settings import DEMO_CENTRE
from app.domain.access.roles import Role
from app.edge.limits import BODY_SECONDS, MAX_BODY_BYTES
from tests.conftest import Clock, make_state
from tests.support.auth import staff_token
from tests.support.live_server import LiveServer, live_server

STALLED = 32


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, str]]:
    state = make_state(sqlite_url, Clock(now=datetime.now(UTC)))
    try:
        token = staff_token(state, Role.RECEPTION)
    finally:
        state.close()
    with live_server(sqlite_url, data_dir=tmp_path, workers=1, config=DEMO_CENTRE) as live:
        yield live, token


def open_upload(base_url: str, length: int, token: str | None, body: bytes = b"{") -> socket.socket:
    """The headers of a ticket issue and the first bytes of its body; the rest never comes."""
    host, port = base_url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=BODY_SECONDS + 10)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST /api/tickets HTTP/1.1\r\nHost: {host}\r\n{auth}"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


def status_of(sock: socket.socket) -> int:
    answer = sock.recv(4096)
    return int(answer.split(b" ", 2)[1])


def test_stalled_uploads_hold_nobody_up_and_are_cut_off(server: tuple[LiveServer, str]) -> None:
    live, token = server
    stalled = [open_upload(live.base_url, 100_000, token) for _ in range(STALLED)]
    opened = time.monotonic()
    try:
        with httpx2.Client(base_url=live.base_url, timeout=5.0) as client:
            waits = []
            for _ in range(10):
                started = time.monotonic()
                assert client.get("/api/health").status_code == 200
                waits.append(time.monotonic() - started)
        assert max(waits) < 1.0, waits  # served at once, the stalled uploads held or not
        assert [status_of(sock) for sock in stalled] == [408] * STALLED
        assert BODY_SECONDS * 0.9 <= time.monotonic() - opened <= BODY_SECONDS + 8
    finally:
        for sock in stalled:
            sock.close()


def test_a_body_too_large_is_refused_before_it_is_read(server: tuple[LiveServer, str]) -> None:
    live, token = server
    started = time.monotonic()
    sock = open_upload(live.base_url, MAX_BODY_BYTES + 1, token)
    try:
        assert status_of(sock) == 413
    finally:
        sock.close()
    assert time.monotonic() - started < 2.0  # not after waiting for the body


def test_an_anonymous_body_is_refused_before_it_is_read(server: tuple[LiveServer, str]) -> None:
    live, _ = server
    started = time.monotonic()
    sock = open_upload(live.base_url, 100 * 1024 * 1024, None)
    try:
        assert status_of(sock) == 401
    finally:
        sock.close()
    assert time.monotonic() - started < 2.0


def test_a_chunked_body_that_grows_too_large_is_refused(server: tuple[LiveServer, str]) -> None:
    """No Content-Length to go by: counted as it arrives."""
    live, token = server

    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    with httpx2.Client(base_url=live.base_url, timeout=10.0) as client:
        response = client.post(
            "/api/tickets",
            content=chunks(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
