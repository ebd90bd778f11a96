"""The server's files are the service's alone: the database holds applicants' names, phones
and subjects, `demo-access.txt` the demo's passwords and pairing links. Files are created
readable by their owner only (umask 077) and the data folder is closed to other users."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_UMASK = 0o077
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".writer-lock")


def keep_private(data_dir: Path, database_url: str) -> None:
    """For the whole process (the server's workers inherit it): create files private, and
    close the data folder, its files and the SQLite files of an earlier, looser install."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    closing = [data_dir, *(entry for entry in data_dir.iterdir() if entry.is_file())]
    url = make_url(database_url)
    database = url.database or ""
    plain_file = database not in ("", ":memory:") and not database.startswith("file:")
    if url.get_backend_name() == "sqlite" and plain_file:
        # Wherever the file is: its own files only, never the rest of a folder not ours.
        closing += [Path(database + suffix) for suffix in SQLITE_SUFFIXES]
    for path in closing:
        _close(path)


def _close(path: Path) -> None:
    """Take group's and others' rights away, where the path exists and is ours."""
    with contextlib.suppress(OSError):
        info = path.stat()
        if info.st_uid == os.geteuid() and info.st_mode & 0o077:
            path.chmod(info.st_mode & 0o700)
