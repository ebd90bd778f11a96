"""A throwaway PostgreSQL server from Debian's `postgresql` package, on loopback only.

`initdb` and `pg_ctl` refuse to run as root, so when the tests run as root the server runs as
the `postgres` user (created by the Debian package) in a directory it owns.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

PG_BIN_ENV = "QABYLDAU_PG_BIN"
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """The server cannot be found or started; the message says what to do."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_bin_dir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: $QABYLDAU_PG_BIN, else the newest
    /usr/lib/postgresql/<version>/bin, else wherever `pg_ctl` is on PATH."""
    candidates: list[Path] = []
    if override := os.environ.get(PG_BIN_ENV):
        candidates.append(Path(override))
    if DEBIAN_PG_ROOT.is_dir():
        versions = [p for p in DEBIAN_PG_ROOT.iterdir() if re.fullmatch(r"\d+", p.name)]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]
    if on_path := shutil.which("pg_ctl"):
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if all((directory / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    looked = ", ".join(str(c) for c in candidates) or f"{DEBIAN_PG_ROOT}/<version>/bin, PATH"
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; looked in "
        f"{looked}. Install Debian's server package (`apt-get install -y postgresql`) "
        f"or point {PG_BIN_ENV} at the directory that holds them."
    )


def _run_as(user: pwd.struct_passwd | None) -> dict[str, Any]:
    """subprocess arguments that drop root to `user` (nothing when not root)."""
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int = 0
    _user: pwd.struct_passwd | None = field(default=None, repr=False)
    _running: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    # lifecycle -------------------------------------------------------------------------------

    @classmethod
    def start_new(cls) -> PostgresServer:
        """initdb in a fresh temporary directory and start the server on a free loopback port."""
        bin_dir = find_bin_dir()
        user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(SUPERUSER)
            except KeyError as exc:
                raise PostgresUnavailable(
                    "running as root but there is no `postgres` user to run the server as "
                    "(Debian's postgresql package creates it)"
                ) from exc
        root = Path(tempfile.mkdtemp(prefix="qabyldau-pg-"))
        server = cls(bin_dir=bin_dir, root=root, _user=user)
        try:
            server._init()
            server._start()
        except BaseException:
            server.stop()
            raise
        return server

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=self.root,
            **_run_as(self._user),
        )
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(args)} failed with exit code {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}\nserver log:\n{self.log_tail()}"
            )

    def _init(self) -> None:
        (self.root / "sock").mkdir()
        if self._user is not None:
            for path in (self.root, self.root / "sock"):
                os.chown(path, self._user.pw_uid, self._user.pw_gid)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def _start(self) -> None:
        last_error: PostgresUnavailable | None = None
        for _attempt in range(3):  # another process may take the free port first
            self.port = free_port()
            options = " ".join(
                [
                    f"-p {self.port}",
                    f"-k {self.root / 'sock'}",
                    "-c listen_addresses=127.0.0.1",
                    "-c max_connections=200",
                    # A throwaway test server: durability is not what is tested here.
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                ]
            )
            try:
                self._run(
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                )
            except PostgresUnavailable as exc:
                last_error = exc
                continue
            self._running = True
            return
        assert last_error is not None
        raise last_error

    def stop(self) -> None:
        try:
            if self._running:
                self._run(
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                )
                self._running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # databases -------------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self, prefix: str = "test") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
