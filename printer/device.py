"""Receipt printers behind one small interface, opened from a URL.

    tcp://host[:port]                 network printer, raw port 9100 by default
    usb://VID:PID                     e.g. usb://04b8:0e15 (hex), needs pyusb + libusb-1.0
    serial:///dev/ttyUSB0?baudrate=19200
    file:///dev/usb/lp0               or any file: jobs are appended
    fake://                           an in-memory FakePrinter (development, tests)

Query parameters for every scheme (unknown ones are an error, to catch typos):

    timeout=5        seconds one job (or one status query) may take, all I/O included
    status=1         ask the printer for its status before each job (0: never ask)
    confirm=1        with status=1, wait for the printer to confirm the job (GS r 1); 0 for
                     a printer that answers DLE EOT but not GS r
    cut=full|partial

USB: ``in_ep=0x82&out_ep=0x01``. Serial: ``baudrate=9600&bytesize=8&parity=N&stopbits=1
&xonxoff=0&dsrdtr=0``.

Each job opens the device and, with ``status=1``, asks DLE EOT 1/4 (2): a printer that
does not answer (hung), is out of paper or has its cover open is refused before a byte of
the job is sent — safe to retry. It then sends ESC @ + the GS v 0 raster + cut + GS r 1,
and waits for the GS r answer, which comes only once the job has been processed: that is
the delivery confirmation (meanwhile, every 0.25 s, a DLE EOT probe catches paper running
out mid-job). Then it closes. Every step shares one ``timeout`` budget: nothing here blocks
forever. Failures raise a :class:`PrinterError` subclass whose ``may_have_printed`` tells a
spooler whether a retry could print the ticket twice (False: nothing of the job was sent).

What printers report (``status=1``): ESC/POS printers on USB, serial and TCP 9100 (Epson TM
and the common clones) answer the real-time requests DLE EOT 1/2/4 on the same connection:
online/offline, cover open, paper near-end and paper end. Near-end needs the optional
near-end sensor: a printer without one always reports "adequate" until the paper is out.
Some network interfaces (cheap Wi-Fi/Ethernet boxes, print servers) are write-only: they
never answer, so ``status=1`` would report them as hung — give them ``status=0``. Then only
"unreachable" and a send that stalls (printer buffer full) are detected, and a paper-out
printer silently buffers the job. ``file://`` never reports a status.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Final, Protocol, runtime_checkable
from urllib.parse import parse_qs, unquote, urlsplit

from PIL import Image

from printer._escpos import DeviceNotFoundError, Network, Serial, Usb
from printer.escpos_job import (
    GS_PAPER_STATUS,
    RT_OFFLINE_CAUSE,
    RT_PAPER,
    RT_PRINTER,
    CutMode,
    build_job,
)

DEFAULT_TIMEOUT: Final = 5.0
DEFAULT_TCP_PORT: Final = 9100
POLL_INTERVAL: Final = 0.25
"""While waiting for a job's confirmation, how often to ask whether the printer stopped."""


# --------------------------------------------------------------------------- errors


class PrinterError(Exception):
    """A print job failed. `kind` is a stable code for logs and the staff screen."""

    kind: ClassVar[str] = "error"

    def __init__(self, message: str, *, may_have_printed: bool = False) -> None:
        super().__init__(message)
        self.may_have_printed = may_have_printed
        """True when some of the job may have reached the paper: a retry may print twice."""


class PrinterOfflineError(PrinterError):
    """Unreachable: connection refused, host down, device unplugged or missing."""

    kind = "offline"


class PrinterTimeoutError(PrinterError):
    """The printer took the connection but did not answer or accept data in time (hung)."""

    kind = "timeout"


class PaperOutError(PrinterError):
    """The printer reports that its paper has run out."""

    kind = "paper_out"


class PrinterNotReadyError(PrinterError):
    """The printer answers but cannot print: cover open, cutter jammed or another error."""

    kind = "not_ready"


class PrinterUrlError(ValueError):
    """A printer URL that cannot be understood."""


# --------------------------------------------------------------------------- status


