"""A network receipt printer on 127.0.0.1, for tests: records what it receives, answers status.

    with NetworkPrinterEmulator() as printer:          # listens on a free port
        open_printer(printer.url, 576).print_ticket(image)
        [job] = printer.wait_for_jobs(1)
        job.image, job.cut                             # decoded back from the bytes

It answers DLE EOT 1/2/3/4 and GS r 1 as an Epson-style printer does, from its `state`
(`paper`, `cover_open`, `behaviour`, `paper_runs_out_in_job`, `answers_gs_r`), which a test
may change at any time:

- ``Behaviour.OK``          reads everything and answers (GS r only while it could print);
- ``Behaviour.HANG``        accepts connections and never reads a byte (a hung printer);
- ``Behaviour.HANG_IN_JOB`` answers status requests, stops reading once a job begins;
- ``Behaviour.MUTE``        reads everything, never answers (a write-only interface).

The application's end-to-end tests (kiosk → spooler → printer) can use it as the printer
behind ``QABYLDAU_PRINTER_URL``: the default ``status=1`` needs a printer that answers.

``stop()`` closes the port (connection refused); ``start()`` opens the same port again.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType

from printer.status import PaperLevel
from printer.testing.decode import Job, jobs, scan


class Behaviour(StrEnum):
    OK = "ok"
    HANG = "hang"
    """Accepts connections, never reads a byte."""
    HANG_IN_JOB = "hang_in_job"
    """Answers status requests, then stops reading once a job (ESC @) begins."""
    MUTE = "mute"
    """Reads everything, never answers: a write-only interface."""


_TICK = 0.02


@dataclass
class PrinterState:
    """What the emulated printer is like now; tests change it at any time."""

    behaviour: Behaviour = Behaviour.OK
    paper: PaperLevel = PaperLevel.OK
    cover_open: bool = False
    paper_runs_out_in_job: bool = False
    """The paper ends as soon as the next job starts (it is then stuck half-printed)."""
    answers_gs_r: bool = True
    """False: a printer that knows DLE EOT but not GS r (never confirms a job)."""


class EmulatedPrinter:
    """The printer's side of one connection, whatever the wire: feed it bytes, get answers.

    Used by NetworkPrinterEmulator, and directly by tests of other links (e.g. a pty as a
    serial port).
    """

    def __init__(self, state: PrinterState | None = None) -> None:
        self.state = state or PrinterState()
        self.stream = bytearray()
        self._parsed = 0
        self.in_job = False

    def feed(self, data: bytes) -> bytes:
        """Take `data` as received; return what the printer sends back."""
        self.stream += data
        commands, self._parsed = scan(bytes(self.stream), self._parsed, strict=False)
        replies = bytearray()
        for command in commands:
            if command.name == "init":
                self.in_job = True
                if self.state.paper_runs_out_in_job:
                    self.state.paper = PaperLevel.OUT
            reply = self.answer(command.name, command.arg)
            if reply is not None and self.state.behaviour is not Behaviour.MUTE:
                replies.append(reply)
        return bytes(replies)

    def reading(self) -> bool:
        """Whether the printer takes bytes now (a hung one leaves them in the network)."""
        if self.state.behaviour is Behaviour.HANG:
            return False
        return not (self.state.behaviour is Behaviour.HANG_IN_JOB and self.in_job)

    def answer(self, name: str, n: int) -> int | None:
        """The status byte an Epson-style printer sends for DLE EOT n / GS r n, or None."""
        paper_out = self.state.paper is PaperLevel.OUT
        paper_low = self.state.paper is PaperLevel.LOW
        cover_open = self.state.cover_open
        stopped = paper_out or cover_open
        if name == "realtime_status":
            if n == 1:  # printer status: bit 3 offline
                return 0x12 | (0x08 if stopped else 0)
            if n == 2:  # offline cause: bit 2 cover open, bit 5 paper end
                return 0x12 | (0x04 if cover_open else 0) | (0x20 if paper_out else 0)
            if n == 3:  # error cause: none
                return 0x12
            if n == 4:  # roll paper sensor: bits 2-3 near end, bits 5-6 end
                return 0x12 | (0x0C if paper_low or paper_out else 0) | (0x60 if paper_out else 0)
            return None
        if name == "transmit_status" and n in (1, 49):
            if (
                stopped or not self.state.answers_gs_r
            ):  # a stopped printer does not get this far in its buffer
                return None
            return 0x03 if paper_low else 0x00
        return None


class NetworkPrinterEmulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, rcvbuf: int = 8192) -> None:
        self.host = host
        self.port = port
        self.rcvbuf = rcvbuf
        """Receive buffer, small like a real printer's, so a printer that stops reading
        stalls the sender instead of swallowing whole jobs into the kernel."""
        self.state = PrinterState()
        self._lock = threading.Lock()
        self._printers: list[EmulatedPrinter] = []
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []

    # ------------------------------------------------------------------ state

    @property
    def behaviour(self) -> Behaviour:
        return self.state.behaviour

    @behaviour.setter
    def behaviour(self, value: Behaviour) -> None:
        self.state.behaviour = value

    @property
    def paper(self) -> PaperLevel:
        return self.state.paper

    @paper.setter
    def paper(self, value: PaperLevel) -> None:
        self.state.paper = value

    @property
    def cover_open(self) -> bool:
        return self.state.cover_open

    @cover_open.setter
    def cover_open(self, value: bool) -> None:
        self.state.cover_open = value

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> NetworkPrinterEmulator:
        """Listen (again, on the same port once it has one)."""
        if self._listener is not None:
            return self
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
        listener.bind((self.host, self.port))
        listener.listen(8)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stopping.clear()
        thread = threading.Thread(target=self._accept_loop, args=(listener,), daemon=True)
        thread.start()
        self._threads = [thread]
        return self

    def stop(self) -> None:
        """Close the port and every open connection (the printer is switched off)."""
        self._stopping.set()
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = []

    def __enter__(self) -> NetworkPrinterEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ what arrived

    @property
    def connections(self) -> list[bytes]:
        """The bytes received on each connection so far, in order of connection."""
        with self._lock:
            return [bytes(printer.stream) for printer in self._printers]

    def received(self) -> bytes:
        return b"".join(self.connections)

    def jobs(self) -> list[Job]:
        """Every job received so far (ESC @ ... cut), decoded strictly; a job still arriving
        is there without its cut."""
        return [job for stream in self.connections for job in jobs(stream, complete=False)]

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[Job]:
        """The complete jobs (ending in a cut) once at least `count` have arrived."""
        end = time.monotonic() + timeout
        while True:
            found = [job for job in self.jobs() if job.cut is not None]
            if len(found) >= count or time.monotonic() > end:
                return found
            time.sleep(_TICK)

    def clear(self) -> None:
        with self._lock:
            self._printers.clear()

    # ------------------------------------------------------------------ internals

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                ready, _, _ = select.select([listener], [], [], _TICK)
                if not ready:
                    continue
                connection, _ = listener.accept()
            except (OSError, ValueError):  # closed by stop()
                return
            printer = EmulatedPrinter(self.state)
            with self._lock:
                self._printers.append(printer)
                self._connections.append(connection)
            thread = threading.Thread(target=self._serve, args=(connection, printer), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, connection: socket.socket, printer: EmulatedPrinter) -> None:
        with contextlib.suppress(OSError, ValueError):
            while not self._stopping.is_set():
                if not printer.reading():
                    time.sleep(_TICK)
                    continue
                ready, _, _ = select.select([connection], [], [], _TICK)
                if not ready:
                    continue
                data = connection.recv(4096)
                if not data:
                    break
                with self._lock:
                    replies = printer.feed(data)
                if replies:
                    connection.sendall(replies)
        with contextlib.suppress(OSError):
            connection.close()
