"""Connections to a device (TCP, file, USB, serial), each driven with a deadline that every
write and read of one job shares: nothing here blocks forever."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import select
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from printer._escpos import DeviceNotFoundError, Network, Serial, Usb
from printer.errors import PrinterOfflineError, PrinterTimeoutError


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0


class Link(Protocol):
    """One open connection to a device."""

    can_read: bool

    def write(self, data: bytes, deadline: Deadline) -> None: ...

    def read(self, deadline: Deadline) -> bytes:
        """Whatever arrived before the deadline (b"" if nothing)."""
        ...

    def close(self) -> None: ...


class TcpLink:
    """A socket opened by python-escpos's Network printer, driven with per-call deadlines."""

    can_read = True

    def __init__(self, host: str, port: int, deadline: Deadline) -> None:
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

    def write(self, data: bytes, deadline: Deadline) -> None:
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

    def read(self, deadline: Deadline) -> bytes:
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


def _resolve(host: str, deadline: Deadline) -> str:
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


class FileLink:
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

    def write(self, data: bytes, deadline: Deadline) -> None:
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

    def read(self, deadline: Deadline) -> bytes:
        return b""

    def close(self) -> None:
        os.close(self._fd)


class UsbLink:
    can_read = True

    def __init__(self, vid: int, pid: int, in_ep: int, out_ep: int, deadline: Deadline) -> None:
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

    def write(self, data: bytes, deadline: Deadline) -> None:
        if deadline.expired():
            raise PrinterTimeoutError(f"{self._where}: out of time before sending")
        try:
            self._device.write(self._out_ep, data, _ms(deadline))
        except OSError as exc:  # usb.core.USBError and USBTimeoutError are OSErrors
            if _is_usb_timeout(exc):
                raise PrinterTimeoutError(f"{self._where} stopped taking data") from exc
            raise PrinterOfflineError(f"{self._where}: {exc}") from exc

    def read(self, deadline: Deadline) -> bytes:
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


def _ms(deadline: Deadline) -> int:
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


class SerialLink:
    can_read = True

    def __init__(self, device: str, settings: SerialSettings, deadline: Deadline) -> None:
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

    def write(self, data: bytes, deadline: Deadline) -> None:
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

    def read(self, deadline: Deadline) -> bytes:
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