class PaperLevel(StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer said about itself; fields are None when it was not asked or silent."""

    reachable: bool
    """The device could be opened / connected to."""
    responded: bool
    """It answered a status request (False for write-only devices and hung printers)."""
    paper: PaperLevel = PaperLevel.UNKNOWN
    online: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""

    @property
    def ready(self) -> bool:
        """Nothing known prevents printing (an unknown status counts as ready)."""
        return (
            self.reachable
            and self.paper is not PaperLevel.OUT
            and self.online is not False
            and not self.cover_open
            and not self.error
        )


def _is_realtime_reply(byte: int) -> bool:
    """DLE EOT n answers have bits 1 and 4 set and bits 0 and 7 clear."""
    return byte & 0x93 == 0x12


def _is_gs_r_reply(byte: int) -> bool:
    """GS r 1 answers have bits 4 and 7 clear — never mistaken for a DLE EOT answer."""
    return byte & 0x90 == 0


def paper_from_rt(byte: int) -> PaperLevel:
    """DLE EOT 4: bits 5-6 paper end, bits 2-3 paper near-end."""
    if byte & 0x60:
        return PaperLevel.OUT
    if byte & 0x0C:
        return PaperLevel.LOW
    return PaperLevel.OK


def paper_from_gs_r(byte: int) -> PaperLevel:
    """GS r 1: bits 2-3 paper end, bits 0-1 paper near-end."""
    if byte & 0x0C:
        return PaperLevel.OUT
    if byte & 0x03:
        return PaperLevel.LOW
    return PaperLevel.OK


# --------------------------------------------------------------------------- protocol


@runtime_checkable
class Printer(Protocol):
    """What the kiosk and the reception desk print tickets on."""

    @property
    def width_dots(self) -> int:
        """The paper's printable width: 384 (58 mm) or 576 (80 mm)."""
        ...

    def print_ticket(self, image: Image.Image) -> None:
        """Print `image` (at most `width_dots` wide) and cut; raise PrinterError on failure."""
        ...

    def status(self) -> PrinterStatus:
        """Ask the printer how it is. Never raises for printer faults: they are the answer."""
        ...


# --------------------------------------------------------------------------- links


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0


class _Link(Protocol):
    """One open connection to a device."""

    can_read: bool

    def write(self, data: bytes, deadline: _Deadline) -> None: ...

    def read(self, deadline: _Deadline) -> bytes:
        """Whatever arrived before the deadline (b"" if nothing)."""
        ...

    def close(self) -> None: ...


class _TcpLink:
    """A socket opened by python-escpos's Network printer, driven with per-call deadlines."""

    can_read = True

    def __init__(self, host: str, port: int, deadline: _Deadline) -> None:
        self._where = f"{host}:{port}"
        address = _resolve(host, deadline)
        self._network = Network(host=address, port=port, timeout=max(0.01, deadline.left()))
        try:
            self._network.open()
        except DeviceNotFoundError as exc:
            cause = exc.__context__
            reason = "did not answer" if isinstance(cause, TimeoutError) else "is unreachable"
            raise PrinterOfflineError(f"printer {self._where} {reason}: {cause or exc}") from exc
        sock = self._network.device
        assert isinstance(sock, socket.socket)
        # A small send buffer: when the printer stops taking data, sendall() stalls and
        # times out instead of parking the whole job in the kernel and reporting success.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock

    def write(self, data: bytes, deadline: _Deadline) -> None:
        if deadline.expired():
            raise PrinterTimeoutError(f"printer {self._where}: out of time before sending")
        self._sock.settimeout(deadline.left())
        try:
            self._sock.sendall(data)
        except TimeoutError as exc:
            raise PrinterTimeoutError(f"printer {self._where} stopped taking data") from exc
        except OSError as exc:
            raise PrinterOfflineError(
                f"printer {self._where} dropped the connection: {exc}"
            ) from exc

    def read(self, deadline: _Deadline) -> bytes:
        if deadline.expired():
            return b""
        self._sock.settimeout(deadline.left())
        try:
            data = self._sock.recv(64)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterOfflineError(
                f"printer {self._where} dropped the connection: {exc}"
            ) from exc
        if not data:
            raise PrinterOfflineError(f"printer {self._where} closed the connection")
        return data

    def close(self) -> None:
        sock = self._sock
        with contextlib.suppress(OSError):
            sock.setblocking(False)
            # Unread bytes at close() make Linux reset the connection, which can throw away
            # the tail of the job: drain them, then end our side with FIN after the data.
            with contextlib.suppress(BlockingIOError):
                while sock.recv(4096):
                    pass
            sock.shutdown(socket.SHUT_WR)
        sock.close()
        self._network.device = False


def _resolve(host: str, deadline: _Deadline) -> str:
    """The IPv4 address of `host`, looked up within the deadline.

    The system resolver has no timeout of its own that we control (a dead DNS server can
    stall it for many seconds), so it runs in a daemon thread that we stop waiting for.
    """
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return host
    found: list[str] = []
    failure: list[OSError] = []

    def look_up() -> None:
        try:
            infos = socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)
            found.append(str(infos[0][4][0]))
        except OSError as exc:
            failure.append(exc)

    thread = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline.left()))
    if found:
        return found[0]
    if failure:
        raise PrinterOfflineError(f"printer {host}: name not found: {failure[0]}")
    raise PrinterOfflineError(f"printer {host}: name lookup took too long")


