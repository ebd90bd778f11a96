"""espeak-ng in a process of its own, restarted when it dies.

libespeak-ng is C: a crash in it (a segmentation fault, an abort) kills the process it runs
in, and a hang holds the thread that called it forever. Run in the server, either took every
screen, call and ticket down with the hall's voice. So the engine lives in a child process
(`python -m voices.speech_child`), and the server holds `SpeechProcess`, an `Engine` whose
every run is one request to that child: a dead child is reported as SpeechUnavailable and
started again for the next render; one that does not answer in time is killed.

The protocol is one JSON line each way on the child's stdin and on a copy of its stdout
(the child's own fd 1 goes to stderr, so whatever the C library prints cannot garble it).
Once started, the child says whether its engine loaded:
    ← {"ready": true}            or  {"failed": "why"} (and it exits)
then for each render:
    → {"settings": [["voice", "kk"], ["rate", 150], ...], "text": "...", "file": "/…/x.wav"}
    ← {"errors": ["..."]}        (engine errors pyttsx3 reported; empty when it went well)
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

from voices.synth import SpeechUnavailable

# The child's side, run as a module of its own (the package does not import it).
CHILD_COMMAND: tuple[str, ...] = (sys.executable, "-m", "voices.speech_child")


class SpeechProcess:
    """The `Engine` of the server's speech worker, rendering in a child process.

    `timeout` bounds one run; `start_timeout` a run that must first start the child and load
    the engine. Used from one thread (the speech worker's) at a time."""

    def __init__(
        self,
        *,
        timeout: float = 5.0,
        start_timeout: float = 15.0,
        retry_after: float = 30.0,
        command: tuple[str, ...] | None = None,
    ) -> None:
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.retry_after = retry_after  # an engine that failed to load is not retried sooner
        self.command = command or CHILD_COMMAND
        self._failed_start: tuple[float, str] | None = None
        self._settings: dict[str, object] = {}
        self._pending: tuple[str, str] | None = None
        self._error_handlers: list[Callable[..., object]] = []
        self._child: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.pid if child is not None and child.poll() is None else None

    def setProperty(self, name: str, value: object) -> None:  # noqa: N802
        self._settings[name] = value

    def save_to_file(self, text: str, filename: str) -> None:
        self._pending = (text, filename)

    def connect(self, topic: str, cb: Callable[..., object]) -> object:
        if topic == "error":
            self._error_handlers.append(cb)
        return cb

    def runAndWait(self) -> None:  # noqa: N802
        if self._pending is None:
            return
        text, filename = self._pending
        self._pending = None
        request = {"settings": list(self._settings.items()), "text": text, "file": filename}
        with self._lock:
            child = self._child
            if child is None or not _idle(child):
                if child is not None:
                    _kill(child)  # it ended since the last run (reaped here)
                child = self._start()  # the first run, or the one after a crash
            assert child.stdin is not None
            assert child.stdout is not None
            try:
                child.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
                child.stdin.flush()
            except OSError as exc:
                raise SpeechUnavailable(self._ended(child, "took no request")) from exc
            line = _read_line(child.stdout, self.timeout)
            if line is None:  # it hangs: it is killed, and the next run starts another
                _kill(child)
                raise SpeechUnavailable(
                    f"speech process did not answer within {self.timeout:g} s: restarted"
                )
            if not line:
                raise SpeechUnavailable(self._ended(child, "ended while speaking"))
        for error in json.loads(line).get("errors", []):
            for handler in self._error_handlers:
                handler(exception=RuntimeError(error))

    def close(self) -> None:
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            _kill(child)

    def _start(self) -> subprocess.Popen[bytes]:
        failed = self._failed_start
        if failed is not None and time.monotonic() - failed[0] < self.retry_after:
            raise SpeechUnavailable(failed[1])
        try:
            # Our own interpreter and module: nothing untrusted reaches this command.
            child = subprocess.Popen(  # noqa: S603
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
            )
        except OSError as exc:
            raise SpeechUnavailable(f"speech process cannot start: {exc}") from exc
        assert child.stdout is not None
        line = _read_line(child.stdout, self.start_timeout)
        answer = json.loads(line) if line else {}
        if not answer.get("ready"):
            _kill(child)
            why = answer.get("failed") or f"no answer within {self.start_timeout:g} s"
            message = f"speech engine cannot start: {why}"
            self._failed_start = (time.monotonic(), message)
            raise SpeechUnavailable(message)
        self._child, self._failed_start = child, None
        return child

    def _ended(self, child: subprocess.Popen[bytes], what: str) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(1.0)
        code = child.returncode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"speech process {what} ({how}): it is started again for the next call"


def _idle(child: subprocess.Popen[bytes]) -> bool:
    """Alive and waiting for a request. A child says nothing unasked, so anything to read
    from it now is the end of its output: it died (its exit may not be reaped yet)."""
    assert child.stdout is not None
    if child.poll() is not None:
        return False
    return not select.select([child.stdout.fileno()], [], [], 0)[0]


def _read_line(stream: IO[bytes], timeout: float) -> bytes | None:
    """One line from the child within `timeout`; b"" when it ended, None when it is silent."""
    deadline = time.monotonic() + timeout
    data = b""
    fd = stream.fileno()
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b""
        data += chunk
    return data


def _kill(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        child.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(2.0)
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
