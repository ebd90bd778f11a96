"""The real server in its own processes: uvicorn with several workers on a loopback port.

    with live_server(url, config=..., data_dir=...) as server:
        httpx2.get(server.base_url + "/api/health")

Migrations are applied first (as `qabyldau serve` does); the server is stopped by signalling
its whole process group, and its log is attached to any exception raised inside the block.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx2

from app.config.centre import CentreConfig
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.access.identity import TokenKind
from app.domain.access.roles import Role
from app.repositories.unit import Unit
from app.services.access.accounts import Accounts
from tests.support.postgres import free_port
from tests.support.units import transaction

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOAD_CENTRE = PROJECT_ROOT / "tests" / "fixtures" / "load_centre.toml"
STARTED = "Application startup complete."


class ServerFailed(RuntimeError):
    """The server did not start, or died; the message carries its log."""


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    workers: int

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:]) or "(empty server log)"

    def problems_in_log(self) -> list[str]:
        """Tracebacks and errors the server logged (it should log none under load)."""
        return [
            line
            for line in self.log().splitlines()
            if "Traceback" in line or line.startswith(("ERROR", "CRITICAL"))
        ]

    def worker_pids(self) -> list[int]:
        """The worker processes (not multiprocessing's resource tracker)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(pid) for pid in children.read_text().split()]
            return [
                pid for pid in pids if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
        except OSError:
            return []

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with httpx2.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerFailed(
                        f"server exited with code {self.process.returncode} while starting:\n"
                        f"{self.log_tail()}"
                    )
                started = self.log().count(STARTED)
                with contextlib.suppress(httpx2.TransportError):
                    if started >= self.workers and client.get("/api/health").status_code == 200:
                        return
                time.sleep(0.1)
        raise ServerFailed(f"server not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM to the process group (supervisor and workers), SIGKILL if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        # Workers left behind by a supervisor that died first.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.returncode


SERVING_ROLES = {"window": Role.CONSULTANT, "cabinet": Role.OFFICIAL, "desk": Role.SELF_SERVICE}
PASSWORD = "load test password"


@dataclass(frozen=True)
class StaffTokens:
    issuer: str  # a reception account's API token: issues tickets
    workplaces: dict[str, str]  # workplace code -> API token of the person signed in there

    def header(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


def provision_staff(database_url: str, centre: CentreConfig) -> StaffTokens:
    """A reception account, and one person signed in at every workplace, with API tokens bound
    to it: made in the database directly (signing in 60 times over HTTP costs 60 argon2
    hashes on the server)."""
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    try:
        with transaction(engine) as session:
            accounts = Accounts(Unit(session))
            users = {
                role: accounts.add_user(
                    username=f"load-{role.value}", role=role, password=PASSWORD, now=now
                )
                for role in {Role.RECEPTION, *SERVING_ROLES.values()}
            }
            issuer, _ = accounts.issue_token(
                users[Role.RECEPTION], TokenKind.API, workplace=None, now=now
            )
            workplaces = {
                w.code: accounts.issue_token(
                    users[SERVING_ROLES[w.kind]], TokenKind.API, workplace=w.code, now=now
                )[0]
                for w in centre.workplaces
            }
    finally:
        engine.dispose()
    return StaffTokens(issuer, workplaces)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def live_server(
    database_url: str,
    *,
    data_dir: Path,
    config: Path = LOAD_CENTRE,
    workers: int = 2,
    ready_timeout: float = 30.0,
    port: int | None = None,  # a given port: to restart "the same" server
    extra_env: Mapping[str, str] | None = None,  # e.g. QABYLDAU_PRINTER_URL
    access_log: bool = False,  # a line per request, as `qabyldau serve` logs them
) -> Iterator[LiveServer]:
    upgrade(database_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    env = {
        **os.environ,
        "QABYLDAU_DATABASE_URL": database_url,
        "QABYLDAU_CONFIG": str(config),
        "QABYLDAU_ALWAYS_OPEN": "1",
        "QABYLDAU_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    log_path = data_dir / f"server-{port}.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "app.main:app_factory",
        "--workers",
        str(workers),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *([] if access_log else ["--no-access-log"]),
        "--log-level",
        "info",
        "--ws-per-message-deflate",
        "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path, workers)
    try:
        server._wait_ready(ready_timeout)
        yield server
    except BaseException as exc:
        exc.add_note(f"--- server log ({log_path}) ---\n{server.log_tail()}")
        raise
    finally:
        server.stop()