class _FileLink:
    """A file or character device (e.g. /dev/usb/lp0), written without ever blocking."""

    can_read = False

    def __init__(self, path: Path) -> None:
        self._path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        # Never create files under /dev: a missing printer device must not turn into a
        # regular file that silently swallows tickets.
        if not str(path).startswith("/dev/"):
            flags |= os.O_CREAT
        try:
            self._fd = os.open(path, flags, 0o644)
        except OSError as exc:
            raise PrinterOfflineError(f"cannot open {path}: {exc.strerror or exc}") from exc

    def write(self, data: bytes, deadline: _Deadline) -> None:
        view = memoryview(data)
        while view:
            left = deadline.left()
            if left <= 0:
                raise PrinterTimeoutError(f"{self._path} stopped taking data")
            _, writable, _ = select.select([], [self._fd], [], left)
            if not writable:
                continue
            try:
                written = os.write(self._fd, view)
            except BlockingIOError:
                continue
            except OSError as exc:
                raise PrinterOfflineError(
                    f"cannot write to {self._path}: {exc.strerror or exc}"
                ) from exc
            view = view[written:]

    def read(self, deadline: _Deadline) -> bytes:
        return b""

    def close(self) -> None:
        os.close(self._fd)


class _UsbLink:
    can_read = True

    def __init__(self, vid: int, pid: int, in_ep: int, out_ep: int, deadline: _Deadline) -> None:
        self._where = f"USB {vid:04x}:{pid:04x}"
        self._in_ep = in_ep
        self._out_ep = out_ep
        try:
            self._usb = Usb(
                idVendor=vid,
                idProduct=pid,
                timeout=_ms(deadline),
                in_ep=in_ep,
                out_ep=out_ep,
            )
            self._usb.open()
        except DeviceNotFoundError as exc:
            raise PrinterOfflineError(f"{self._where} not found: {exc}") from exc
        except RuntimeError as exc:  # python-escpos: pyusb is not installed
            raise PrinterOfflineError(f"{self._where}: {exc}") from exc
        except ValueError as exc:  # pyusb's NoBackendError: no libusb-1.0 on this machine
            raise PrinterOfflineError(f"{self._where}: {exc} (is libusb-1.0 installed?)") from exc
        self._device: Any = self._usb.device

    def write(self, data: bytes, deadline: _Deadline) -> None:
        if deadline.expired():
            raise PrinterTimeoutError(f"{self._where}: out of time before sending")
        try:
            self._device.write(self._out_ep, data, _ms(deadline))
        except OSError as exc:  # usb.core.USBError and USBTimeoutError are OSErrors
            if _is_usb_timeout(exc):
                raise PrinterTimeoutError(f"{self._where} stopped taking data") from exc
            raise PrinterOfflineError(f"{self._where}: {exc}") from exc

    def read(self, deadline: _Deadline) -> bytes:
        if deadline.expired():
            return b""
        try:
            return bytes(self._device.read(self._in_ep, 64, _ms(deadline)))
        except OSError as exc:
            if _is_usb_timeout(exc):
                return b""
            raise PrinterOfflineError(f"{self._where}: {exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._usb.close()


def _ms(deadline: _Deadline) -> int:
    return max(1, int(deadline.left() * 1000))


def _is_usb_timeout(exc: OSError) -> bool:
    return type(exc).__name__ == "USBTimeoutError" or exc.errno == errno.ETIMEDOUT


@dataclass(frozen=True, slots=True)
class SerialSettings:
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1
    xonxoff: bool = False
    dsrdtr: bool = False


class _SerialLink:
    can_read = True

    def __init__(self, device: str, settings: SerialSettings, deadline: _Deadline) -> None:
        self._where = device
        try:
            self._serial = Serial(
                devfile=device,
                baudrate=settings.baudrate,
                bytesize=settings.bytesize,
                parity=settings.parity,
                stopbits=settings.stopbits,
                xonxoff=settings.xonxoff,
                dsrdtr=settings.dsrdtr,
                timeout=max(0.01, deadline.left()),
            )
            self._serial.open()
        except DeviceNotFoundError as exc:
            raise PrinterOfflineError(f"serial printer {device}: {exc}") from exc
        except RuntimeError as exc:  # python-escpos: pyserial is not installed
            raise PrinterOfflineError(f"serial printer {device}: {exc}") from exc
        self._port: Any = self._serial.device

    def write(self, data: bytes, deadline: _Deadline) -> None:
        if deadline.expired():
            raise PrinterTimeoutError(f"serial printer {self._where}: out of time before sending")
        # python-escpos sets only the read timeout; without a write timeout a printer holding
        # DSR/CTS low (off, busy, paper out) would block write() forever.
        self._port.write_timeout = deadline.left()
        try:
            written = self._port.write(data)
        except OSError as exc:  # serial.SerialException is an OSError
            if type(exc).__name__ == "SerialTimeoutException":
                raise PrinterTimeoutError(
                    f"serial printer {self._where} stopped taking data"
                ) from exc
            raise PrinterOfflineError(f"serial printer {self._where}: {exc}") from exc
        if written is not None and written < len(data):
            raise PrinterTimeoutError(f"serial printer {self._where} stopped taking data")
        # Wait, within the deadline, for the bytes to leave the port.
        while self._port.out_waiting:
            if deadline.expired():
                raise PrinterTimeoutError(f"serial printer {self._where} stopped taking data")
            time.sleep(0.005)

    def read(self, deadline: _Deadline) -> bytes:
        if deadline.expired():
            return b""
        self._port.timeout = deadline.left()
        try:
            return bytes(self._port.read(1) or b"")
        except OSError as exc:
            raise PrinterOfflineError(f"serial printer {self._where}: {exc}") from exc

    def close(self) -> None:
        # python-escpos's close() flushes first, which waits without limit for a printer
        # that holds the line; drop what is unsent instead (only after a failure can any be).
        with contextlib.suppress(Exception):
            self._port.reset_output_buffer()
        with contextlib.suppress(Exception):
            self._port.close()
        self._serial.device = False


# --------------------------------------------------------------------------- printers


@dataclass(frozen=True, slots=True)
class PrinterOptions:
    width_dots: int
    timeout: float = DEFAULT_TIMEOUT
    query_status: bool = True
    confirm: bool = True
    cut: CutMode = "full"


class EscposPrinter:
    """A real printer: one connection per job, every step within `options.timeout`."""

    def __init__(
        self,
        description: str,
        opener: Callable[[_Deadline], _Link],
        options: PrinterOptions,
    ) -> None:
        self.description = description
        self.options = options
        self._open = opener
        self._lock = threading.Lock()
        self.last_status: PrinterStatus | None = None
        """What the printer reported around the last job (paper low shows here)."""

    @property
    def width_dots(self) -> int:
        return self.options.width_dots

    def __repr__(self) -> str:
        return f"EscposPrinter({self.description!r}, width_dots={self.width_dots})"

    def print_ticket(self, image: Image.Image) -> None:
        job = build_job(image, self.width_dots, cut=self.options.cut)
        with self._lock:
            deadline = _Deadline(self.options.timeout)
            link = self._open(deadline)
            ask = self.options.query_status and link.can_read
            replies = _Replies(link)
            sending = False
            try:
                if ask:
                    before = _realtime_status(replies, deadline)
                    self.last_status = before
                    _refuse_unless_ready(before, self.description)
                confirm = ask and self.options.confirm
                sending = True
                link.write(job + GS_PAPER_STATUS if confirm else job, deadline)
                if confirm:
                    paper = _await_confirmation(replies, deadline, self.description)
                    self.last_status = replace(before, paper=paper)
            except PrinterError as error:
                # Once any of the job may have left, a retry could print the ticket twice.
                error.may_have_printed = error.may_have_printed or sending
                raise
            finally:
                link.close()

    def status(self) -> PrinterStatus:
        with self._lock:
            deadline = _Deadline(self.options.timeout)
            try:
                link = self._open(deadline)
            except PrinterError as error:
                return PrinterStatus(reachable=False, responded=False, detail=str(error))
            try:
                if not (self.options.query_status and link.can_read):
                    return PrinterStatus(
                        reachable=True, responded=False, detail="status not available"
                    )
                try:
                    result = _realtime_status(_Replies(link), deadline)
                except PrinterError as error:
                    return PrinterStatus(reachable=True, responded=False, detail=str(error))
                self.last_status = result
                return result
            finally:
                link.close()


class _Replies:
    """Bytes the printer sent back, taken by kind; bytes of another kind wait their turn.

    Two kinds: answers to DLE EOT n (bits 1 and 4 set) and the answer to GS r 1 (bit 4
    clear), so a status probe sent while waiting for GS r never swallows its answer.
    """

    def __init__(self, link: _Link) -> None:
        self._link = link
        self._waiting = bytearray()

    def take(self, count: int, accept: Callable[[int], bool], deadline: _Deadline) -> list[int]:
        """Up to `count` bytes that `accept` recognises, arriving before the deadline."""
        taken: list[int] = []
        kept = bytearray()
        for byte in self._waiting:
            (taken if accept(byte) and len(taken) < count else kept).append(byte)
        self._waiting = kept
        while len(taken) < count and not deadline.expired():
            for byte in self._link.read(deadline):
                if accept(byte) and len(taken) < count:
                    taken.append(byte)
                else:
                    self._waiting.append(byte)
        return taken

    def drop(self, accept: Callable[[int], bool]) -> None:
        """Forget waiting bytes of one kind (stale answers)."""
        self._waiting = bytearray(byte for byte in self._waiting if not accept(byte))

    def send(self, data: bytes, deadline: _Deadline) -> None:
        self._link.write(data, deadline)


def _realtime_status(replies: _Replies, deadline: _Deadline) -> PrinterStatus:
    """DLE EOT 1 and 4 (and 2 when offline). Raises PrinterTimeoutError when nothing answers."""
    replies.drop(_is_realtime_reply)
    replies.send(RT_PRINTER + RT_PAPER, deadline)
    answers = replies.take(2, _is_realtime_reply, deadline)
    if len(answers) < 2:
        raise PrinterTimeoutError(
            "the printer accepted the connection but did not answer a status request "
            "(hung, or a write-only device: then use status=0 in its URL)"
        )
    printer_byte, paper_byte = answers
    online = not printer_byte & 0x08
    status = PrinterStatus(
        reachable=True, responded=True, paper=paper_from_rt(paper_byte), online=online
    )
    if online:
        return replace(status, cover_open=False, error=False)
    replies.send(RT_OFFLINE_CAUSE, deadline)
    cause = replies.take(1, _is_realtime_reply, deadline)
    if not cause:
        return replace(status, detail="offline, cause unknown")
    byte = cause[0]
    return replace(
        status,
        cover_open=bool(byte & 0x04),
        error=bool(byte & 0x40),
        paper=PaperLevel.OUT if byte & 0x20 else status.paper,
        detail="offline",
    )


def _refuse_unless_ready(status: PrinterStatus, where: str) -> None:
    if status.paper is PaperLevel.OUT:
        raise PaperOutError(f"{where}: out of paper")
    if status.cover_open:
        raise PrinterNotReadyError(f"{where}: cover open")
    if status.error:
        raise PrinterNotReadyError(f"{where}: printer error")
    if status.online is False:
        raise PrinterNotReadyError(f"{where}: offline")


def _await_confirmation(replies: _Replies, deadline: _Deadline, where: str) -> PaperLevel:
    """Wait for the GS r 1 answer, which comes once the job has been processed.

    Every POLL_INTERVAL without it, ask the real-time status (answered even while the printer
    is stopped): one that stopped mid-job (paper ran out, cover opened) is reported at once
    rather than at the deadline.
    """
    while True:
        poll = _Deadline(min(POLL_INTERVAL, max(0.0, deadline.left())))
        answer = replies.take(1, _is_gs_r_reply, poll)
        if answer:
            return paper_from_gs_r(answer[0])
        if deadline.expired():
            raise PrinterTimeoutError(
                f"{where}: the job was sent but the printer did not confirm printing it",
                may_have_printed=True,
            )
        probe = _Deadline(min(POLL_INTERVAL, max(0.0, deadline.left())))
        try:
            status = _realtime_status(replies, probe)
        except PrinterTimeoutError:
            continue  # busy or hung: keep waiting for GS r until the deadline
        if status.paper is PaperLevel.OUT or status.cover_open or status.error:
            try:
                _refuse_unless_ready(status, f"{where}: during the job")
            except PrinterError as error:
                error.may_have_printed = True
                raise


# --------------------------------------------------------------------------- fake


@dataclass
class FakePrinter:
    """An in-memory printer for tests of code around printing.

    `jobs` holds copies of the printed images. Make it fail with `fail_with` (every job
    raises it until set back to None) or `fail_next` (the next jobs raise these, in order).
    """

    width_dots: int = 576
    paper: PaperLevel = PaperLevel.OK
    fail_with: PrinterError | None = None
    fail_next: list[PrinterError] = field(default_factory=list)
    jobs: list[Image.Image] = field(default_factory=list)
    attempts: int = 0
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def print_ticket(self, image: Image.Image) -> None:
        with self._lock:
            self.attempts += 1
            if self.fail_next:
                raise self.fail_next.pop(0)
            if self.fail_with is not None:
                raise self.fail_with
            if self.paper is PaperLevel.OUT:
                raise PaperOutError("fake printer: out of paper")
            if image.width > self.width_dots:
                raise ValueError(f"image is {image.width} dots wide, paper {self.width_dots}")
            self.jobs.append(image.copy())

    def status(self) -> PrinterStatus:
        with self._lock:
            failure = self.fail_with
        if isinstance(failure, PrinterOfflineError):
            return PrinterStatus(reachable=False, responded=False, detail=str(failure))
        if isinstance(failure, PrinterTimeoutError):
            return PrinterStatus(reachable=True, responded=False, detail=str(failure))
        return PrinterStatus(
            reachable=True,
            responded=True,
            paper=self.paper,
            online=self.paper is not PaperLevel.OUT,
            cover_open=isinstance(failure, PrinterNotReadyError),
            error=False,
        )


# --------------------------------------------------------------------------- URLs

_COMMON_PARAMS: Final = frozenset({"timeout", "status", "confirm", "cut"})
_SCHEME_PARAMS: Final[dict[str, frozenset[str]]] = {
    "tcp": frozenset(),
    "file": frozenset(),
    "fake": frozenset(),
    "usb": frozenset({"in_ep", "out_ep"}),
    "serial": frozenset({"baudrate", "bytesize", "parity", "stopbits", "xonxoff", "dsrdtr"}),
}


def _params(url: str, query: str, scheme: str) -> dict[str, str]:
    parsed = parse_qs(query, keep_blank_values=True, strict_parsing=False)
    params: dict[str, str] = {}
    for key, values in parsed.items():
        if key not in _COMMON_PARAMS | _SCHEME_PARAMS[scheme]:
            raise PrinterUrlError(f"unknown parameter {key!r} in printer URL {url!r}")
        params[key] = values[-1]
    return params


def _flag(params: dict[str, str], key: str, default: bool) -> bool:
    value = params.get(key)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise PrinterUrlError(f"{key}={value!r}: expected 1 or 0")


def _number(params: dict[str, str], key: str, default: int, *, base: int = 10) -> int:
    value = params.get(key)
    if value is None:
        return default
    try:
        return int(value, 0 if base == 0 else base)
    except ValueError as exc:
        raise PrinterUrlError(f"{key}={value!r}: expected a number") from exc


def _options(params: dict[str, str], width_dots: int, timeout: float | None) -> PrinterOptions:
    try:
        seconds = float(params["timeout"]) if "timeout" in params else timeout
    except ValueError as exc:
        raise PrinterUrlError(f"timeout={params['timeout']!r}: expected seconds") from exc
    seconds = DEFAULT_TIMEOUT if seconds is None else seconds
    if not 0 < seconds <= 120:
        raise PrinterUrlError(f"timeout must be in (0, 120] seconds, got {seconds}")
    cut = params.get("cut", "full")
    if cut not in ("full", "partial"):
        raise PrinterUrlError(f"cut={cut!r}: expected full or partial")
    return PrinterOptions(
        width_dots=width_dots,
        timeout=seconds,
        query_status=_flag(params, "status", True),
        confirm=_flag(params, "confirm", True),
        cut="full" if cut == "full" else "partial",
    )


def open_printer(url: str, width_dots: int, *, timeout: float | None = None) -> Printer:
    """The printer at `url` (see the module's doc) for paper `width_dots` wide.

    Opens nothing yet: each job connects anew, so a printer that is off now can print later.
    `timeout` is the default when the URL has no ``timeout=``.
    """
    if width_dots <= 0 or width_dots % 8:
        raise PrinterUrlError(f"width_dots must be a positive multiple of 8, got {width_dots}")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEME_PARAMS:
        raise PrinterUrlError(
            f"printer URL {url!r}: scheme must be one of {sorted(_SCHEME_PARAMS)}"
        )
    params = _params(url, parts.query, scheme)
    options = _options(params, width_dots, timeout)

    if scheme == "fake":
        return FakePrinter(width_dots=width_dots)

    if scheme == "tcp":
        host = parts.hostname
        if not host:
            raise PrinterUrlError(f"printer URL {url!r}: no host")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError as exc:
            raise PrinterUrlError(f"printer URL {url!r}: bad port") from exc
        return EscposPrinter(
            f"tcp://{host}:{port}", lambda deadline: _TcpLink(host, port, deadline), options
        )

    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise PrinterUrlError(f"printer URL {url!r}: write file:///absolute/path")
        path = Path(unquote(parts.path))
        if not path.is_absolute() or path.name == "":
            raise PrinterUrlError(f"printer URL {url!r}: needs an absolute file path")
        # A file cannot answer status requests.
        return EscposPrinter(
            f"file://{path}", lambda deadline: _FileLink(path), replace(options, query_status=False)
        )

    if scheme == "usb":
        vid, pid = _usb_ids(url, parts.netloc)
        in_ep = _number(params, "in_ep", 0x82, base=0)
        out_ep = _number(params, "out_ep", 0x01, base=0)
        return EscposPrinter(
            f"usb://{vid:04x}:{pid:04x}",
            lambda deadline: _UsbLink(vid, pid, in_ep, out_ep, deadline),
            options,
        )

    # serial
    device = unquote(parts.path)
    if parts.netloc or not device.startswith("/"):
        raise PrinterUrlError(f"printer URL {url!r}: write serial:///dev/ttyUSB0")
    parity = params.get("parity", "N").upper()
    if parity not in {"N", "E", "O", "M", "S"}:
        raise PrinterUrlError(f"parity={parity!r}: expected N, E, O, M or S")
    settings = SerialSettings(
        baudrate=_number(params, "baudrate", 9600),
        bytesize=_number(params, "bytesize", 8),
        parity=parity,
        stopbits=_number(params, "stopbits", 1),
        xonxoff=_flag(params, "xonxoff", False),
        dsrdtr=_flag(params, "dsrdtr", False),
    )
    return EscposPrinter(
        f"serial://{device}", lambda deadline: _SerialLink(device, settings, deadline), options
    )


def _usb_ids(url: str, netloc: str) -> tuple[int, int]:
    vid_text, sep, pid_text = netloc.partition(":")
    try:
        if not sep:
            raise ValueError(netloc)
        vid, pid = int(vid_text, 16), int(pid_text, 16)
    except ValueError as exc:
        raise PrinterUrlError(f"printer URL {url!r}: write usb://VID:PID in hex") from exc
    if not (0 < vid <= 0xFFFF and 0 < pid <= 0xFFFF):
        raise PrinterUrlError(f"printer URL {url!r}: VID and PID are 4 hex digits")
    return vid, pid
